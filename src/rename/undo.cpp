// Undo, history and crash recovery, all by reconciling a journal against the disk: a step is
// done exactly when its source is gone and its target exists, so no per-file fsync is needed.
#include <sys/stat.h>

#include <algorithm>
#include <map>
#include <unordered_set>

#include <fmt/format.h>

#include "execution.hpp"

namespace gofer::rename {
namespace {

bool exists(const std::string& path) {
  struct stat info {};
  return ::lstat(path.c_str(), &info) == 0;
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
  bool ok = true;
  std::string error;
};

void record_failure(ItemSpan& span, const Error& error) {
  if (!span.ok) return;
  span.ok = false;
  span.error = error.message();
}

// Reverts one step if it was carried out. `strict` (the run completed): a step whose source
// exists again although it was not recorded as failed means someone took the name since.
void undo_step(const Step& step, bool strict, ItemSpan& span) {
  bool from_exists = exists(step.from);
  bool to_exists = exists(step.to);
  if (!from_exists && to_exists) {
    if (auto renamed = rename_no_replace(step.to, step.from); !renamed) {
      record_failure(span, renamed.error().with_subject(step.to));
    }
  } else if (!from_exists && !to_exists) {
    record_failure(span, Error(ErrorCategory::kNotFound, "renamed entry is gone").with_subject(step.to));
  } else if (strict && to_exists) {
    record_failure(span, Error(ErrorCategory::kAlreadyExists,
                               "the original name is taken again").with_subject(step.from));
  }
}

Result<Journal> pick_journal(const std::filesystem::path& state_dir, std::string_view id) {
  GOFER_TRY_ASSIGN(std::vector<Journal> journals, read_all_journals(state_dir));
  for (auto it = journals.rbegin(); it != journals.rend(); ++it) {
    if (id.empty() ? it->state != JournalState::kUndone : it->id == id) return std::move(*it);
  }
  if (id.empty()) return fail(ErrorCategory::kNotFound, "no rename run to undo");
  return fail(ErrorCategory::kInvalidArgument, fmt::format("no rename run with id '{}' (see --history)", id));
}

}  // namespace

Result<std::vector<RunInfo>> list_runs(const std::filesystem::path& state_dir) {
  GOFER_TRY_ASSIGN(std::vector<Journal> journals, read_all_journals(state_dir));
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
  bool strict = journal.state == JournalState::kDone;
  std::unordered_set<size_t> failed(journal.failed_steps.begin(), journal.failed_steps.end());
  std::map<size_t, ItemSpan> spans;
  for (const Step& step : journal.steps) {
    auto [it, inserted] = spans.try_emplace(step.item, ItemSpan{step.from, step.to});
    if (!inserted) it->second.current = step.to;
  }
  for (size_t i = journal.steps.size(); i-- > 0;) {
    if (failed.contains(i)) continue;
    undo_step(journal.steps[i], strict, spans[journal.steps[i].item]);
  }
  UndoReport report{journal.id, {}, 0, 0};
  for (auto& [item, span] : spans) {
    report.entries.push_back({span.current, span.original, span.ok, span.error});
    (span.ok ? report.restored : report.failed) += 1;
  }
  GOFER_TRY(append_journal_lines(journal.file, "undone\n"));
  return report;
}

Result<std::vector<std::string>> complete_interrupted_runs(const std::filesystem::path& state_dir,
                                                           std::string_view cwd) {
  GOFER_TRY_ASSIGN(std::vector<Journal> journals, read_all_journals(state_dir));
  std::vector<std::string> completed;
  for (const Journal& journal : journals) {
    // Only runs started from the same directory: re-running the interrupted command.
    if (journal.state != JournalState::kPending || journal.cwd != cwd) continue;
    std::string tail;
    for (size_t i = 0; i < journal.steps.size(); ++i) {
      const Step& step = journal.steps[i];
      if (!exists(step.from) || exists(step.to)) continue;  // done already, or cannot be done
      if (!rename_no_replace(step.from, step.to)) tail += fmt::format("failed {}\n", i);
    }
    GOFER_TRY(append_journal_lines(journal.file, tail + "done\n"));
    completed.push_back(journal.id);
  }
  return completed;
}

}  // namespace gofer::rename
