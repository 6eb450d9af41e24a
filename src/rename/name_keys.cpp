// Filesystem case-sensitivity detection and case-folded keys.
#include "name_keys.hpp"

#include <sys/stat.h>
#include <utf8proc.h>

#include <algorithm>
#include <cstdlib>
#include <functional>

#include "gofer/platform_fs.hpp"
#include "select.hpp"

namespace gofer::rename {
std::string case_fold(std::string_view name) {
  utf8proc_uint8_t* folded = nullptr;
  auto length = utf8proc_map(
      reinterpret_cast<const utf8proc_uint8_t*>(name.data()),
      static_cast<utf8proc_ssize_t>(name.size()), &folded,
      static_cast<utf8proc_option_t>(UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_CASEFOLD));
  if (length < 0) return std::string(name);  // invalid UTF-8: compare bytes
  std::string out(reinterpret_cast<char*>(folded), static_cast<size_t>(length));
  std::free(folded);
  return out;
}

NameKeys::NameKeys(const std::vector<PlanDirectory>& directories, bool assume_case_insensitive)
    : directories_(directories), facts_(directories.size()), listings_(directories.size()) {
  std::unordered_map<std::string_view, uint32_t> first_with_path;
  for (size_t d = 0; d < directories.size(); ++d) {
    const std::string& path = directories[d].path.native();
    auto [it, inserted] = first_with_path.try_emplace(path, static_cast<uint32_t>(d));
    facts_[d].same_as = it->second;
    facts_[d].case_insensitive =
        inserted ? assume_case_insensitive || filesystem_ignores_case(path.c_str())
                 : facts_[it->second].case_insensitive;
  }
}

void NameKeys::set_listings(std::vector<std::optional<std::vector<uint64_t>>> listings) {
  listings_ = std::move(listings);
  listings_.resize(directories_.size());
}

bool NameKeys::exists(uint32_t directory, std::string_view name) {
  if (name.find('/') == std::string_view::npos && !case_insensitive(directory) &&
      listings_[directory]) {
    return std::binary_search(listings_[directory]->begin(), listings_[directory]->end(),
                              name_hash(name));
  }
  std::filesystem::path full = directories_[directory].path / name;
  struct stat info {};
  if (::lstat(full.c_str(), &info) == 0) return true;
  if (!case_insensitive(directory)) return false;
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

NameKey NameKeys::key(uint32_t directory, std::string_view name, std::string& storage) const {
  if (!case_insensitive(directory)) return {same_directory(directory), name};
  storage = case_fold(name);
  return {same_directory(directory), storage};
}

ItemKeys::ItemKeys(const Plan& plan, const NameKeys& names) : plan_(plan), names_(names) {
  bool any_folding = false;
  for (size_t d = 0; d < plan.directories.size(); ++d) {
    any_folding = any_folding || names.case_insensitive(static_cast<uint32_t>(d));
  }
  if (!any_folding) return;
  folded_source_.resize(plan.items.size());
  folded_target_.resize(plan.items.size());
  for (size_t i = 0; i < plan.items.size(); ++i) {
    if (!names.case_insensitive(plan.items[i].directory)) continue;
    folded_source_[i] = folded_.add(case_fold(plan.old_name(plan.items[i])));
    retarget(i);
  }
}

void ItemKeys::retarget(size_t index) {
  const PlanItem& item = plan_.items[index];
  if (folded_target_.empty() || !names_.case_insensitive(item.directory)) return;
  folded_target_[index] = folded_.add(case_fold(plan_.new_name(item)));
}

KeyTable::KeyTable(size_t expected_items) {
  slots_.assign(std::max<size_t>(16, expected_items * 4 / 3 + 1), 0);
}

void KeyTable::clear() {
  std::fill(slots_.begin(), slots_.end(), 0u);
  used_ = 0;
}

uint64_t KeyTable::hash(const NameKey& key) {
  // Mixed so that consecutive directory numbers do not land in neighbouring slots.
  return name_hash(key.name) ^ (uint64_t{key.directory} * 0x9E3779B97F4A7C15ULL);
}

}  // namespace gofer::rename
