// Which entries a rename run looks at, in which order ({n} numbering follows it).
#pragma once

#include <sys/stat.h>

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "gofer/rename/rename.hpp"

namespace gofer::rename {

struct Entry {
  std::filesystem::path directory;
  std::string name;
  struct stat info {};
  int depth = 0;  // 0: directly inside a PATH (or a PATH itself)

  [[nodiscard]] bool is_directory() const { return S_ISDIR(info.st_mode); }
};

// Temporary names of interrupted cycles are never selected (undo and recovery own them).
inline constexpr std::string_view kTempPrefix = ".gofer-tmp-";

[[nodiscard]] Result<std::vector<Entry>> select_entries(const SelectOptions& options);
// "file2" < "file10": digit runs compare by value, everything else bytewise.
[[nodiscard]] bool natural_less(std::string_view a, std::string_view b);

}  // namespace gofer::rename
