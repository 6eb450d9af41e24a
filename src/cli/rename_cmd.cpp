// `gofer rename`: flags -> RenameOptions (validated), then plan, preview or apply, undo.
#include "rename_cmd.hpp"

#include <cstdlib>
#include <map>

#include <fmt/format.h>

#include "command.hpp"
#include "gofer/fs.hpp"
#include "gofer/platform_fs.hpp"
#include "gofer/rename/rename.hpp"
#include "gofer/std_streams.hpp"
#include "json_report.hpp"
#include "map_file.hpp"
#include "rename_render.hpp"

namespace gofer::cli {

const std::string_view kRenameExamples = R"(Examples:
  gofer rename --glob '*.csv' -e ' ' -r _ --case lower -x    'Sales Report 2024.CSV' -> 'sales_report_2024.csv'
  gofer rename --sort mtime --template '{mtime:%Y-%m-%d}_{n:03}.{ext}' photos/
  gofer rename --mkdir --template '{exif.date:%Y/%m}/{exif.date:%Y%m%d_%H%M%S}_{n:03}.{ext}' DCIM/
  gofer rename --mkdir --template '{tag.artist}/{tag.album|Unknown}/{tag.track:02} {tag.title}.{ext}' Music/
  gofer rename --undo                                         revert the last applied run)";

namespace {

// glibc's initial mmap threshold, kept fixed (see RenameCommand::execute).
constexpr int kMmapThreshold = 128 * 1024;

// Raw flag values, as CLI11 fills them (stage one); validate() makes RenameOptions.
struct RenameFlags {
  bool apply = false;
  std::vector<std::string> finds, replaces;
  bool literal = false, ignore_case = false, first_only = false;
  std::vector<std::string> cases, slugs, templates;
  std::string scope = "name";
  int64_t start = 1, step = 1;
  std::string map_file;
  std::vector<std::string> paths, includes, excludes;
  bool recursive = false, hidden = false, reverse = false, make_dirs = false;
  int max_depth = -1;
  std::string type = "f", sort = "natural", on_conflict = "fail";
  std::string undo_id;
  bool history = false;
};

Result<rename::Scope> parse_scope(std::string_view text) {
  if (text == "name") return rename::Scope::kName;
  if (text == "stem") return rename::Scope::kStem;
  if (text == "ext") return rename::Scope::kExt;
  return fail(usage(fmt::format("--scope: expected name, stem or ext, got '{}'", text)));
}

// Rules in command-line order: CLI11's parse_order() lists every occurrence of every option.
Result<std::vector<rename::Rule>> ordered_rules(const CLI::App& app, const RenameFlags& flags) {
  if (flags.finds.size() != flags.replaces.size()) {
    return fail(usage("every -e/--find needs a -r/--replace (use -r '' to delete the match)"));
  }
  std::map<std::string, size_t> seen;
  std::vector<rename::Rule> rules;
  for (const CLI::Option* option : app.parse_order()) {
    std::string name = option->get_name();
    size_t k = seen[name]++;
    if (name == "--find") {
      rules.emplace_back(rename::FindReplaceRule{flags.finds[k], flags.replaces[k], flags.literal,
                                                 flags.ignore_case, flags.first_only});
    } else if (name == "--case") {
      GOFER_TRY_ASSIGN(rename::CaseStyle style, rename::parse_case_style(flags.cases[k]));
      rules.emplace_back(rename::CaseRule{style});
    } else if (name == "--slug") {
      rules.emplace_back(rename::SlugRule{flags.slugs[k]});
    } else if (name == "--template") {
      rules.emplace_back(rename::TemplateRule{flags.templates[k]});
    }
  }
  return rules;
}

Result<rename::SelectOptions> select_options(const RenameFlags& flags) {
  rename::SelectOptions select;
  select.paths.assign(flags.paths.begin(), flags.paths.end());
  select.include_globs = flags.includes;
  select.exclude_globs = flags.excludes;
  select.recursive = flags.recursive || flags.max_depth >= 0;
  select.max_depth = flags.max_depth;
  select.hidden = flags.hidden;
  select.reverse = flags.reverse;
  static const std::map<std::string, rename::EntryType> kTypes{{"f", rename::EntryType::kFile},
                                                               {"d", rename::EntryType::kDirectory},
                                                               {"any", rename::EntryType::kAny}};
  static const std::map<std::string, rename::SortKey> kSorts{{"natural", rename::SortKey::kNatural},
                                                             {"name", rename::SortKey::kName},
                                                             {"mtime", rename::SortKey::kMtime},
                                                             {"size", rename::SortKey::kSize}};
  select.type = kTypes.at(flags.type);  // CLI11's IsMember already checked both
  select.sort = kSorts.at(flags.sort);
  return select;
}

constexpr std::string_view kNoRuleGiven =
    "no rule given: use -e/-r, --case, --slug, --template or --map";

Result<rename::RenameOptions> validate(const CLI::App& app, const RenameFlags& flags) {
  rename::RenameOptions options;
  GOFER_TRY_ASSIGN(options.select, select_options(flags));
  GOFER_TRY_ASSIGN(options.rules.rules, ordered_rules(app, flags));
  GOFER_TRY_ASSIGN(options.rules.scope, parse_scope(flags.scope));
  options.rules.start = flags.start;
  options.rules.step = flags.step;
  options.make_directories = flags.make_dirs;
  static const std::map<std::string, rename::ConflictPolicy> kPolicies{
      {"fail", rename::ConflictPolicy::kFail},
      {"skip", rename::ConflictPolicy::kSkip},
      {"number", rename::ConflictPolicy::kNumber}};
  options.on_conflict = kPolicies.at(flags.on_conflict);
  if (!flags.map_file.empty()) {
    if (!options.rules.rules.empty()) return fail(usage("--map cannot be combined with rules"));
    GOFER_TRY_ASSIGN(options.map, read_rename_map(flags.map_file));
    if (options.map.empty()) return fail(usage("--map " + flags.map_file + " has no pairs"));
  } else if (options.rules.rules.empty()) {
    return fail(usage(std::string(kNoRuleGiven)));
  }
  options.assume_case_insensitive = std::getenv("GOFER_TEST_ASSUME_CASE_INSENSITIVE") != nullptr;
  return options;
}

// --undo reverts a run wherever it was, so a word after it was meant as the run's ID.
Status check_undo_operands(const RenameFlags& flags) {
  if (flags.paths.empty()) return {};
  return fail(
      usage(fmt::format("--undo takes no PATH; to revert one run, attach its ID: "
                        "--undo={} (IDs: gofer rename --history)",
                        flags.paths.front())));
}

class RenameCommand final : public Command {
 public:
  void configure(CLI::App& app) override;
  Result<ExitCode> execute(const Invocation& invocation) override;
  Result<ExitCode> preview(const Invocation& invocation) override;
  Status check_options() const override;

 private:
  Result<ExitCode> run_undo_or_history(const Invocation& invocation,
                                       const std::filesystem::path& state_dir);
  CLI::App* app_ = nullptr;
  CLI::Option* undo_option_ = nullptr;
  RenameFlags flags_;
};

Result<ExitCode> RenameCommand::run_undo_or_history(const Invocation& invocation,
                                                    const std::filesystem::path& state_dir) {
  if (flags_.history) {
    GOFER_TRY_ASSIGN(auto runs, rename::list_runs(state_dir));
    render_history(runs, invocation);
    return ExitCode::kOk;
  }
  GOFER_TRY(check_undo_operands(flags_));
  GOFER_TRY_ASSIGN(auto report, rename::undo_run(state_dir, flags_.undo_id));
  render_undo(report, invocation);
  return report.failed > 0 ? ExitCode::kPartialFailure : ExitCode::kOk;
}

// The rules compiled as plan_renames() compiles them (a bad regex or template is refused here).
Status RenameCommand::check_options() const {
  if (flags_.history || undo_option_->count() > 0) return {};
  rename::RuleOptions rules;
  GOFER_TRY_ASSIGN(rules.rules, ordered_rules(*app_, flags_));
  // The map file may be what an earlier step writes: only the combination is checked here.
  if (!flags_.map_file.empty()) {
    if (!rules.rules.empty()) return fail(usage("--map cannot be combined with rules"));
    return {};
  }
  if (rules.rules.empty()) return fail(usage(std::string(kNoRuleGiven)));
  GOFER_TRY_ASSIGN(rules.scope, parse_scope(flags_.scope));
  GOFER_TRY(rename::RuleChain::compile(rules));
  return {};
}

Result<ExitCode> RenameCommand::execute(const Invocation& invocation) {
  // A million-entry plan grows vectors of tens of MB by doubling. glibc raises its mmap
  // threshold to the size of each such block freed, so the next ones come from the heap and
  // their freed predecessors stay resident (2 MB of max RSS at 1,000,000 entries). A fixed
  // threshold gives every large block back when it is freed.
  set_malloc_thresholds(kMmapThreshold);
  GOFER_TRY_ASSIGN(std::filesystem::path state_dir, state_directory(invocation.globals.state_dir));
  if (flags_.history || undo_option_->count() > 0)
    return run_undo_or_history(invocation, state_dir);
  GOFER_TRY_ASSIGN(rename::RenameOptions options, validate(*app_, flags_));
  if (flags_.apply) {
    // Re-running a command that was interrupted (Ctrl-C, kill -9, power loss) completes it,
    // instead of planning again over a half-renamed directory.
    std::error_code ignored;
    GOFER_TRY_ASSIGN(auto completed, rename::complete_interrupted_runs(
                                         state_dir, std::filesystem::current_path(ignored).string(),
                                         invocation.command_line));
    if (!completed.empty()) {
      add_summary_counts(invocation, {{"applied", true},
                                      {"completed_run", true},
                                      {"run_id", completed.front().id},
                                      {"renamed", completed.front().renamed}});
      if (!invocation.globals.quiet) {
        print_err("completed interrupted run {} ({} renamed)\n", completed.front().id,
                  completed.front().renamed);
      }
      return ExitCode::kOk;
    }
  }
  options.keep_inodes = flags_.apply;  // a preview journals nothing: 8 bytes less per entry
  GOFER_TRY_ASSIGN(rename::Plan plan, rename::plan_renames(options));
  if (invocation.items != nullptr) *invocation.items = plan.items.size();
  RenameView view{invocation, flags_.apply};
  bool has_conflicts = plan.count(rename::ItemStatus::kConflict) > 0;
  if (!flags_.apply || has_conflicts) {
    render_plan(plan, {invocation, false});
    render_preview_summary(plan, view);
    return has_conflicts ? ExitCode::kRefused : ExitCode::kOk;
  }
  rename::ApplyOptions apply{state_dir, invocation.command_line, std::nullopt};
  if (const char* kill_after = std::getenv("GOFER_TEST_KILL_AFTER_RENAMES")) {
    apply.kill_after_renames = std::stoull(kill_after);
  }
  if (const char* signal = std::getenv("GOFER_TEST_KILL_SIGNAL"))
    apply.kill_signal = std::atoi(signal);
  GOFER_TRY_ASSIGN(rename::ApplyReport report, rename::apply_plan(plan, apply));
  render_plan(plan, view);
  render_apply_summary(plan, report, view);
  if (report.interrupted) {
    // Shown even with -q: the directory is half renamed until one of these is run.
    uint64_t planned = report.renamed + report.failed + plan.count(rename::ItemStatus::kPlanned);
    print_err(
        "gofer: rename: interrupted after {} of {} renames: rerun the same command here "
        "to finish, or undo them with: gofer rename --undo={}\n",
        report.renamed, planned, report.run_id);
    return ExitCode::kInterrupted;
  }
  return report.failed > 0 ? ExitCode::kPartialFailure : ExitCode::kOk;
}

// A rename without -x is already a preview (it journals nothing); only --undo writes.
Result<ExitCode> RenameCommand::preview(const Invocation& invocation) {
  if (undo_option_->count() > 0) {
    GOFER_TRY(check_undo_operands(flags_));
    if (!invocation.globals.quiet) {
      print_err("would revert applied run {}\n",
                flags_.undo_id.empty() ? std::string("(the last one)") : flags_.undo_id);
    }
    return ExitCode::kOk;
  }
  bool apply = flags_.apply;
  flags_.apply = false;
  auto result = execute(invocation);
  flags_.apply = apply;
  return result;
}

void RenameCommand::configure(CLI::App& app) {
  app_ = &app;
  RenameFlags& f = flags_;
  app.add_option("paths", f.paths, "Files, or directories meaning their entries (default .)")
      ->type_name("PATH");
  app.add_flag("-x,--apply", f.apply, "Carry out the plan (default: preview only)");
  app.add_option("-e,--find", f.finds, "Find REGEX (RE2); pairs with the next -r")
      ->type_name("REGEX")
      ->allow_extra_args(false);
  app.add_option("-r,--replace", f.replaces, "Replacement: $1, ${name}, $$")
      ->type_name("REPL")
      ->allow_extra_args(false);
  app.add_flag("-F,--literal", f.literal, "-e patterns are literal text");
  app.add_flag("-i,--ignore-case", f.ignore_case, "-e patterns ignore case");
  app.add_flag("--first", f.first_only, "Replace only the first match");
  app.add_option("--case", f.cases, "Change the case (Unicode-aware)")
      ->type_name("lower|upper|title|sentence|snake|kebab|camel|pascal")
      ->allow_extra_args(false);
  app.add_flag("--slug{-}", f.slugs, "ASCII slug; --slug=SEP sets the separator (default -)")
      ->option_text("[=SEP]");
  app.add_option("--template", f.templates,
                 "Whole new name: {name} {stem} {ext} {parent} {n:03} {mtime:%Y-%m-%d} {size} "
                 "{hash:sha256:8}; photos (JPEG, PNG, HEIC, TIFF, CR2, NEF, ARW, DNG): "
                 "{exif.date:%Y-%m-%d} {exif.make} {exif.model} {exif.lens} {exif.iso} "
                 "{exif.width} {exif.height}; audio (MP3, FLAC, Ogg Vorbis/Opus, M4A): "
                 "{tag.artist} {tag.album} {tag.title} {tag.track:02} {tag.disc} {tag.year} "
                 "{tag.genre}; {X|text} when a file lacks X (else exit 3)")
      ->type_name("TEMPLATE")
      ->allow_extra_args(false);
  app.add_option("--scope", f.scope, "Part of the name that -e/-r and --case change (default name)")
      ->check(CLI::IsMember({"name", "stem", "ext"}));
  app.add_option("--start", f.start, "{n} of the first entry (default 1)");
  app.add_option("--step", f.step, "{n} increment (default 1)");
  app.add_option("--map", f.map_file, "CSV of old,new pairs instead of rules")
      ->type_name("FILE.csv");
  app.add_option("--glob,--include", f.includes, "Only names matching GLOB (repeatable)")
      ->type_name("GLOB")
      ->allow_extra_args(false);
  app.add_option("--exclude", f.excludes, "Skip names matching GLOB (repeatable)")
      ->type_name("GLOB")
      ->allow_extra_args(false);
  app.add_flag("-R,--recursive", f.recursive, "Descend into directories");
  app.add_option("--max-depth", f.max_depth, "Limit recursion depth (implies -R)");
  app.add_flag("--hidden", f.hidden, "Include names starting with '.'");
  app.add_option("--type", f.type, "f (files, symlinks), d (directories) or any")
      ->check(CLI::IsMember({"f", "d", "any"}));
  app.add_option("--sort", f.sort, "Order of the entries, and of {n} (default natural)")
      ->check(CLI::IsMember({"natural", "name", "mtime", "size"}));
  app.add_flag("--reverse", f.reverse, "Reverse the sort order");
  app.add_option("--on-conflict", f.on_conflict, "fail (exit 3), skip, or number: 'name (2).ext'")
      ->check(CLI::IsMember({"fail", "skip", "number"}));
  app.add_flag("--mkdir", f.make_dirs, "Allow '/' in new names and create the directories");
  // The run ID must be attached (--undo=ID), as with GNU getopt's optional arguments: a
  // word after --undo is a PATH, which --undo refuses with a hint (see check_undo_operands).
  undo_option_ =
      app.add_flag("--undo{}", f.undo_id, "Revert the last applied run (--undo=ID: that run)");
  app.add_flag("--history", f.history, "List applied runs (id, time, directory, count)");
}

}  // namespace

std::unique_ptr<Command> make_rename_command() { return std::make_unique<RenameCommand>(); }

}  // namespace gofer::cli
