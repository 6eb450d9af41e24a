// Whole-plan validation: duplicate targets, existing targets, cascades; --on-conflict policy.
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include <fmt/format.h>

#include "gofer/fs.hpp"
#include "gofer/rename/rename.hpp"
#include "name_keys.hpp"

namespace gofer::rename {
namespace {

// Upper bound for " (N)" suffixes; a directory with more collisions than this is pathological.
constexpr int kMaxNumberSuffix = 10000;

struct Keys {
  std::vector<std::string> source;
  std::vector<std::string> target;
};

Keys compute_keys(const Plan& plan, NameKeys& name_keys) {
  Keys keys;
  for (const PlanItem& item : plan.items) {
    keys.source.push_back(name_keys.key(item.directory, item.old_name));
    keys.target.push_back(name_keys.key(item.directory, item.new_name));
  }
  return keys;
}

void set_conflict(PlanItem& item, ConflictPolicy policy, std::string reason) {
  item.status = policy == ConflictPolicy::kSkip ? ItemStatus::kSkipped : ItemStatus::kConflict;
  item.reason = std::move(reason);
}

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
      : plan_(plan), policy_(options.on_conflict), names_(names),
        keys_(compute_keys(plan, names_)) {}

  void run() {
    while (pass()) {
    }
  }

 private:
  // One sweep; returns true if any item changed (so later items must be re-checked).
  bool pass() {
    index_sources();
    return resolve_duplicates() || check_targets();
  }

  // Views into keys_: rebuilt every pass, so a renumbered key never leaves one dangling.
  void index_sources() {
    moving_.clear();
    staying_.clear();
    targets_.clear();
    moving_.reserve(plan_.items.size());
    // Only --on-conflict number asks "is this name some other item's target?"
    bool numbering = policy_ == ConflictPolicy::kNumber;
    for (size_t i = 0; i < plan_.items.size(); ++i) {
      if (plan_.items[i].status == ItemStatus::kPlanned) {
        moving_.insert(keys_.source[i]);
        if (numbering) targets_.insert(keys_.target[i]);
      } else {
        staying_.insert(keys_.source[i]);
      }
    }
  }

  bool resolve_duplicates() {
    std::unordered_map<std::string_view, size_t> first_with_target;
    first_with_target.reserve(plan_.items.size());
    std::unordered_map<std::string_view, std::vector<size_t>> duplicates;
    for (size_t i = 0; i < plan_.items.size(); ++i) {
      if (plan_.items[i].status != ItemStatus::kPlanned) continue;
      auto [first, inserted] = first_with_target.try_emplace(keys_.target[i], i);
      if (inserted) continue;
      auto& group = duplicates[first->first];
      if (group.empty()) group.push_back(first->second);
      group.push_back(i);
    }
    for (auto& [key, indexes] : duplicates) {
      for (size_t n = 0; n < indexes.size(); ++n) {
        PlanItem& item = plan_.items[indexes[n]];
        if (policy_ == ConflictPolicy::kNumber) {
          if (n > 0) renumber(indexes[n]);
        } else {
          set_conflict(item, policy_,
                       fmt::format("{} entries would get this name", indexes.size()));
        }
      }
    }
    return !duplicates.empty();
  }

  bool check_targets() {
    bool changed = false;
    for (size_t i = 0; i < plan_.items.size(); ++i) {
      PlanItem& item = plan_.items[i];
      if (item.status != ItemStatus::kPlanned) continue;
      const std::string& target = keys_.target[i];
      if (target == keys_.source[i] || moving_.contains(target)) continue;  // case-only / chain
      std::string reason;
      if (staying_.contains(target)) {
        reason = "target exists and is not being renamed";
      } else if (names_.exists(item.directory, item.new_name)) {
        reason = "target exists";
      } else {
        continue;
      }
      changed = true;
      if (policy_ == ConflictPolicy::kNumber) {
        renumber(i);
      } else {
        set_conflict(item, policy_, std::move(reason));
      }
    }
    return changed;
  }

  void renumber(size_t index) {
    PlanItem& item = plan_.items[index];
    std::string base = item.new_name;
    for (int number = 2; number <= kMaxNumberSuffix; ++number) {
      std::string candidate = numbered_name(base, number);
      std::string key = names_.key(item.directory, candidate);
      bool free = !moving_.contains(key) && !staying_.contains(key) &&
                  !targets_.contains(key) && !names_.exists(item.directory, candidate);
      if (free) {
        item.new_name = std::move(candidate);
        keys_.target[index] = std::move(key);
        targets_.insert(keys_.target[index]);
        return;
      }
    }
    set_conflict(item, ConflictPolicy::kFail, "no free numbered name for " + base);
  }

  Plan& plan_;
  ConflictPolicy policy_;
  NameKeys& names_;
  Keys keys_;
  std::unordered_set<std::string_view> moving_;
  std::unordered_set<std::string_view> staying_;
  std::unordered_set<std::string_view> targets_;  // targets of planned items
};

}  // namespace

Status validate_plan(Plan& plan, const RenameOptions& options, NameKeys& keys) {
  Validator(plan, options, keys).run();
  return {};
}

}  // namespace gofer::rename
