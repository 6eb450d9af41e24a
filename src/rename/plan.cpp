// Planning: selected entries -> new names -> a validated plan with every conflict marked.
#include <sys/stat.h>

#include <algorithm>
#include <unordered_map>
#include <unordered_set>

#include <fmt/format.h>

#include "gofer/fs.hpp"
#include "gofer/rename/rename.hpp"
#include "name_keys.hpp"
#include "select.hpp"

namespace gofer::rename {
namespace {

// NAME_MAX on every Linux filesystem gofer targets.
constexpr size_t kMaxNameBytes = 255;

std::string directory_name(const std::filesystem::path& directory) {
  std::error_code ignored;
  std::filesystem::path absolute = std::filesystem::absolute(directory, ignored).lexically_normal();
  std::string name = absolute.filename().string();
  if (name.empty()) name = absolute.parent_path().filename().string();
  return name;
}

bool template_uses(const RenameOptions& options, std::string_view placeholder) {
  for (const Rule& rule : options.rules.rules) {
    const auto* name_template = std::get_if<TemplateRule>(&rule);
    if (name_template != nullptr && name_template->text.find(placeholder) != std::string::npos) {
      return true;
    }
  }
  return false;
}

// Size and mtime cost a stat per entry; readdir alone has name, type and inode.
bool needs_metadata(const RenameOptions& options) {
  return options.select.sort == SortKey::kMtime || options.select.sort == SortKey::kSize ||
         template_uses(options, "{mtime") || template_uses(options, "{size");
}

Result<std::vector<PlanItem>> items_from_rules(const RenameOptions& options, size_t& unchanged,
                                               NameKeys& keys) {
  GOFER_TRY_ASSIGN(RuleChain chain, RuleChain::compile(options.rules));
  GOFER_TRY_ASSIGN(Selection selection, select_entries(options.select, needs_metadata(options)));
  std::vector<std::string> parents;
  for (size_t d = 0; d < selection.directories.size(); ++d) {
    parents.push_back(directory_name(selection.directories[d]));
    if (!selection.listings[d].empty()) {
      keys.add_listing(selection.directories[d], std::move(selection.listings[d]));
    }
  }
  std::vector<PlanItem> items;
  bool needs_path = template_uses(options, "{hash");  // building a path per entry is not free
  for (size_t i = 0; i < selection.entries.size(); ++i) {
    Entry& entry = selection.entries[i];
    const std::filesystem::path& directory = selection.directories[entry.directory];
    EntryFacts facts{needs_path ? directory / entry.name : std::filesystem::path(),
                     parents[entry.directory], entry.size, entry.mtime_sec, i};
    GOFER_TRY_ASSIGN(std::string new_name, chain.apply(entry.name, facts));
    if (new_name == entry.name) {
      ++unchanged;
      continue;
    }
    items.push_back({directory, std::move(entry.name), std::move(new_name), ItemStatus::kPlanned,
                     "", entry.is_directory(), entry.depth, entry.inode});
  }
  return items;
}

Result<std::vector<PlanItem>> items_from_map(const std::vector<MapPair>& map, size_t& unchanged) {
  std::vector<PlanItem> items;
  for (const MapPair& pair : map) {
    GOFER_TRY_ASSIGN(struct stat info, with_context(lstat_path(pair.old_path), "--map entry"));
    if (pair.old_path.filename() == pair.new_name) {
      ++unchanged;
      continue;
    }
    std::filesystem::path directory = pair.old_path.parent_path();
    items.push_back({directory.empty() ? "." : directory, pair.old_path.filename().string(),
                     pair.new_name, ItemStatus::kPlanned, "", S_ISDIR(info.st_mode), 0,
                     info.st_ino});
  }
  return items;
}

// Empty string: the name is acceptable.
std::string invalid_name_reason(std::string_view name, bool allow_slash) {
  if (name.empty()) return "new name is empty";
  if (name.find('\0') != std::string_view::npos) return "new name contains a NUL byte";
  if (!allow_slash && name.find('/') != std::string_view::npos) {
    return "new name contains '/' (use --mkdir to create directories)";
  }
  size_t start = 0;
  while (start <= name.size()) {
    size_t end = std::min(name.find('/', start), name.size());
    std::string_view part = name.substr(start, end - start);
    if (part.empty() || part == "." || part == "..") {
      return fmt::format("new name has an invalid component '{}'", part);
    }
    if (part.size() > kMaxNameBytes) {
      return fmt::format("new name is {} bytes, over the {}-byte limit", part.size(),
                         kMaxNameBytes);
    }
    start = end + 1;
  }
  return {};
}

void mark(PlanItem& item, ConflictPolicy policy, std::string reason) {
  item.status = policy == ConflictPolicy::kSkip ? ItemStatus::kSkipped : ItemStatus::kConflict;
  item.reason = std::move(reason);
}

}  // namespace

Status validate_plan(Plan& plan, const RenameOptions& options, NameKeys& keys);

size_t Plan::count(ItemStatus status) const {
  return static_cast<size_t>(std::count_if(items.begin(), items.end(),
                                           [&](const PlanItem& item) { return item.status == status; }));
}

std::string_view to_string(ItemStatus status) {
  switch (status) {
    case ItemStatus::kPlanned: return "planned";
    case ItemStatus::kConflict: return "conflict";
    case ItemStatus::kSkipped: return "skipped";
    case ItemStatus::kRenamed: return "renamed";
    case ItemStatus::kFailed: return "failed";
  }
  return "unknown";
}

Result<Plan> plan_renames(const RenameOptions& options) {
  Plan plan;
  NameKeys keys(options.assume_case_insensitive);
  if (options.map.empty()) {
    GOFER_TRY_ASSIGN(plan.items, items_from_rules(options, plan.unchanged, keys));
  } else {
    GOFER_TRY_ASSIGN(plan.items, items_from_map(options.map, plan.unchanged));
  }
  for (PlanItem& item : plan.items) {
    std::string reason = invalid_name_reason(item.new_name, options.make_directories);
    if (!reason.empty()) mark(item, options.on_conflict, std::move(reason));
  }
  GOFER_TRY(validate_plan(plan, options, keys));
  return plan;
}

}  // namespace gofer::rename
