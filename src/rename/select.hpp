// Which entries a rename run looks at, in which order ({n} numbering follows it).
#pragma once

#include <sys/stat.h>

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "gofer/rename/rename.hpp"

namespace gofer::rename {

// Kept small (no struct stat, no path per entry): a run may look at a million entries.
struct Entry {
  uint32_t directory = 0;  // index into Selection::directories
  uint32_t mode = 0;       // S_IFMT bits always; permission bits only with metadata
  std::string name;
  uint64_t inode = 0;
  uint64_t size = 0;       // with metadata only
  int64_t mtime_sec = 0;   // with metadata only
  int64_t mtime_nsec = 0;
  int depth = 0;  // 0: directly inside a PATH (or a PATH itself)

  [[nodiscard]] bool is_directory() const { return S_ISDIR(mode); }
};

struct Selection {
  std::vector<std::filesystem::path> directories;
  // Per directory: sorted hashes of every name in it (selected or not), so checking whether a
  // target exists needs no lookup syscall; empty for directories that were not listed.
  std::vector<std::vector<uint64_t>> listings;
  std::vector<Entry> entries;
};

[[nodiscard]] uint64_t name_hash(std::string_view name);

// Temporary names of interrupted cycles are never selected (undo and recovery own them).
inline constexpr std::string_view kTempPrefix = ".gofer-tmp-";

// `with_metadata`: also stat every entry (size, mtime) — only when the sort or a template
// needs them, since readdir alone gives the name, type and inode.
[[nodiscard]] Result<Selection> select_entries(const SelectOptions& options, bool with_metadata);
// "file2" < "file10": digit runs compare by value, everything else bytewise.
[[nodiscard]] bool natural_less(std::string_view a, std::string_view b);

}  // namespace gofer::rename
