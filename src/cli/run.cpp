// run(): the only place that parses argv, prints a fatal error and picks the exit code.
#include "run.hpp"

#include <algorithm>
#include <array>
#include <cstdio>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "command.hpp"
#include "gofer/lock.hpp"
#include "gofer/log.hpp"
#include "gofer/signals.hpp"
#include "gofer/std_streams.hpp"
#include "gofer/terminal.hpp"
#include "suggest.hpp"
#include "version_cmd.hpp"

namespace gofer::cli {
namespace {

constexpr std::string_view kRootFooter = R"(Examples:
  gofer rename --glob '*.csv' -e ' ' -r _ --case lower      preview a rename
  gofer csv normalize --clean export.csv -o clean.csv       clean a messy CSV
  gofer fetch -j 16 -i urls.txt -d downloads                download a URL list

Exit codes: 0 done, 1 some items failed, 2 usage error, 3 refused (conflicts or
check problems, nothing changed), 75 --lock held by another run, 130 interrupted.
State: $XDG_STATE_HOME/gofer (default ~/.local/state/gofer), or --state-dir.
Run 'gofer help COMMAND' for a command's options.)";

// Options of the root app that take a value: the word after them is not a command name.
constexpr std::array<std::string_view, 4> kGlobalOptionsWithValue = {"--color", "--log-file",
                                                                      "--lock", "--state-dir"};

void add_global_options(CLI::App& app, GlobalOptions& globals) {
  app.add_flag("-q,--quiet", globals.quiet, "Only errors on stderr");
  app.add_flag("-v,--verbose", globals.verbosity, "More detail on stderr (repeatable)");
  app.add_flag("--json", globals.json, "Machine output: one JSON object per line on stdout");
  app.add_option("--color", globals.color, "Colour: auto, always or never")
      ->check(CLI::IsMember({"auto", "always", "never"}))
      ->type_name("WHEN");
  app.add_option("--log-file", globals.log_file, "Also append timestamped log lines here")
      ->type_name("PATH");
  app.add_option("--lock", globals.lock_file,
                 "Take an exclusive lock first; exit 75 if another run holds it")
      ->type_name("PATH");
  app.add_option("--state-dir", globals.state_dir,
                 "State directory (default $XDG_STATE_HOME/gofer)")
      ->type_name("DIR");
}

// The first word that is neither an option nor an option's value: the command name.
std::optional<std::string> find_command_word(const std::vector<std::string>& args) {
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (arg == "--") return std::nullopt;
    if (arg.empty() || arg[0] != '-') return arg;
    bool takes_value = std::find(kGlobalOptionsWithValue.begin(), kGlobalOptionsWithValue.end(),
                                 arg) != kGlobalOptionsWithValue.end();
    if (takes_value) ++i;
  }
  return std::nullopt;
}

// `gofer help CMD ...` is `gofer CMD ... --help`.
void rewrite_help_command(std::vector<std::string>& args) {
  auto it = std::find(args.begin(), args.end(), "help");
  if (it == args.end()) return;
  args.erase(it);
  args.emplace_back("--help");
}

void print_error(std::string_view command, const Error& error) {
  std::string prefix = command.empty() ? "gofer: " : fmt::format("gofer: {}: ", command);
  print_err("{}{}\n", prefix, escape_for_terminal(error.message()));
}

}  // namespace

ExitCode exit_code_for(const Error& error) {
  switch (error.category()) {
    case ErrorCategory::kInvalidArgument: return ExitCode::kUsage;
    case ErrorCategory::kConflict: return ExitCode::kRefused;
    case ErrorCategory::kBusy: return ExitCode::kLockHeld;
    case ErrorCategory::kInterrupted: return ExitCode::kInterrupted;
    default: return ExitCode::kPartialFailure;
  }
}

namespace {

struct ParsedCommand {
  const CommandEntry* entry = nullptr;
  std::unique_ptr<Command> command;  // heap-owned: CLI11 keeps pointers into its options
};

// Runs the parsed command with logging and the optional lock in place.
// Shell-quoted, so a journal's command can be pasted back into a shell.
std::string quote_command_line(const std::vector<std::string>& args) {
  std::string text = "gofer";
  for (const std::string& arg : args) {
    bool plain = !arg.empty() && arg.find_first_not_of(
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

int execute(const ParsedCommand& parsed, const GlobalOptions& globals, const CLI::App& root,
            const std::string& command_line) {
  if (auto logging = setup_logging({globals.verbosity, globals.quiet, globals.log_file});
      !logging) {
    print_error("", logging.error());
    return to_int(ExitCode::kUsage);
  }
  std::optional<LockFile> lock;
  if (!globals.lock_file.empty()) {
    auto acquired = LockFile::acquire(globals.lock_file);
    if (!acquired) {
      print_error("", acquired.error());
      return to_int(exit_code_for(acquired.error()));
    }
    lock.emplace(std::move(*acquired));
  }
  auto color_mode = parse_color_mode(globals.color).value_or(ColorMode::kAuto);
  Invocation invocation{globals, use_color(color_mode, 1), use_color(color_mode, 2), root,
                        command_line};
  auto result = parsed.command->execute(invocation);
  if (!result) {
    print_error(parsed.entry->name, result.error());
    return to_int(exit_code_for(result.error()));
  }
  return to_int(*result);
}

int parse_and_execute(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  const std::string command_line = quote_command_line(args);
  rewrite_help_command(args);
  if (auto word = find_command_word(args)) {
    if (auto unknown = unknown_command_message(*word, command_table())) {
      print_err("gofer: {}\nRun 'gofer --help' for the list of commands.\n",
                escape_for_terminal(*unknown));
      return to_int(ExitCode::kUsage);
    }
  }

  CLI::App app("gofer: batch rename, CSV cleaning and concurrent downloads in one binary",
               "gofer");
  app.footer(std::string(kRootFooter));
  app.require_subcommand(0, 1);
  GlobalOptions globals;
  add_global_options(app, globals);
  app.add_flag("--version", globals.version, "Print version, build and library facts");

  std::vector<ParsedCommand> commands;
  for (const CommandEntry& entry : command_table()) {
    CLI::App* sub = app.add_subcommand(std::string(entry.name), std::string(entry.summary));
    sub->fallthrough();  // global options after the command name reach the root app
    sub->footer(std::string(entry.examples));
    ParsedCommand parsed{&entry, entry.make()};
    parsed.command->configure(*sub);
    commands.push_back(std::move(parsed));
  }

  try {
    std::reverse(args.begin(), args.end());  // CLI11 takes a reversed vector
    app.parse(args);
  } catch (const CLI::CallForHelp& help) {
    return app.exit(help);
  } catch (const CLI::ParseError& error) {
    print_err("gofer: {}\nRun 'gofer --help' for usage.\n", escape_for_terminal(error.what()));
    return to_int(ExitCode::kUsage);
  }

  if (globals.version) return print_version(globals.json);
  for (const ParsedCommand& parsed : commands) {
    if (app.got_subcommand(std::string(parsed.entry->name))) {
      return execute(parsed, globals, app, command_line);
    }
  }
  print_err("{}", app.help());
  return to_int(ExitCode::kUsage);
}

// A run whose data never reached stdout (full disk, closed descriptor) did not do what was
// asked, even when every file was handled: exit 1, unless the run already failed otherwise.
int finish_output(int exit_code) {
  auto flushed = finish_stdout();
  if (flushed) return exit_code;
  print_error("", flushed.error());
  return exit_code == to_int(ExitCode::kOk) ? to_int(ExitCode::kPartialFailure) : exit_code;
}

}  // namespace

int run(int argc, char** argv) {
  guard_standard_descriptors();
  install_signal_handlers();
  return finish_output(parse_and_execute(argc, argv));
}

}  // namespace gofer::cli
