// Planning: selected entries -> new names -> a validated plan with every conflict marked.
#include <sys/stat.h>

#include <algorithm>
#include <optional>
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

// Planning state shared by the rule and map paths: the plan being built, and what readdir saw.
struct Draft {
  Plan plan;
  std::vector<std::optional<std::vector<uint64_t>>> listings;
};

// Empty string: the name is acceptable.
std::string invalid_name_reason(std::string_view name, bool allow_slash);

// Stores the new name (marking it invalid from its full text: the store may cut it); returns
// whether the item is kept as plan.items[slot]. Unchanged names join their directory's
// listing, since they still exist there.
bool plan_item(Draft& draft, PlanItem& item, std::string_view new_name, size_t slot,
               const RenameOptions& options) {
  Plan& plan = draft.plan;
  if (new_name == plan.old_name(item)) {
    ++plan.unchanged;
    auto& listing = draft.listings[item.directory];
    if (listing) listing->push_back(name_hash(new_name));
    return false;
  }
  item.new_name = plan.names.add(new_name);
  item.status = ItemStatus::kPlanned;
  std::string reason = invalid_name_reason(new_name, options.make_directories);
  if (!reason.empty()) {
    item.status =
        options.on_conflict == ConflictPolicy::kSkip ? ItemStatus::kSkipped : ItemStatus::kConflict;
    plan.reasons[slot] = std::move(reason);
  }
  return true;
}

Status items_from_rules(const RenameOptions& options, Draft& draft) {
  GOFER_TRY_ASSIGN(RuleChain chain, RuleChain::compile(options.rules));
  GOFER_TRY_ASSIGN(Selection selection,
                   select_entries(options.select, needs_metadata(options), options.keep_inodes));
  Plan& plan = draft.plan;
  plan.directories = std::move(selection.directories);
  plan.names = std::move(selection.names);
  draft.listings = std::move(selection.listings);
  std::vector<std::string> parents;
  for (const PlanDirectory& directory : plan.directories) {
    parents.push_back(directory_name(directory.path));
  }
  // Kept items are written back into the selection's own vector: no second copy of a million.
  plan.items = std::move(selection.entries);
  plan.inodes = std::move(selection.inodes);
  bool needs_path = chain.reads_content();  // building a path per entry is not free
  EntryFacts facts;
  facts.warnings = &plan.warnings;
  size_t kept = 0;
  for (size_t i = 0; i < plan.items.size(); ++i) {
    PlanItem entry = plan.items[i];
    std::string_view name = plan.names.view(entry.old_name);
    const std::filesystem::path& directory = plan.directories[entry.directory].path;
    facts.path = needs_path ? directory / name : std::filesystem::path();
    if (facts.parent != parents[entry.directory]) facts.parent = parents[entry.directory];
    if (!selection.metadata.empty()) {
      facts.size = selection.metadata[i].size;
      facts.mtime = selection.metadata[i].mtime_sec;
    }
    facts.index = i;
    Result<std::string> new_name = chain.apply(name, facts);
    if (!new_name && new_name.error().category() == ErrorCategory::kConflict) {
      // A file lacking a metadata key: a conflict of its own, so that every such file is
      // listed and nothing is renamed (exit 3), whatever --on-conflict says.
      entry.new_name = plan.names.add(name);
      entry.status = ItemStatus::kConflict;
      plan.reasons[kept] = new_name.error().cause();
      ++plan.missing_metadata;
    } else if (!new_name) {
      return std::unexpected(std::move(new_name).error());
    } else if (!plan_item(draft, entry, *new_name, kept, options)) {
      continue;
    }
    plan.inodes.visit([&](auto& inodes) {
      if (!inodes.empty()) inodes[kept] = inodes[i];
    });
    plan.items[kept++] = entry;
  }
  plan.items.resize(kept);
  plan.inodes.visit([&](auto& inodes) { inodes.resize(inodes.empty() ? 0 : kept); });
  return {};
}

Status items_from_map(const std::vector<MapPair>& map, const RenameOptions& options, Draft& draft) {
  Plan& plan = draft.plan;
  std::unordered_map<std::string, uint32_t> directory_index;
  for (const MapPair& pair : map) {
    GOFER_TRY_ASSIGN(struct stat info, with_context(lstat_path(pair.old_path), "--map entry"));
    std::filesystem::path directory = pair.old_path.parent_path();
    if (directory.empty()) directory = ".";
    auto [it, inserted] = directory_index.try_emplace(
        directory.native(), static_cast<uint32_t>(plan.directories.size()));
    if (inserted) {
      plan.directories.push_back({directory, 0});
      draft.listings.emplace_back();  // not listed: existence checks use lstat
    }
    PlanItem item;
    item.old_name = plan.names.add(pair.old_path.filename().native());
    item.directory = it->second;
    item.is_directory = S_ISDIR(info.st_mode);
    if (plan_item(draft, item, pair.new_name, plan.items.size(), options)) {
      plan.items.push_back(item);
      if (options.keep_inodes) plan.inodes.push_back(info.st_ino);
    }
  }
  return {};
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

}  // namespace

Status validate_plan(Plan& plan, const RenameOptions& options, NameKeys& keys);

size_t Plan::count(ItemStatus status) const {
  return static_cast<size_t>(std::count_if(
      items.begin(), items.end(), [&](const PlanItem& item) { return item.status == status; }));
}

std::string_view Plan::reason(size_t index) const {
  auto found = reasons.find(index);
  return found == reasons.end() ? std::string_view() : std::string_view(found->second);
}

void Plan::set_status(size_t index, ItemStatus status, std::string reason) {
  items[index].status = status;
  if (reason.empty()) {
    reasons.erase(index);
  } else {
    reasons[index] = std::move(reason);
  }
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
  Draft draft;
  if (options.map.empty()) {
    GOFER_TRY(items_from_rules(options, draft));
  } else {
    GOFER_TRY(items_from_map(options.map, options, draft));
  }
  for (auto& listing : draft.listings) {
    if (listing) std::sort(listing->begin(), listing->end());
  }
  NameKeys keys(draft.plan.directories, options.assume_case_insensitive);
  keys.set_listings(std::move(draft.listings));
  GOFER_TRY(validate_plan(draft.plan, options, keys));
  return std::move(draft.plan);
}

}  // namespace gofer::rename
