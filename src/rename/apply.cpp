// Carrying out a plan (journal first, then RENAME_NOREPLACE renames) and crash recovery.
#include <signal.h>
#include <unistd.h>

#include <ctime>
#include <span>

#include <fmt/chrono.h>
#include <fmt/format.h>

#include "execution.hpp"
#include "gofer/fs.hpp"
#include "gofer/signals.hpp"

namespace gofer::rename {
namespace {

std::string local_time_now() {
  std::time_t now = std::time(nullptr);
  std::tm local{};
  ::localtime_r(&now, &local);
  return fmt::format("{:%Y-%m-%dT%H:%M:%S%z}", local);
}

std::string current_directory() {
  std::error_code ignored;
  return std::filesystem::current_path(ignored).string();
}

void kill_self_if_asked(const ApplyOptions& options, uint64_t renames_done) {
  // Exactly once: a second SIGINT would end the process by the signal's default action.
  if (options.kill_after_renames && renames_done == *options.kill_after_renames) {
    ::kill(::getpid(), options.kill_signal);
  }
}

// A failed step inside a cycle must not strand a temp name: move the head back if it got
// there (the cycle starts with its move to the temp name).
void restore_cycle_head(StepNames& names, DirectoryHandles& handles, std::span<const Step> steps,
                        size_t failed_index) {
  size_t first = failed_index;
  while (first > 0 && steps[first].kind() != StepKind::kToTemp) --first;
  if (first == failed_index || steps[first].kind() != StepKind::kToTemp) return;
  Move head = names.at(first);
  (void)rename_back(handles, head);
}

// A half-applied run must be completed or undone first; planning over its leftovers would
// mix two plans in one directory.
Status refuse_if_interrupted_run(const std::filesystem::path& state_dir, const std::string& cwd,
                                 std::vector<std::string>& warnings) {
  std::vector<Error> unreadable;
  GOFER_TRY_ASSIGN(std::vector<Journal> journals,
                   read_all_journals(state_dir, JournalPart::kSummary, &unreadable));
  for (const Error& error : unreadable) {
    warnings.push_back(error.message() + " (skipped; move it away to silence this)");
  }
  for (const Journal& journal : journals) {
    if (journal.state == JournalState::kPending && journal.cwd == cwd) {
      return fail(ErrorCategory::kConflict,
                  fmt::format("run {} ({}) was interrupted here: re-run that command to complete "
                              "it, or `gofer rename --undo` to revert it",
                              journal.id, journal.command_line));
    }
  }
  return {};
}

}  // namespace

Result<ApplyReport> apply_plan(Plan& plan, const ApplyOptions& options) {
  ApplyReport report;
  if (plan.inodes.size() != plan.items.size()) {
    return fail(ErrorCategory::kInternal,
                "the plan has no inodes to journal (planned for a preview)");
  }
  std::string cwd = current_directory();
  GOFER_TRY(refuse_if_interrupted_run(options.state_dir, cwd, report.warnings));
  report.run_id = new_run_id();
  NameKeys keys(plan.directories, false);
  std::vector<Step> steps = order_steps(plan, keys);
  if (steps.empty()) return report;
  Journal header{journal_directory(options.state_dir) / (report.run_id + ".journal"),
                 report.run_id,
                 local_time_now(),
                 cwd,
                 options.command_line,
                 plan.count(ItemStatus::kPlanned)};
  GOFER_TRY(write_journal(header, plan, steps));
  GOFER_TRY(prune_journals(options.state_dir, kKeptJournals));
  kill_self_if_asked(options, 0);

  std::string tail;
  uint64_t renames_done = 0;
  StepNames names(plan, steps, report.run_id);
  DirectoryHandles handles(plan.directories);
  for (size_t i = 0; i < steps.size(); ++i) {
    const Step& step = steps[i];
    PlanItem& item = plan.items[step.item()];
    if ((i == 0 || steps[i - 1].group_end()) && stop_requested()) {
      report.interrupted = true;
      break;
    }
    if (item.status == ItemStatus::kFailed) continue;  // its cycle already failed
    if (auto renamed = rename_no_replace(handles, names.at(i)); !renamed) {
      plan.set_status(step.item(), ItemStatus::kFailed, renamed.error().message());
      tail += fmt::format("failed {}\n", i);
      if (!step.group_end()) restore_cycle_head(names, handles, steps, i);
      continue;
    }
    kill_self_if_asked(options, ++renames_done);
    if (step.final_step()) item.status = ItemStatus::kRenamed;
  }
  for (const PlanItem& item : plan.items) {
    report.renamed += item.status == ItemStatus::kRenamed ? 1 : 0;
    report.failed += item.status == ItemStatus::kFailed ? 1 : 0;
  }
  // An interrupted run stays pending: re-running completes it, --undo reverts it.
  if (!report.interrupted) tail += "done\n";
  GOFER_TRY(append_journal_lines(header.file, tail));
  return report;
}

}  // namespace gofer::rename
