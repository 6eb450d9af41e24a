// Comparing names the way the filesystem does: bytewise, or case-folded on vfat/exFAT/HFS/SMB.
#pragma once

#include <sys/types.h>

#include <filesystem>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>

namespace gofer::rename {

class NameKeys {
 public:
  explicit NameKeys(bool assume_case_insensitive) : assume_(assume_case_insensitive) {}
  // A key equal for two paths exactly when the filesystem treats them as one entry.
  [[nodiscard]] std::string key(const std::filesystem::path& directory, std::string_view name);
  [[nodiscard]] bool case_insensitive(const std::filesystem::path& directory);
  // Whether `name` (which may contain '/' with --mkdir) exists, compared the filesystem's way.
  [[nodiscard]] bool exists(const std::filesystem::path& directory, std::string_view name);

 private:
  bool assume_;
  std::unordered_map<std::string, bool> by_directory_;
  // Case-folded listings, read once per directory (only for case-insensitive ones).
  std::unordered_map<std::string, std::unordered_set<std::string>> folded_listings_;
};

[[nodiscard]] std::string case_fold(std::string_view name);

}  // namespace gofer::rename
