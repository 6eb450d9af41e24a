// Execution order for a validated plan: chains target-first, cycles through a temp name.
#include <algorithm>
#include <filesystem>
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
  std::string join(const std::filesystem::path& directory, std::string_view name) {
    auto [it, inserted] = directories_.try_emplace(directory.native());
    if (inserted) {
      it->second = absolute_string(directory);
      if (it->second.back() != '/') it->second += '/';
    }
    return it->second + std::string(name);
  }

 private:
  std::unordered_map<std::string, std::string> directories_;
};

class Orderer {
 public:
  Orderer(const Plan& plan, std::string_view run_id, NameKeys& keys)
      : plan_(plan), run_id_(run_id), source_key_(plan.items.size()),
        target_key_(plan.items.size()), emitted_(plan.items.size(), false) {
    by_source_.reserve(plan.items.size());
    for (size_t i = 0; i < plan.items.size(); ++i) {
      if (plan.items[i].status != ItemStatus::kPlanned) continue;
      const PlanItem& item = plan.items[i];
      source_key_[i] = keys.key(item.directory, item.old_name);
      target_key_[i] = keys.key(item.directory, item.new_name);
      by_source_.emplace(source_key_[i], i);
      planned_.push_back(i);
    }
  }

  std::vector<Step> run() {
    std::vector<size_t> order = planned_;
    // Deepest first (children before parents), then plan order, for a stable result.
    std::sort(order.begin(), order.end(), [&](size_t a, size_t b) {
      int da = plan_.items[a].depth, db = plan_.items[b].depth;
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
    auto found = by_source_.find(target_key_[index]);
    if (found == by_source_.end() || found->second == index) return std::nullopt;
    return found->second;
  }

  void emit_from(size_t start) {
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
    if (source_key_[index] == target_key_[index]) {  // case-only change, case-insensitive FS
      emit_cycle({index});
      return;
    }
    steps_.push_back({index, item.inode, paths_.join(item.directory, item.old_name),
                      paths_.join(item.directory, item.new_name), true, true});
  }

  // cycle[k]'s target is cycle[k+1]'s source; the last one's target is cycle[0]'s source.
  void emit_cycle(const std::vector<size_t>& cycle) {
    size_t first = cycle.front();
    const PlanItem& head = plan_.items[first];
    std::string temp =
        paths_.join(head.directory, fmt::format("{}{}-{}", kTempPrefix, run_id_, first));
    steps_.push_back(
        {first, head.inode, paths_.join(head.directory, head.old_name), temp, false, false});
    for (size_t k = cycle.size(); k-- > 1;) {
      const PlanItem& item = plan_.items[cycle[k]];
      steps_.push_back({cycle[k], item.inode, paths_.join(item.directory, item.old_name),
                        paths_.join(item.directory, item.new_name), false, true});
    }
    steps_.push_back(
        {first, head.inode, temp, paths_.join(head.directory, head.new_name), true, true});
    for (size_t index : cycle) emitted_[index] = true;
  }

  const Plan& plan_;
  std::string run_id_;
  std::vector<std::string> source_key_;  // by item index; empty for items not planned
  std::vector<std::string> target_key_;
  std::vector<bool> emitted_;
  std::vector<size_t> planned_;
  std::unordered_map<std::string_view, size_t> by_source_;
  std::vector<Step> steps_;
  AbsolutePaths paths_;
};

}  // namespace

std::vector<Step> order_steps(const Plan& plan, std::string_view run_id, NameKeys& keys) {
  return Orderer(plan, run_id, keys).run();
}

}  // namespace gofer::rename
