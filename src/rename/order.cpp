// Execution order for a validated plan: chains target-first, cycles through a temp name.
#include <algorithm>
#include <functional>
#include <optional>
#include <unordered_map>

#include "execution.hpp"

namespace gofer::rename {
namespace {

class Orderer {
 public:
  Orderer(const Plan& plan, const NameKeys& names)
      : plan_(plan),
        keys_(plan, names),
        sources_(plan.has_chains ? plan.items.size() : 0),
        emitted_(plan.items.size(), false) {
    for (size_t i = 0; i < plan.items.size(); ++i) {
      if (plan.items[i].status != ItemStatus::kPlanned) continue;
      if (plan.has_chains) {
        (void)sources_.insert(static_cast<uint32_t>(i), keys_.source(i), source_of_);
      }
      ++planned_;
    }
  }

  std::vector<Step> run() {
    // Deepest first (children before parents), then plan order, for a stable result. A plan
    // has few distinct depths: one sweep per depth needs no sorted copy of a million indexes.
    std::vector<int> depths;
    for (const PlanDirectory& directory : plan_.directories) depths.push_back(directory.depth);
    std::sort(depths.begin(), depths.end(), std::greater<>());
    depths.erase(std::unique(depths.begin(), depths.end()), depths.end());
    steps_.reserve(planned_);
    for (int depth : depths) {
      for (size_t i = 0; i < plan_.items.size(); ++i) {
        const PlanItem& item = plan_.items[i];
        if (item.status != ItemStatus::kPlanned || emitted_[i] || plan_.depth(item) != depth) {
          continue;
        }
        emit_from(i);
      }
    }
    return std::move(steps_);
  }

 private:
  // The item whose source is this item's target: it must move away first.
  std::optional<size_t> blocker(size_t index) const {
    if (!plan_.has_chains) return std::nullopt;
    uint32_t found = sources_.find(keys_.target(index), source_of_);
    if (found == KeyTable::kNone || found == index) return std::nullopt;
    return found;
  }

  void emit_from(size_t start) {
    std::optional<size_t> first_blocker = blocker(start);
    if (!first_blocker || emitted_[*first_blocker]) {  // the common case: nothing in the way
      emit_direct(start);
      return;
    }
    std::vector<size_t> path{start};
    std::unordered_map<size_t, size_t> position{{start, 0}};
    std::optional<size_t> next = blocker(start);
    while (next && !emitted_[*next] && !position.contains(*next)) {
      position.emplace(*next, path.size());
      path.push_back(*next);
      next = blocker(*next);
    }
    size_t chain_end = path.size();
    if (next && position.contains(*next)) {
      chain_end = position[*next];
      emit_cycle(std::vector<size_t>(path.begin() + static_cast<long>(chain_end), path.end()));
    }
    for (size_t i = chain_end; i-- > 0;) emit_direct(path[i]);
  }

  void emit_direct(size_t index) {
    emitted_[index] = true;
    if (keys_.source(index) == keys_.target(index)) {  // case-only change, case-insensitive FS
      emit_cycle({index});
      return;
    }
    steps_.emplace_back(index, StepKind::kDirect);
  }

  // cycle[k]'s target is cycle[k+1]'s source; the last one's target is cycle[0]'s source.
  void emit_cycle(const std::vector<size_t>& cycle) {
    steps_.emplace_back(cycle.front(), StepKind::kToTemp);
    for (size_t k = cycle.size(); k-- > 1;) steps_.emplace_back(cycle[k], StepKind::kCycleMember);
    steps_.emplace_back(cycle.front(), StepKind::kFromTemp);
    for (size_t index : cycle) emitted_[index] = true;
  }

  const Plan& plan_;
  ItemKeys keys_;     // the same keys validation compared, computed the same way
  KeyTable sources_;  // planned items by source key (minimal when the plan has no chains)
  SourceKeyOf source_of_{&keys_};
  std::vector<bool> emitted_;
  size_t planned_ = 0;
  std::vector<Step> steps_;
};

}  // namespace

std::vector<Step> order_steps(const Plan& plan, const NameKeys& keys) {
  return Orderer(plan, keys).run();
}

}  // namespace gofer::rename
