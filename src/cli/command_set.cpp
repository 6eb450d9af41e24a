// Builds the CLI11 tree of gofer's commands; see command_set.hpp.
#include "command_set.hpp"

#include <algorithm>

#include "help_format.hpp"

namespace gofer::cli {
namespace {

constexpr std::string_view kRootFooter = R"(Examples:
  gofer rename --glob '*.csv' -e ' ' -r _ --case lower      preview a rename
  gofer csv normalize --clean export.csv -o clean.csv       clean a messy CSV
  gofer fetch -j 16 -i urls.txt -d downloads                download a URL list
  gofer scrape --crawl --select h1 https://example.org/     the headings of a whole site
  gofer run --dry-run nightly.toml                          preview a job file's steps

Exit codes: 0 done, 1 some items failed, 2 usage error, 3 refused (conflicts or
check problems, nothing changed), 75 --lock held by another run, 124 a job's
timeout passed (gofer run), 130 interrupted.
State: $XDG_STATE_HOME/gofer (default ~/.local/state/gofer), or --state-dir.
Run 'gofer help COMMAND' for a command's options.)";

void add_global_options(CLI::App& app, GlobalOptions& globals) {
  app.add_flag("-q,--quiet", globals.quiet, "Only errors on stderr");
  app.add_flag("-v,--verbose", globals.verbosity, "More detail on stderr (repeatable)");
  app.add_flag("--json", globals.json, "Machine output: one JSON object per line on stdout");
  app.add_option("--color", globals.color,
                 "Colour (default auto: when writing to a terminal and NO_COLOR is unset)")
      ->check(CLI::IsMember({"auto", "always", "never"}));
  app.add_option("--log-file", globals.log_file, "Also append timestamped log lines here")
      ->type_name("PATH");
  app.add_option("--lock", globals.lock_file,
                 "Take an exclusive lock first; exit 75 if another run holds it")
      ->type_name("PATH");
  app.add_option("--state-dir", globals.state_dir,
                 "State directory (default $XDG_STATE_HOME/gofer)")
      ->type_name("DIR");
}

// CLI11 2.1 reads an argument spelled "[...]" that lands in a list (a list option, or the
// positional PATHs) as a list of values (Option::_add_result): a file named "[x]" arrived as
// "x". Such an argument is given to CLI11 behind this prefix, which every option strips
// again before its checks. An argument that starts with the prefix gets one more, so any
// argument arrives exactly as typed.
constexpr std::string_view kLiteralPrefix = "\x1f";

bool needs_literal_prefix(std::string_view arg) {
  return (arg.size() >= 2 && arg.front() == '[' && arg.back() == ']') ||
         arg.starts_with(kLiteralPrefix);
}

std::string without_literal_prefix(std::string value) {
  if (value.starts_with(kLiteralPrefix)) value.erase(0, kLiteralPrefix.size());
  return value;
}

void strip_literal_prefixes(CLI::App& app) {
  for (CLI::Option* option : app.get_options()) option->transform(&without_literal_prefix);
  for (CLI::App* sub : app.get_subcommands([](CLI::App*) { return true; })) {
    strip_literal_prefixes(*sub);
  }
}

}  // namespace

void parse_command_line(CLI::App& app, const std::vector<std::string>& args) {
  std::vector<std::string> reversed;  // CLI11 takes the arguments last first
  reversed.reserve(args.size());
  for (auto arg = args.rbegin(); arg != args.rend(); ++arg) {
    reversed.push_back(needs_literal_prefix(*arg) ? std::string(kLiteralPrefix) + *arg : *arg);
  }
  app.parse(reversed);
}

std::string parse_error_message(const CLI::ParseError& error) {
  std::string message = error.what();
  for (size_t at = message.find(kLiteralPrefix); at != std::string::npos;
       at = message.find(kLiteralPrefix, at)) {
    message.erase(at, kLiteralPrefix.size());
  }
  return message;
}

const ParsedCommand* CommandSet::chosen() const {
  for (const ParsedCommand& parsed : commands) {
    if (app.got_subcommand(std::string(parsed.entry->name))) return &parsed;
  }
  return nullptr;
}

std::unique_ptr<CommandSet> make_command_set() {
  auto set = std::make_unique<CommandSet>();
  CLI::App& app = set->app;
  auto formatter = std::make_shared<HelpFormatter>();
  formatter->label("SUBCOMMAND", "COMMAND");
  app.formatter(formatter);  // inherited by every subcommand
  app.footer(std::string(kRootFooter));
  app.require_subcommand(0, 1);
  add_global_options(app, set->globals);
  app.add_flag("--version", set->globals.version, "Print version, build and library facts");
  for (const CommandEntry& entry : command_table()) {
    CLI::App* sub = app.add_subcommand(std::string(entry.name), std::string(entry.summary));
    sub->group("Commands");  // inherited by the subcommands of csv
    sub->fallthrough();      // global options after the command name reach the root app
    sub->footer(std::string(entry.examples));
    ParsedCommand parsed{&entry, entry.make()};
    parsed.command->configure(*sub);
    set->commands.push_back(std::move(parsed));
  }
  label_option_values(app);
  strip_literal_prefixes(app);
  return set;
}

// Shell-quoted, so a journal's command can be pasted back into a shell.
std::string quote_command_line(const std::vector<std::string>& args) {
  std::string text = "gofer";
  for (const std::string& arg : args) {
    bool plain =
        !arg.empty() &&
        arg.find_first_not_of(
            "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_./=:,+@%") == arg.npos;
    if (plain) {
      text += " " + arg;
      continue;
    }
    text += " '";
    for (char c : arg) text += c == '\'' ? std::string("'\\''") : std::string(1, c);
    text += "'";
  }
  return text;
}

}  // namespace gofer::cli
