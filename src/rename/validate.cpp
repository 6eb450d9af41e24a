// Whole-plan validation: duplicate targets, existing targets, cascades; --on-conflict policy.
#include <functional>
#include <map>
#include <optional>
#include <vector>

#include <fmt/format.h>

#include "gofer/rename/rename.hpp"
#include "name_keys.hpp"

namespace gofer::rename {
namespace {

// Upper bound for " (N)" suffixes; a directory with more collisions than this is pathological.
constexpr int kMaxNumberSuffix = 10000;

std::string numbered_name(std::string_view name, int number) {
  size_t dot = name.rfind('.');
  bool has_ext = dot != std::string_view::npos && dot > 0 && name.find('/', dot) == name.npos;
  std::string_view stem = has_ext ? name.substr(0, dot) : name;
  std::string_view ext = has_ext ? name.substr(dot) : std::string_view();
  return fmt::format("{} ({}){}", stem, number, ext);
}

class Validator {
 public:
  Validator(Plan& plan, const RenameOptions& options, NameKeys& names)
      : plan_(plan), policy_(options.on_conflict), names_(names), keys_(plan, names) {}

  void run() {
    while (pass()) {
    }
  }

 private:
  static constexpr uint8_t kMoving = 1;   // some planned item has this source
  static constexpr uint8_t kStaying = 2;  // some item that will not move has it

  // One sweep; returns true if any item changed (so later items must be re-checked).
  bool pass() {
    // Numbering asks whether a candidate is some item's source while resolving duplicates.
    if (policy_ == ConflictPolicy::kNumber) index_sources();
    if (resolve_duplicates()) return true;
    index_sources();
    return check_targets();
  }

  // Source states are kept per first item with that key, and rebuilt every pass. The table is
  // built after the first duplicate check, whose target table is gone by then unless
  // numbering needs it: one table at a time keeps a million-entry plan under 100 MB.
  void index_sources() {
    if (!sources_) {
      sources_.emplace(plan_.items.size());
      for (size_t i = 0; i < plan_.items.size(); ++i) {
        (void)sources_->insert(static_cast<uint32_t>(i), keys_.source(i), source_of_);
      }
    }
    source_state_.assign(plan_.items.size(), 0);
    for (size_t i = 0; i < plan_.items.size(); ++i) {
      uint32_t first = sources_->find(keys_.source(i), source_of_);
      source_state_[first] |= plan_.items[i].status == ItemStatus::kPlanned ? kMoving : kStaying;
    }
  }

  uint8_t source_state(const NameKey& key) const {
    uint32_t first = sources_->find(key, source_of_);
    return first == KeyTable::kNone ? 0 : source_state_[first];
  }

  // With --on-conflict number, also leaves targets_ holding every planned item's target.
  bool resolve_duplicates() {
    targets_.emplace(plan_.items.size());
    std::map<uint32_t, std::vector<uint32_t>> duplicates;  // ordered: deterministic numbering
    for (size_t i = 0; i < plan_.items.size(); ++i) {
      if (plan_.items[i].status != ItemStatus::kPlanned) continue;
      auto index = static_cast<uint32_t>(i);
      uint32_t first = targets_->insert(index, keys_.target(i), target_of_);
      if (first == index) continue;
      auto& group = duplicates[first];
      if (group.empty()) group.push_back(first);
      group.push_back(index);
    }
    for (auto& [first, indexes] : duplicates) {
      for (size_t n = 0; n < indexes.size(); ++n) {
        if (policy_ == ConflictPolicy::kNumber) {
          if (n > 0) renumber(indexes[n]);
        } else {
          set_conflict(indexes[n], fmt::format("{} entries would get this name", indexes.size()));
        }
      }
    }
    if (policy_ != ConflictPolicy::kNumber) targets_.reset();
    return !duplicates.empty();
  }

  // The last (unchanged) pass leaves Plan::has_chains describing the final plan.
  bool check_targets() {
    bool changed = false;
    plan_.has_chains = false;
    for (size_t i = 0; i < plan_.items.size(); ++i) {
      const PlanItem& item = plan_.items[i];
      if (item.status != ItemStatus::kPlanned) continue;
      NameKey target = keys_.target(i);
      uint8_t state = source_state(target);
      if ((state & kMoving) != 0) plan_.has_chains = true;  // a case-only change counts too
      if (target == keys_.source(i) || (state & kMoving) != 0) continue;  // case-only / chain
      std::string reason;
      if ((state & kStaying) != 0) {
        reason = "target exists and is not being renamed";
      } else if (names_.exists(item.directory, plan_.new_name(item))) {
        reason = "target exists";
      } else {
        continue;
      }
      changed = true;
      if (policy_ == ConflictPolicy::kNumber) {
        renumber(i);
      } else {
        set_conflict(i, std::move(reason));
      }
    }
    return changed;
  }

  void renumber(size_t index) {
    PlanItem& item = plan_.items[index];
    std::string base(plan_.new_name(item));
    std::string storage;
    for (int number = 2; number <= kMaxNumberSuffix; ++number) {
      std::string candidate = numbered_name(base, number);
      NameKey key = names_.key(item.directory, candidate, storage);
      bool free = source_state(key) == 0 && targets_->find(key, target_of_) == KeyTable::kNone &&
                  !names_.exists(item.directory, candidate);
      if (free) {
        item.new_name = plan_.names.add(candidate);
        keys_.retarget(index);
        (void)targets_->insert(static_cast<uint32_t>(index), keys_.target(index), target_of_);
        return;
      }
    }
    plan_.set_status(index, ItemStatus::kConflict, "no free numbered name for " + base);
  }

  void set_conflict(size_t index, std::string reason) {
    plan_.set_status(
        index, policy_ == ConflictPolicy::kSkip ? ItemStatus::kSkipped : ItemStatus::kConflict,
        std::move(reason));
  }

  Plan& plan_;
  ConflictPolicy policy_;
  NameKeys& names_;
  ItemKeys keys_;
  std::optional<KeyTable> sources_;    // every item, by source key
  std::optional<KeyTable> targets_;    // planned items, by target key
  std::vector<uint8_t> source_state_;  // by the first item with a source key
  SourceKeyOf source_of_{&keys_};
  TargetKeyOf target_of_{&keys_};
};

}  // namespace

Status validate_plan(Plan& plan, const RenameOptions& options, NameKeys& keys) {
  Validator(plan, options, keys).run();
  return {};
}

}  // namespace gofer::rename
