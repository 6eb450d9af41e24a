// Filesystem case-sensitivity detection and case-folded keys.
#include "name_keys.hpp"

#include <sys/stat.h>
#include <sys/vfs.h>
#include <utf8proc.h>

#include <algorithm>
#include <cstdlib>
#include <functional>

namespace gofer::rename {
namespace {

// statfs(2) f_type magics of filesystems that compare names case-insensitively.
constexpr long kMsdosMagic = 0x4d44;        // vfat, FAT32
constexpr long kExfatMagic = 0x2011BAB0;
constexpr long kHfsPlusMagic = 0x482b;
constexpr long kCifsMagic = 0xFF534D42;     // SMB shares from Windows/macOS servers
constexpr long kSmb2Magic = 0xFE534D42;

}  // namespace

std::string case_fold(std::string_view name) {
  utf8proc_uint8_t* folded = nullptr;
  auto length = utf8proc_map(reinterpret_cast<const utf8proc_uint8_t*>(name.data()),
                             static_cast<utf8proc_ssize_t>(name.size()), &folded,
                             static_cast<utf8proc_option_t>(UTF8PROC_STABLE | UTF8PROC_COMPOSE |
                                                            UTF8PROC_CASEFOLD));
  if (length < 0) return std::string(name);  // invalid UTF-8: compare bytes
  std::string out(reinterpret_cast<char*>(folded), static_cast<size_t>(length));
  std::free(folded);
  return out;
}

const NameKeys::DirectoryFacts& NameKeys::facts(const std::filesystem::path& directory) {
  auto [it, inserted] = by_directory_.try_emplace(directory.native());
  if (inserted) {
    it->second.key_prefix = std::to_string(by_directory_.size()) + '/';
    struct statfs info {};
    if (assume_) {
      it->second.case_insensitive = true;
    } else if (::statfs(directory.c_str(), &info) == 0) {
      long type = static_cast<long>(info.f_type);
      it->second.case_insensitive = type == kMsdosMagic || type == kExfatMagic ||
                                    type == kHfsPlusMagic || type == kCifsMagic ||
                                    type == kSmb2Magic;
    }
  }
  return it->second;
}

bool NameKeys::case_insensitive(const std::filesystem::path& directory) {
  return facts(directory).case_insensitive;
}

void NameKeys::add_listing(const std::filesystem::path& directory,
                           std::vector<uint64_t> sorted_hashes) {
  listings_[directory.native()] = std::move(sorted_hashes);
}

bool NameKeys::exists(const std::filesystem::path& directory, std::string_view name) {
  if (name.find('/') == std::string_view::npos && !case_insensitive(directory)) {
    auto listing = listings_.find(directory.native());
    if (listing != listings_.end()) {
      return std::binary_search(listing->second.begin(), listing->second.end(),
                                std::hash<std::string_view>{}(name));
    }
  }
  std::filesystem::path full = directory / name;
  struct stat info {};
  if (::lstat(full.c_str(), &info) == 0) return true;
  if (!case_insensitive(full.parent_path())) return false;
  auto [it, inserted] = folded_listings_.try_emplace(full.parent_path().native());
  if (inserted) {
    std::error_code code;
    for (std::filesystem::directory_iterator entry(full.parent_path(), code);
         !code && entry != std::filesystem::directory_iterator(); entry.increment(code)) {
      it->second.insert(case_fold(entry->path().filename().native()));
    }
  }
  return it->second.contains(case_fold(full.filename().native()));
}

std::string NameKeys::key(const std::filesystem::path& directory, std::string_view name) {
  const DirectoryFacts& directory_facts = facts(directory);
  std::string result = directory_facts.key_prefix;
  if (directory_facts.case_insensitive) {
    result += case_fold(name);
  } else {
    result += name;
  }
  return result;
}

}  // namespace gofer::rename
