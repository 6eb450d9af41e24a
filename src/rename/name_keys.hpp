// Comparing names the way the filesystem does: bytewise, or case-folded on vfat/exFAT/HFS/SMB.
#pragma once

#include <cstdint>
#include <cstring>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "gofer/rename/rename.hpp"

namespace gofer::rename {

// A name as the filesystem identifies it: two keys are equal exactly when they are one entry.
struct NameKey {
  uint32_t directory = 0;  // NameKeys::same_directory(), so two spellings of one path agree
  std::string_view name;   // the name itself, or its case folding
  // Key tables compare many names of equal length that differ early ("Sales Report 1.CSV"
  // against "sales_report_1.csv"): the first eight bytes decide inline, without a call.
  bool operator==(const NameKey& other) const {
    if (directory != other.directory || name.size() != other.name.size()) return false;
    if (name.size() >= sizeof(uint64_t)) {
      uint64_t head = 0, other_head = 0;
      std::memcpy(&head, name.data(), sizeof head);
      std::memcpy(&other_head, other.name.data(), sizeof other_head);
      if (head != other_head) return false;
    }
    return name.empty() || std::memcmp(name.data(), other.name.data(), name.size()) == 0;
  }
};

class NameKeys {
 public:
  // `directories` must outlive this object.
  NameKeys(const std::vector<PlanDirectory>& directories, bool assume_case_insensitive);
  [[nodiscard]] bool case_insensitive(uint32_t directory) const {
    return facts_[directory].case_insensitive;
  }
  [[nodiscard]] uint32_t same_directory(uint32_t directory) const {
    return facts_[directory].same_as;
  }
  // What readdir saw, per directory: sorted hashes of the names that are not plan items
  // (nullopt: not listed). exists() consults them instead of lstat. A hash collision can only
  // report a false "exists" (a refusal, never an overwrite), and a name created after the
  // listing is still caught by RENAME_NOREPLACE.
  void set_listings(std::vector<std::optional<std::vector<uint64_t>>> listings);
  // Whether `name` (which may contain '/' with --mkdir) exists in `directory` other than as
  // the source of a plan item, compared the filesystem's way.
  [[nodiscard]] bool exists(uint32_t directory, std::string_view name);
  // The key of `name` in `directory`; a folded name is kept in `storage`.
  [[nodiscard]] NameKey key(uint32_t directory, std::string_view name, std::string& storage) const;

 private:
  struct DirectoryFacts {
    uint32_t same_as = 0;
    bool case_insensitive = false;
  };

  const std::vector<PlanDirectory>& directories_;
  std::vector<DirectoryFacts> facts_;
  std::vector<std::optional<std::vector<uint64_t>>> listings_;
  // Case-folded listings, read once per directory (only for case-insensitive ones).
  std::unordered_map<std::string, std::unordered_set<std::string>> folded_listings_;
};

// Every plan item's source and target key, computed once: folding happens only in
// case-insensitive directories, elsewhere a key is a view of the plan's own names.
class ItemKeys {
 public:
  ItemKeys(const Plan& plan, const NameKeys& names);
  [[nodiscard]] NameKey source(size_t index) const {
    return key_of(index, plan_.items[index].old_name, folded_source_);
  }
  [[nodiscard]] NameKey target(size_t index) const {
    return key_of(index, plan_.items[index].new_name, folded_target_);
  }
  // After the item's new name changed (renumbering).
  void retarget(size_t index);

 private:
  // Inline: key tables call this for every probe of a million-entry plan.
  NameKey key_of(size_t index, NameRef name, const std::vector<NameRef>& folded) const {
    const PlanItem& item = plan_.items[index];
    uint32_t directory = names_.same_directory(item.directory);
    if (!folded.empty() && names_.case_insensitive(item.directory)) {
      return {directory, folded_.view(folded[index])};
    }
    return {directory, plan_.names.view(name)};
  }

  const Plan& plan_;
  const NameKeys& names_;
  NameStore folded_;                    // used only for case-insensitive directories
  std::vector<NameRef> folded_source_;  // by item; empty when no directory folds
  std::vector<NameRef> folded_target_;
};

// An item's source or target key, as KeyTable asks for it (a plain function object, so the
// lookups inline).
struct SourceKeyOf {
  const ItemKeys* keys;
  NameKey operator()(uint32_t item) const { return keys->source(item); }
};
struct TargetKeyOf {
  const ItemKeys* keys;
  NameKey operator()(uint32_t item) const { return keys->target(item); }
};

// Open-addressing hash table of item indexes (4 bytes a slot, no node per entry), keyed by
// the NameKey a caller-supplied function gives for an item. Several items may share a key;
// insert() reports the first.
class KeyTable {
 public:
  static constexpr uint32_t kNone = UINT32_MAX;
  explicit KeyTable(size_t expected_items);
  // Inserts `item` unless an item with an equal key is present; returns that item, or `item`.
  template <typename KeyOf>
  uint32_t insert(uint32_t item, const NameKey& key, const KeyOf& key_of);
  // An item whose key equals `key`, or kNone.
  template <typename KeyOf>
  [[nodiscard]] uint32_t find(const NameKey& key, const KeyOf& key_of) const;
  void clear();

 private:
  static uint64_t hash(const NameKey& key);
  size_t next(size_t slot) const { return slot + 1 == slots_.size() ? 0 : slot + 1; }
  template <typename KeyOf>
  void grow(const KeyOf& key_of);

  // item + 1; 0 is empty. Sized to the item count (at most 3/4 full), not to a power of two:
  // at a million items that is 5.3 MB instead of 8.4.
  std::vector<uint32_t> slots_;
  size_t used_ = 0;
};

template <typename KeyOf>
uint32_t KeyTable::find(const NameKey& key, const KeyOf& key_of) const {
  for (size_t slot = hash(key) % slots_.size();; slot = next(slot)) {
    uint32_t stored = slots_[slot];
    if (stored == 0) return kNone;
    if (key_of(stored - 1) == key) return stored - 1;
  }
}

template <typename KeyOf>
uint32_t KeyTable::insert(uint32_t item, const NameKey& key, const KeyOf& key_of) {
  if ((used_ + 1) * 4 > slots_.size() * 3) grow(key_of);
  for (size_t slot = hash(key) % slots_.size();; slot = next(slot)) {
    uint32_t stored = slots_[slot];
    if (stored == 0) {
      slots_[slot] = item + 1;
      ++used_;
      return item;
    }
    if (key_of(stored - 1) == key) return stored - 1;
  }
}

template <typename KeyOf>
void KeyTable::grow(const KeyOf& key_of) {
  std::vector<uint32_t> old = std::move(slots_);
  slots_.assign(old.size() * 2, 0);
  used_ = 0;
  for (uint32_t stored : old) {
    if (stored != 0) insert(stored - 1, key_of(stored - 1), key_of);
  }
}

[[nodiscard]] std::string case_fold(std::string_view name);

}  // namespace gofer::rename
