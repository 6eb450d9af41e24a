// Carrying out a plan (journal first, then RENAME_NOREPLACE renames) and crash recovery.
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <ctime>
#include <unordered_map>

#include <fmt/chrono.h>
#include <fmt/format.h>

#include "execution.hpp"
#include "gofer/fs.hpp"
#include "gofer/signals.hpp"

namespace gofer::rename {
namespace {

Status rename_without_noreplace(const std::string& from, const std::string& to) {
  // Hard link + unlink cannot replace an existing target either; directories cannot be
  // linked, so for them the (racy) check-then-rename is the best the filesystem allows.
  if (::link(from.c_str(), to.c_str()) == 0) {
    if (::unlink(from.c_str()) != 0) return fail_errno(from);
    return {};
  }
  if (errno == EEXIST) return fail_errno(to);
  if (path_exists(to)) return std::unexpected(Error::from_errno(EEXIST).with_subject(to));
  if (::rename(from.c_str(), to.c_str()) != 0) return fail_errno(from);
  return {};
}

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
  if (options.kill_after_renames && renames_done >= *options.kill_after_renames) {
    ::kill(::getpid(), SIGKILL);
  }
}

// A failed step inside a cycle must not strand a temp name: move the head back if it can.
void restore_cycle_head(const std::vector<Step>& steps, size_t failed_index) {
  for (size_t i = failed_index + 1; i < steps.size(); ++i) {
    if (!steps[i].group_end) continue;
    const Step& last = steps[i];  // temp -> head target
    for (size_t j = failed_index; j-- > 0;) {
      if (steps[j].to == last.from) {
        (void)rename_no_replace(last.from, steps[j].from);
        return;
      }
    }
    return;
  }
}

// A half-applied run must be completed or undone first; planning over its leftovers would
// mix two plans in one directory.
Status refuse_if_interrupted_run(const std::filesystem::path& state_dir, const std::string& cwd) {
  GOFER_TRY_ASSIGN(std::vector<Journal> journals,
                   read_all_journals(state_dir, JournalPart::kSummary));
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

// Renames by (directory fd, name): the kernel then resolves one component instead of the whole
// absolute path each time, which is most of the cost of 100,000 renames in one directory.
class DirectoryHandles {
 public:
  struct At {
    int directory;
    const char* name;
  };

  At split(const std::string& path) {
    size_t slash = path.rfind('/');
    if (slash == std::string::npos) return {AT_FDCWD, path.c_str()};
    std::string_view directory(path.data(), slash == 0 ? 1 : slash);
    // Consecutive steps nearly always share a directory: compare before hashing.
    if (last_ == nullptr || directory != last_->first) {
      auto [it, inserted] = handles_.try_emplace(std::string(directory));
      if (inserted) {
        it->second.reset(::open(it->first.c_str(), O_PATH | O_DIRECTORY | O_CLOEXEC));
      }
      last_ = &*it;
    }
    if (!last_->second.valid()) return {AT_FDCWD, path.c_str()};
    return {last_->second.get(), path.c_str() + slash + 1};
  }

 private:
  std::unordered_map<std::string, UniqueFd> handles_;
  const std::pair<const std::string, UniqueFd>* last_ = nullptr;  // node pointers are stable
};

Status rename_step(DirectoryHandles& handles, const std::string& from, const std::string& to) {
  auto source = handles.split(from);
  auto target = handles.split(to);
  if (::renameat2(source.directory, source.name, target.directory, target.name,
                  RENAME_NOREPLACE) == 0) {
    return {};
  }
  return rename_failed(errno, from, to);
}

}  // namespace

Status rename_no_replace(const std::string& from, const std::string& to) {
  if (::renameat2(AT_FDCWD, from.c_str(), AT_FDCWD, to.c_str(), RENAME_NOREPLACE) == 0) return {};
  return rename_failed(errno, from, to);
}

Status rename_failed(int error_number, const std::string& from, const std::string& to) {
  errno = error_number;
  if (errno == EINVAL || errno == ENOSYS) return rename_without_noreplace(from, to);
  if (errno == EXDEV) {
    return fail(Error::from_errno(EXDEV).with_context(
        "refusing to rename across filesystems (gofer never copies and deletes)"));
  }
  Error error = Error::from_errno(errno);
  if (errno == EEXIST || errno == ENOTEMPTY) error.with_context("target exists");
  return fail(std::move(error));
}

Result<ApplyReport> apply_plan(Plan& plan, const ApplyOptions& options) {
  ApplyReport report;
  GOFER_TRY(refuse_if_interrupted_run(options.state_dir, current_directory()));
  report.run_id = new_run_id();
  NameKeys keys(plan.directories, false);
  Journal journal{journal_directory(options.state_dir) / (report.run_id + ".journal"),
                  report.run_id, local_time_now(), current_directory(), options.command_line,
                  plan.count(ItemStatus::kPlanned), order_steps(plan, report.run_id, keys),
                  JournalState::kPending, {}};
  if (journal.steps.empty()) return report;
  GOFER_TRY(write_journal(journal));
  GOFER_TRY(prune_journals(options.state_dir, kKeptJournals));
  kill_self_if_asked(options, 0);

  std::string tail;
  uint64_t renames_done = 0;
  DirectoryHandles handles;
  for (size_t i = 0; i < journal.steps.size(); ++i) {
    const Step& step = journal.steps[i];
    PlanItem& item = plan.items[step.item];
    bool at_group_start = i == 0 || journal.steps[i - 1].group_end;
    if (at_group_start && stop_requested()) {
      report.interrupted = true;
      break;
    }
    if (item.status == ItemStatus::kFailed) continue;  // its cycle already failed
    if (auto renamed = rename_step(handles, step.from, step.to); !renamed) {
      plan.set_status(step.item, ItemStatus::kFailed, renamed.error().message());
      tail += fmt::format("failed {}\n", i);
      if (!step.group_end) restore_cycle_head(journal.steps, i);
      continue;
    }
    kill_self_if_asked(options, ++renames_done);
    if (step.final_step) item.status = ItemStatus::kRenamed;
  }
  for (const PlanItem& item : plan.items) {
    report.renamed += item.status == ItemStatus::kRenamed ? 1 : 0;
    report.failed += item.status == ItemStatus::kFailed ? 1 : 0;
  }
  // An interrupted run stays pending: re-running completes it, --undo reverts it.
  if (!report.interrupted) tail += "done\n";
  GOFER_TRY(append_journal_lines(journal.file, tail));
  return report;
}

}  // namespace gofer::rename
