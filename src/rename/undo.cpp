// Undo, history and crash recovery, all by reconciling a journal against the disk: a step is
// done exactly when its source is gone and its target exists, so no per-file fsync is needed.
#include <cerrno>
#include <unordered_map>

#include <fmt/format.h>

#include "execution.hpp"

namespace gofer::rename {
namespace {

// Where the entry a step moves is now: a name holds one inode at a time, so this is exact
// whatever order a crash interrupted the steps in.
enum class Location { kFrom, kTo, kElsewhere };

Location locate(DirectoryHandles& handles, const Move& move) {
  if (holds(handles, move.directory, move.to, move.inode)) return Location::kTo;
  if (holds(handles, move.directory, move.from, move.inode)) return Location::kFrom;
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

Result<Journal> pick_journal(const std::filesystem::path& state_dir, std::string_view id) {
  std::vector<Error> unreadable;
  GOFER_TRY_ASSIGN(std::vector<Journal> journals,
                   read_all_journals(state_dir, JournalPart::kSummary, &unreadable));
  // A damaged journal is skipped (it can never be read), but one that failed to open or read
  // (EMFILE, EIO, EACCES) may be the newest run: undoing an older one instead would be wrong.
  // Gone since the listing (ENOENT) or not a file (EISDIR) is as good as damaged.
  for (Error& error : unreadable) {
    if (error.code() && !error.is_errno(ENOENT) && !error.is_errno(EISDIR)) {
      return fail(std::move(error).with_context("cannot read journal"));
    }
  }
  for (auto it = journals.rbegin(); it != journals.rend(); ++it) {
    if (id.empty() ? it->state != JournalState::kUndone : it->id == id) {
      return read_journal(it->file);
    }
  }
  if (id.empty()) return fail(ErrorCategory::kNotFound, "no rename run to undo");
  return fail(ErrorCategory::kInvalidArgument,
              fmt::format("no rename run with id '{}' (see --history)", id));
}

}  // namespace

Result<std::vector<RunInfo>> list_runs(const std::filesystem::path& state_dir) {
  std::vector<Error> unreadable;
  GOFER_TRY_ASSIGN(std::vector<Journal> journals,
                   read_all_journals(state_dir, JournalPart::kSummary, &unreadable));
  std::vector<RunInfo> runs;
  for (const Journal& journal : journals) {
    runs.push_back({journal.id, journal.time, journal.cwd, journal.command_line, journal.item_count,
                    std::string(state_name(journal.state))});
  }
  // Listed, so that a skipped journal is not a silent one; its file name is the run id.
  for (const Error& error : unreadable) {
    std::filesystem::path file(error.subject());
    runs.push_back(
        {file.stem().string(), "-", file.parent_path().string(), error.message(), 0, "unreadable"});
  }
  return runs;
}

Result<UndoReport> undo_run(const std::filesystem::path& state_dir, std::string_view id) {
  GOFER_TRY_ASSIGN(Journal journal, pick_journal(state_dir, id));
  if (journal.state == JournalState::kUndone) {
    return fail(ErrorCategory::kInvalidArgument,
                fmt::format("run {} was already undone", journal.id));
  }
  const Plan& plan = journal.plan;
  StepNames names(plan, journal.steps, journal.id);
  DirectoryHandles handles(plan.directories);
  std::unordered_map<size_t, std::string> errors;  // by item: the first failure
  // Reverse order frees each original name before it is needed again (chains, cycles).
  for (size_t i = journal.steps.size(); i-- > 0;) {
    Move move = names.at(i);
    if (locate(handles, move) != Location::kTo) continue;  // never carried out (or failed)
    if (auto renamed = rename_back(handles, move); !renamed) {
      errors.try_emplace(
          journal.steps[i].item(),
          renamed.error().with_subject(handles.path(move.directory, move.to)).message());
    }
  }
  // A rename that failed now (EIO, EACCES, ...) may work on a second --undo, which needs the
  // run still "not undone"; entries moved away since the run are not coming back.
  const bool retry_can_help = !errors.empty();
  UndoReport report{journal.id, {}, 0, 0};
  for (size_t i = 0; i < plan.items.size(); ++i) {
    const PlanItem& item = plan.items[i];
    auto error = errors.find(i);
    if (error == errors.end() &&
        !holds(handles, item.directory, plan.old_name(item), plan.inodes[i])) {
      error = errors
                  .try_emplace(i,
                               "the entry is no longer where the journal left it "
                               "(moved or deleted since the run)")
                  .first;
    }
    bool ok = error == errors.end();
    report.entries.push_back({handles.path(item.directory, plan.new_name(item)),
                              handles.path(item.directory, plan.old_name(item)), ok,
                              ok ? std::string() : std::move(error->second)});
    (ok ? report.restored : report.failed) += 1;
  }
  if (!retry_can_help) GOFER_TRY(append_journal_lines(journal.file, "undone\n"));
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
    StepNames names(journal.plan, journal.steps, journal.id);
    DirectoryHandles handles(journal.plan.directories);
    for (size_t i = 0; i < journal.steps.size(); ++i) {
      Move move = names.at(i);
      if (locate(handles, move) != Location::kFrom) continue;  // done already
      if (rename_no_replace(handles, move)) {
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
