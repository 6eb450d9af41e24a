// Which entries a rename run looks at, in which order ({n} numbering follows it).
#pragma once

#include <sys/stat.h>

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "gofer/rename/rename.hpp"

namespace gofer::rename {

// Size and mtime, read only when the sort or a template needs them.
struct EntryMetadata {
  uint64_t size = 0;
  int64_t mtime_sec = 0;
  int64_t mtime_nsec = 0;
};

// The selected entries already in the plan's compact form (new names still empty), so a
// million entries cost no per-entry allocation and are never copied into another shape.
struct Selection {
  std::vector<PlanDirectory> directories;
  // Per directory: sorted hashes of the names in it that are NOT selected (hidden, filtered
  // out, other types); the selected ones are the plan's sources. nullopt for directories that
  // were not listed (a file named as PATH), where existence checks fall back to lstat.
  std::vector<std::optional<std::vector<uint64_t>>> listings;
  NameStore names;
  std::vector<PlanItem> entries;
  std::vector<EntryMetadata> metadata;  // parallel to entries; empty without metadata
  InodeList inodes;                     // parallel to entries; empty unless asked for
};

[[nodiscard]] uint64_t name_hash(std::string_view name);

// Temporary names of interrupted cycles are never selected (undo and recovery own them).
inline constexpr std::string_view kTempPrefix = ".gofer-tmp-";

// `with_metadata`: also stat every entry (size, mtime) — only when the sort or a template
// needs them, since readdir alone gives the name, type and inode.
// `with_inodes`: also keep each entry's inode (readdir has it; only applying needs it).
[[nodiscard]] Result<Selection> select_entries(const SelectOptions& options, bool with_metadata,
                                               bool with_inodes);
// "file2" < "file10": digit runs compare by value, everything else bytewise.
[[nodiscard]] bool natural_less(std::string_view a, std::string_view b);
// Sorts by directory path, then name, both in natural_less order, as std::sort would with it
// (equal names in one directory may come either way) but mostly by 8-byte keys.
// Entries and inodes move together; metadata must be empty.
void sort_natural(Selection& selection);

}  // namespace gofer::rename
