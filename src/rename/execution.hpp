// Internal: the ordered rename steps of a plan, and the journal that records them.
#pragma once

#include <fcntl.h>

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "gofer/fs.hpp"
#include "gofer/rename/rename.hpp"
#include "name_keys.hpp"

namespace gofer::rename {

// What a step does with its item's names. A cycle is one group: kToTemp, kCycleMember...,
// kFromTemp; every other step is a group of its own.
enum class StepKind : uint8_t {
  kDirect,       // old name -> new name
  kToTemp,       // cycle head: old name -> temp name (the entry is not done yet)
  kCycleMember,  // old name -> new name, inside a cycle
  kFromTemp,     // cycle head: temp name -> new name
};

// 4 bytes: a million-entry run holds one per rename. The names stay in the plan; the temp
// name of a cycle is derived from the run id and its kToTemp step's position.
class Step {
 public:
  Step(size_t item, StepKind kind)
      : packed_(static_cast<uint32_t>(item) << 2 | static_cast<uint32_t>(kind)) {}
  // Index into Plan::items (of the plan applied, or of the journal's plan).
  [[nodiscard]] size_t item() const { return packed_ >> 2; }
  [[nodiscard]] StepKind kind() const { return static_cast<StepKind>(packed_ & 3); }
  // Stopping after this step strands no temp name.
  [[nodiscard]] bool group_end() const {
    return kind() == StepKind::kDirect || kind() == StepKind::kFromTemp;
  }
  // The entry has its new name after this step.
  [[nodiscard]] bool final_step() const { return kind() != StepKind::kToTemp; }

 private:
  uint32_t packed_;
};

// Items are indexed in 30 bits (Step); a plan that large would need 32 GB for its items alone.
inline constexpr size_t kMaxStepItems = size_t{1} << 30;

// Chains run target-first; a cycle (a->b, b->a) goes through a temporary name in the same
// directory; so does a case-only change on a case-insensitive filesystem. Deeper entries
// come first, so a directory is renamed after everything inside it.
[[nodiscard]] std::vector<Step> order_steps(const Plan& plan, const NameKeys& keys);

// One step resolved to names: `from` and `to` are entries of `directory` (a Plan index).
struct Move {
  uint32_t directory = 0;
  uint64_t inode = 0;
  std::string_view from;
  std::string_view to;
};

// Resolves steps against the plan they index. Views into a temp name stay valid until the
// next call.
class StepNames {
 public:
  StepNames(const Plan& plan, std::span<const Step> steps, std::string_view run_id)
      : plan_(plan), steps_(steps), run_id_(run_id) {}
  [[nodiscard]] Move at(size_t index);

 private:
  const Plan& plan_;
  std::span<const Step> steps_;
  std::string run_id_;
  std::string temp_;
};

// Entries addressed by (directory fd, name): the kernel resolves one component per call
// instead of a whole path, which is most of the cost of 100,000 renames in one directory.
class DirectoryHandles {
 public:
  explicit DirectoryHandles(const std::vector<PlanDirectory>& directories)
      : directories_(directories), handles_(directories.size()), tried_(directories.size()) {}
  // A NUL-terminated name relative to the returned directory fd (AT_FDCWD with a full path
  // when the directory cannot be opened, e.g. out of descriptors). Valid until the next call
  // with the same `slot` (0 or 1: a rename needs two names at once).
  struct At {
    int directory;
    const char* name;
  };
  [[nodiscard]] At at(uint32_t directory, std::string_view name, int slot);
  [[nodiscard]] std::string path(uint32_t directory, std::string_view name) const;

 private:
  const std::vector<PlanDirectory>& directories_;
  std::vector<UniqueFd> handles_;  // by directory; opened on first use
  std::vector<bool> tried_;
  std::string names_[2];
};

// rename(2) that never replaces an existing target (renameat2 RENAME_NOREPLACE, with a
// link+unlink fallback where the filesystem answers EINVAL).
[[nodiscard]] Status rename_no_replace(DirectoryHandles& handles, const Move& move);
// The same, from `to` back to `from` (undo).
[[nodiscard]] Status rename_back(DirectoryHandles& handles, const Move& move);
// Whether `name` in `directory` is the entry with `inode` (not following symlinks).
[[nodiscard]] bool holds(DirectoryHandles& handles, uint32_t directory, std::string_view name,
                         uint64_t inode);

enum class JournalState { kPending, kDone, kUndone };

// A run as its journal records it. A full read (JournalPart::kAll) also fills `plan` and
// `steps`: the plan's directories are absolute and its items are the moved entries in step
// order; write_journal() ignores both and takes the applied plan instead.
struct Journal {
  std::filesystem::path file;
  std::string id;
  std::string time;
  std::string cwd;
  std::string command_line;
  size_t item_count = 0;
  JournalState state = JournalState::kPending;  // kPending after a crash or interruption
  std::vector<size_t> failed_steps;             // steps that failed during apply
  Plan plan;
  std::vector<Step> steps;
};

[[nodiscard]] std::string new_run_id();
[[nodiscard]] std::filesystem::path journal_directory(const std::filesystem::path& state_dir);
// Streamed to a temp file, fsync'd and renamed into place: after this returns, a crash cannot
// lose the plan. `header` gives everything but the plan and its steps.
[[nodiscard]] Status write_journal(const Journal& header, const Plan& plan,
                                   std::span<const Step> steps);
// Appends "done"/"undone"/"failed N" lines (fsync'd; one write per run, not per file).
[[nodiscard]] Status append_journal_lines(const std::filesystem::path& file,
                                          std::string_view lines);
// What to read of a journal: everything, or only its header and state (no steps), which is
// all that listing runs or finding an interrupted one needs.
enum class JournalPart { kAll, kSummary };
[[nodiscard]] Result<Journal> read_journal(const std::filesystem::path& file,
                                           JournalPart part = JournalPart::kAll);
// Oldest first. A journal that cannot be read (damaged, or written by an older gofer) is
// skipped and its error added to `unreadable`: one bad file must not block every later run.
// It is never deleted (its entries may still need it), and --history lists it.
[[nodiscard]] Result<std::vector<Journal>> read_all_journals(const std::filesystem::path& state_dir,
                                                             JournalPart part,
                                                             std::vector<Error>* unreadable = nullptr);
// How many runs' journals are kept: older ones are deleted after a new run is journaled,
// except those of interrupted runs (undo and completion still need them).
inline constexpr size_t kKeptJournals = 50;
[[nodiscard]] Status prune_journals(const std::filesystem::path& state_dir, size_t keep);

}  // namespace gofer::rename
