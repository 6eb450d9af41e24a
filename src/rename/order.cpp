// Execution order for a validated plan: chains target-first, cycles through a temp name.
#include <algorithm>
#include <filesystem>
#include <functional>
#include <numeric>
#include <optional>
#include <unordered_map>
#include <unordered_set>

#include <fmt/format.h>

#include "execution.hpp"
#include "select.hpp"

namespace gofer::rename {
namespace {

std::string absolute_string(const std::filesystem::path& path) {
  std::error_code ignored;
  return std::filesystem::absolute(path, ignored).lexically_normal().string();
}

// absolute() calls getcwd(2) each time; 100,000 entries share a handful of directories.
class AbsolutePaths {
 public:
  explicit AbsolutePaths(const Plan& plan) : plan_(plan), directories_(plan.directories.size()) {}

  std::string join(uint32_t directory, std::string_view name) {
    std::string& absolute = directories_[directory];
    if (absolute.empty()) {
      absolute = absolute_string(plan_.directories[directory].path);
      if (absolute.back() != '/') absolute += '/';
    }
    std::string out;
    out.reserve(absolute.size() + name.size());
    out += absolute;
    out += name;
    return out;
  }

 private:
  const Plan& plan_;
  std::vector<std::string> directories_;
};

class Orderer {
 public:
  Orderer(const Plan& plan, std::string_view run_id, const NameKeys& names)
      : plan_(plan), run_id_(run_id), keys_(plan, names), sources_(plan.items.size()),
        emitted_(plan.items.size(), false), paths_(plan) {
    for (size_t i = 0; i < plan.items.size(); ++i) {
      if (plan.items[i].status != ItemStatus::kPlanned) continue;
      (void)sources_.insert(static_cast<uint32_t>(i), keys_.source(i), source_of_);
      planned_.push_back(i);
    }
  }

  std::vector<Step> run() {
    std::vector<size_t> order = planned_;
    // Deepest first (children before parents), then plan order, for a stable result.
    std::sort(order.begin(), order.end(), [&](size_t a, size_t b) {
      int da = plan_.depth(plan_.items[a]), db = plan_.depth(plan_.items[b]);
      return da != db ? da > db : a < b;
    });
    steps_.reserve(order.size());
    for (size_t index : order) {
      if (!emitted_[index]) emit_from(index);
    }
    return std::move(steps_);
  }

 private:
  // The item whose source is this item's target: it must move away first.
  std::optional<size_t> blocker(size_t index) const {
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
    const PlanItem& item = plan_.items[index];
    emitted_[index] = true;
    if (keys_.source(index) == keys_.target(index)) {  // case-only change, case-insensitive FS
      emit_cycle({index});
      return;
    }
    steps_.push_back({index, item.inode, paths_.join(item.directory, plan_.old_name(item)),
                      paths_.join(item.directory, plan_.new_name(item)), true, true});
  }

  // cycle[k]'s target is cycle[k+1]'s source; the last one's target is cycle[0]'s source.
  void emit_cycle(const std::vector<size_t>& cycle) {
    size_t first = cycle.front();
    const PlanItem& head = plan_.items[first];
    std::string temp =
        paths_.join(head.directory, fmt::format("{}{}-{}", kTempPrefix, run_id_, first));
    steps_.push_back(
        {first, head.inode, paths_.join(head.directory, plan_.old_name(head)), temp, false, false});
    for (size_t k = cycle.size(); k-- > 1;) {
      const PlanItem& item = plan_.items[cycle[k]];
      steps_.push_back({cycle[k], item.inode, paths_.join(item.directory, plan_.old_name(item)),
                        paths_.join(item.directory, plan_.new_name(item)), false, true});
    }
    steps_.push_back(
        {first, head.inode, temp, paths_.join(head.directory, plan_.new_name(head)), true, true});
    for (size_t index : cycle) emitted_[index] = true;
  }

  const Plan& plan_;
  std::string run_id_;
  ItemKeys keys_;  // the same keys validation compared, computed the same way
  KeyTable sources_;  // planned items by source key
  std::function<NameKey(uint32_t)> source_of_ = [this](uint32_t i) { return keys_.source(i); };
  std::vector<bool> emitted_;
  std::vector<size_t> planned_;
  std::vector<Step> steps_;
  AbsolutePaths paths_;
};

}  // namespace

std::vector<Step> order_steps(const Plan& plan, std::string_view run_id, const NameKeys& keys) {
  return Orderer(plan, run_id, keys).run();
}

}  // namespace gofer::rename
