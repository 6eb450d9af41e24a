// Internal: the ordered rename steps of a plan, and the journal that records them.
#pragma once

#include <cstddef>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "gofer/rename/rename.hpp"
#include "name_keys.hpp"

namespace gofer::rename {

struct Step {
  size_t item = 0;  // index into Plan::items (or the journal's item number)
  uint64_t inode = 0;  // of the entry this step moves: where it is now tells what was done
  std::string from;  // absolute paths
  std::string to;
  bool group_end = true;  // false inside a cycle: stopping there would strand a temp name
  bool final_step = true;  // false for the move to a temp name: the entry is not done yet
};

// Chains run target-first; a cycle (a->b, b->a) goes through a temporary name in the same
// directory; so does a case-only change on a case-insensitive filesystem. Deeper entries
// come first, so a directory is renamed after everything inside it.
[[nodiscard]] std::vector<Step> order_steps(const Plan& plan, std::string_view run_id,
                                            const NameKeys& keys);

// rename(2) that never replaces an existing target (renameat2 RENAME_NOREPLACE, with a
// link+unlink fallback where the filesystem answers EINVAL).
[[nodiscard]] Status rename_no_replace(const std::string& from, const std::string& to);
// The error (or the fallback's result) after renameat2 failed with `error_number`.
[[nodiscard]] Status rename_failed(int error_number, const std::string& from, const std::string& to);

enum class JournalState { kPending, kDone, kUndone };

struct Journal {
  std::filesystem::path file;
  std::string id;
  std::string time;
  std::string cwd;
  std::string command_line;
  size_t item_count = 0;
  std::vector<Step> steps;
  JournalState state = JournalState::kPending;  // kPending after a crash or interruption
  std::vector<size_t> failed_steps;             // steps that failed during apply
};

[[nodiscard]] std::string new_run_id();
[[nodiscard]] std::filesystem::path journal_directory(const std::filesystem::path& state_dir);
// Written atomically and fsync'd: after this returns, a crash cannot lose the plan.
[[nodiscard]] Status write_journal(const Journal& journal);
// Appends "done"/"undone"/"failed N" lines (fsync'd; one write per run, not per file).
[[nodiscard]] Status append_journal_lines(const std::filesystem::path& file,
                                          std::string_view lines);
// What to read of a journal: everything, or only its header and state (no steps), which is
// all that listing runs or finding an interrupted one needs.
enum class JournalPart { kAll, kSummary };
[[nodiscard]] Result<Journal> read_journal(const std::filesystem::path& file,
                                           JournalPart part = JournalPart::kAll);
// Oldest first.
[[nodiscard]] Result<std::vector<Journal>> read_all_journals(const std::filesystem::path& state_dir,
                                                             JournalPart part);
// How many runs' journals are kept: older ones are deleted after a new run is journaled,
// except those of interrupted runs (undo and completion still need them).
inline constexpr size_t kKeptJournals = 50;
[[nodiscard]] Status prune_journals(const std::filesystem::path& state_dir, size_t keep);

}  // namespace gofer::rename
