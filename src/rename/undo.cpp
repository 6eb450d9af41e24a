// Undo, history and crash recovery, all by reconciling a journal against the disk: a step is
// done exactly when its source is gone and its target exists, so no per-file fsync is needed.
#include <sys/stat.h>

#include <algorithm>
#include <map>

#include <fmt/format.h>

#include "execution.hpp"

namespace gofer::rename {
namespace {

// Where the entry a step moves is now: a path holds one inode at a time, so this is exact
// whatever order a crash interrupted the steps in.
enum class Location { kFrom, kTo, kElsewhere };

bool holds(const std::string& path, uint64_t inode) {
  struct stat info {};
  return ::lstat(path.c_str(), &info) == 0 && info.st_ino == inode;
}

Location locate(const Step& step) {
  if (holds(step.to, step.inode)) return Location::kTo;
  if (holds(step.from, step.inode)) return Location::kFrom;
  return Location::kElsewhere;
}

std::string_view state_name(JournalState state) {
  switch (state) {
    case JournalState::kPending: return "interrupted";
    case JournalState::kDone: return "applied";
    case JournalState::kUndone: return "undone";
  }
  return "unknown";
}

// Per item: the path it has now (last step's target) and the one it had (first step's source).
struct ItemSpan {
  std::string original;
  std::string current;
  uint64_t inode = 0;
  bool ok = true;
  std::string error;
};

void record_failure(ItemSpan& span, std::string error) {
  if (!span.ok) return;
  span.ok = false;
  span.error = std::move(error);
}

Result<Journal> pick_journal(const std::filesystem::path& state_dir, std::string_view id) {
  GOFER_TRY_ASSIGN(std::vector<Journal> journals,
                   read_all_journals(state_dir, JournalPart::kSummary));
  for (auto it = journals.rbegin(); it != journals.rend(); ++it) {
    if (id.empty() ? it->state != JournalState::kUndone : it->id == id) {
      return read_journal(it->file);
    }
  }
  if (id.empty()) return fail(ErrorCategory::kNotFound, "no rename run to undo");
  return fail(ErrorCategory::kInvalidArgument, fmt::format("no rename run with id '{}' (see --history)", id));
}

}  // namespace

Result<std::vector<RunInfo>> list_runs(const std::filesystem::path& state_dir) {
  GOFER_TRY_ASSIGN(std::vector<Journal> journals,
                   read_all_journals(state_dir, JournalPart::kSummary));
  std::vector<RunInfo> runs;
  for (const Journal& journal : journals) {
    runs.push_back({journal.id, journal.time, journal.cwd, journal.command_line,
                    journal.item_count, std::string(state_name(journal.state))});
  }
  return runs;
}

Result<UndoReport> undo_run(const std::filesystem::path& state_dir, std::string_view id) {
  GOFER_TRY_ASSIGN(Journal journal, pick_journal(state_dir, id));
  if (journal.state == JournalState::kUndone) {
    return fail(ErrorCategory::kInvalidArgument, fmt::format("run {} was already undone", journal.id));
  }
  std::map<size_t, ItemSpan> spans;
  for (const Step& step : journal.steps) {
    auto [it, inserted] = spans.try_emplace(step.item, ItemSpan{step.from, step.to, step.inode});
    if (!inserted) it->second.current = step.to;
  }
  // Reverse order frees each original name before it is needed again (chains, cycles).
  for (size_t i = journal.steps.size(); i-- > 0;) {
    const Step& step = journal.steps[i];
    if (locate(step) != Location::kTo) continue;  // never carried out (or failed)
    if (auto renamed = rename_no_replace(step.to, step.from); !renamed) {
      record_failure(spans[step.item], renamed.error().with_subject(step.to).message());
    }
  }
  for (auto& [item, span] : spans) {
    if (span.ok && !holds(span.original, span.inode)) {
      record_failure(span, "the entry is no longer where the journal left it "
                           "(moved or deleted since the run)");
    }
  }
  UndoReport report{journal.id, {}, 0, 0};
  for (auto& [item, span] : spans) {
    report.entries.push_back({span.current, span.original, span.ok, span.error});
    (span.ok ? report.restored : report.failed) += 1;
  }
  GOFER_TRY(append_journal_lines(journal.file, "undone\n"));
  return report;
}

Result<std::vector<CompletedRun>> complete_interrupted_runs(const std::filesystem::path& state_dir,
                                                            std::string_view cwd,
                                                            std::string_view command_line) {
  GOFER_TRY_ASSIGN(std::vector<Journal> summaries,
                   read_all_journals(state_dir, JournalPart::kSummary));
  std::vector<CompletedRun> completed;
  for (const Journal& summary : summaries) {
    bool same_run = summary.cwd == cwd && summary.command_line == command_line;
    if (summary.state != JournalState::kPending || !same_run) continue;
    GOFER_TRY_ASSIGN(Journal journal, read_journal(summary.file));
    CompletedRun run{journal.id, 0, 0};
    std::string tail;
    for (size_t i = 0; i < journal.steps.size(); ++i) {
      const Step& step = journal.steps[i];
      if (locate(step) != Location::kFrom) continue;  // done already
      if (rename_no_replace(step.from, step.to)) {
        ++run.renamed;
      } else {
        ++run.failed;
        tail += fmt::format("failed {}\n", i);
      }
    }
    GOFER_TRY(append_journal_lines(journal.file, tail + "done\n"));
    completed.push_back(std::move(run));
  }
  return completed;
}

}  // namespace gofer::rename
