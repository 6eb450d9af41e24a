// Comparing names the way the filesystem does: bytewise, or case-folded on vfat/exFAT/HFS/SMB.
#pragma once

#include <sys/types.h>

#include <filesystem>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace gofer::rename {

class NameKeys {
 public:
  explicit NameKeys(bool assume_case_insensitive) : assume_(assume_case_insensitive) {}
  // A key equal for two paths exactly when the filesystem treats them as one entry.
  [[nodiscard]] std::string key(const std::filesystem::path& directory, std::string_view name);
  [[nodiscard]] bool case_insensitive(const std::filesystem::path& directory);
  // Whether `name` (which may contain '/' with --mkdir) exists, compared the filesystem's way.
  [[nodiscard]] bool exists(const std::filesystem::path& directory, std::string_view name);
  // What readdir saw in `directory` (sorted name hashes): exists() consults it instead of lstat.
  // A hash collision can only report a false "exists" (a refusal, never an overwrite), and a
  // name created after the listing is still caught by RENAME_NOREPLACE.
  void add_listing(const std::filesystem::path& directory, std::vector<uint64_t> sorted_hashes);

 private:
  struct DirectoryFacts {
    std::string key_prefix;  // short and unique per directory: keys stay small and cheap to hash
    bool case_insensitive = false;
  };
  const DirectoryFacts& facts(const std::filesystem::path& directory);

  bool assume_;
  std::unordered_map<std::string, DirectoryFacts> by_directory_;
  // Case-folded listings, read once per directory (only for case-insensitive ones).
  std::unordered_map<std::string, std::unordered_set<std::string>> folded_listings_;
  std::unordered_map<std::string, std::vector<uint64_t>> listings_;
};

[[nodiscard]] std::string case_fold(std::string_view name);

}  // namespace gofer::rename
