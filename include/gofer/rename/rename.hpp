// `gofer rename`: select entries, plan new names, validate the whole plan, apply it through a
// journal that makes every run undoable and crash-safe.
#pragma once

#include <sys/types.h>

#include <csignal>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "gofer/error.hpp"
#include "gofer/rename/inode_list.hpp"
#include "gofer/rename/name_store.hpp"
#include "gofer/rename/rules.hpp"

namespace gofer::rename {

enum class EntryType { kFile, kDirectory, kAny };
enum class SortKey { kNatural, kName, kMtime, kSize };
enum class ConflictPolicy { kFail, kSkip, kNumber };

struct SelectOptions {
  std::vector<std::filesystem::path> paths;  // files, or directories meaning their entries
  std::vector<std::string> include_globs;    // any must match (empty: all)
  std::vector<std::string> exclude_globs;
  bool recursive = false;
  int max_depth = -1;  // -1: unlimited (with recursive)
  bool hidden = false;
  EntryType type = EntryType::kFile;
  SortKey sort = SortKey::kNatural;
  bool reverse = false;
};

struct MapPair {
  std::filesystem::path old_path;
  std::string new_name;  // relative to old_path's directory
};

struct RenameOptions {
  SelectOptions select;
  RuleOptions rules;
  std::vector<MapPair> map;  // non-empty: explicit pairs instead of rules and selection
  ConflictPolicy on_conflict = ConflictPolicy::kFail;
  bool make_directories = false;  // --mkdir: a '/' in a new name creates directories
  // Keep each entry's inode in Plan::inodes: apply_plan() needs them for its journal; a
  // preview can do without (8 bytes per entry).
  bool keep_inodes = true;
  // Test hook: treat every directory as case-insensitive (there is no vfat mount in CI).
  bool assume_case_insensitive = false;
};

enum class ItemStatus : uint8_t { kPlanned, kConflict, kSkipped, kRenamed, kFailed };

struct PlanDirectory {
  std::filesystem::path path;
  int depth = 0;  // of the entries in it: 0 directly inside a PATH (or a PATH itself)
};

// 24 bytes: a plan may hold a million of these. Names live in Plan::names, the directory in
// Plan::directories, the inode in Plan::inodes, the rare conflict or failure text in
// Plan::reasons.
struct PlanItem {
  NameRef old_name;
  NameRef new_name;        // may contain '/' only with --mkdir
  uint32_t directory = 0;  // index into Plan::directories
  ItemStatus status = ItemStatus::kPlanned;
  bool is_directory = false;
};

struct Plan {
  std::vector<PlanDirectory> directories;
  NameStore names;
  std::vector<PlanItem> items;  // only entries whose name changes
  // By item: identifies the entry wherever a crash left it (journal reconcile). Empty when
  // planned without RenameOptions::keep_inodes (a preview needs none).
  InodeList inodes;
  std::unordered_map<size_t, std::string> reasons;  // by item index
  size_t unchanged = 0;                             // selected entries whose name stays the same
  // Broken or unreadable metadata ({exif.*}), one "PATH: what" line each; planning went on.
  std::vector<std::string> warnings;
  // Conflicts that are files lacking a metadata key ({exif.date} without a fallback):
  // --on-conflict cannot resolve them, a `|fallback` can.
  size_t missing_metadata = 0;
  // Whether some planned item's target is a planned item's source (chains, cycles, case-only
  // changes). Validation clears it when none is, so ordering needs no table of sources.
  bool has_chains = true;

  [[nodiscard]] size_t count(ItemStatus status) const;
  [[nodiscard]] std::string_view old_name(const PlanItem& item) const {
    return names.view(item.old_name);
  }
  [[nodiscard]] std::string_view new_name(const PlanItem& item) const {
    return names.view(item.new_name);
  }
  [[nodiscard]] const std::filesystem::path& directory(const PlanItem& item) const {
    return directories[item.directory].path;
  }
  [[nodiscard]] int depth(const PlanItem& item) const { return directories[item.directory].depth; }
  [[nodiscard]] std::filesystem::path old_path(const PlanItem& item) const {
    return directory(item) / old_name(item);
  }
  [[nodiscard]] std::filesystem::path new_path(const PlanItem& item) const {
    return directory(item) / new_name(item);
  }
  // Empty when the item has none.
  [[nodiscard]] std::string_view reason(size_t index) const;
  void set_status(size_t index, ItemStatus status, std::string reason);
};

// Selects entries, computes new names and validates the whole plan (conflicts marked per
// item; with kSkip they become kSkipped, with kNumber targets get " (2)" suffixes).
// Fails only for errors that make planning impossible (unreadable PATH, bad glob).
[[nodiscard]] Result<Plan> plan_renames(const RenameOptions& options);

struct ApplyOptions {
  std::filesystem::path state_dir;
  std::string command_line;  // recorded in the journal for --history
  // Test hook: send ourselves kill_signal after this many renames (crash-safety tests with
  // SIGKILL; the interrupt path with SIGINT/SIGTERM).
  std::optional<uint64_t> kill_after_renames;
  int kill_signal = SIGKILL;
};

struct ApplyReport {
  std::string run_id;
  size_t renamed = 0;
  size_t failed = 0;
  bool interrupted = false;
  std::vector<std::string> warnings;  // e.g. a journal of an earlier run that cannot be read
};

// Refuses (kConflict) while another run from the same directory is incomplete, and
// (kInternal) a plan without inodes. Journals the
// plan (one fsync), then renames with RENAME_NOREPLACE in an order that
// handles chains and cycles. Per-item failures are recorded in plan.items.
[[nodiscard]] Result<ApplyReport> apply_plan(Plan& plan, const ApplyOptions& options);

struct RunInfo {
  std::string id;
  std::string time;  // ISO 8601, local time
  std::string directory;
  std::string command_line;
  size_t count = 0;
  std::string state;  // applied, interrupted, undone, unreadable (command_line: the error)
};

struct UndoEntry {
  std::string from;  // current path (the renamed name)
  std::string to;    // original path
  bool ok = false;
  std::string error;
};

struct UndoReport {
  std::string run_id;
  std::vector<UndoEntry> entries;
  size_t restored = 0;
  size_t failed = 0;
};

[[nodiscard]] Result<std::vector<RunInfo>> list_runs(const std::filesystem::path& state_dir);
// Reverts run `id` (empty: the newest run not yet undone), reconciling against the disk.
[[nodiscard]] Result<UndoReport> undo_run(const std::filesystem::path& state_dir,
                                          std::string_view id);
struct CompletedRun {
  std::string id;
  size_t renamed = 0;  // steps carried out now
  size_t failed = 0;
};

// Rolls forward the runs of `command_line` started from `cwd` that a crash or Ctrl-C left
// incomplete: re-running the same command completes its plan, and no temporary name remains.
[[nodiscard]] Result<std::vector<CompletedRun>> complete_interrupted_runs(
    const std::filesystem::path& state_dir, std::string_view cwd, std::string_view command_line);

[[nodiscard]] std::string_view to_string(ItemStatus status);

}  // namespace gofer::rename
