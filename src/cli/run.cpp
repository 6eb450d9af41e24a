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
#include "command_set.hpp"
#include "gofer/lock.hpp"
#include "gofer/log.hpp"
#include "gofer/signals.hpp"
#include "gofer/std_streams.hpp"
#include "gofer/terminal.hpp"
#include "suggest.hpp"
#include "version_cmd.hpp"

namespace gofer::cli {
namespace {

// Options of the root app that take a value: the word after them is not a command name.
constexpr std::array<std::string_view, 4> kGlobalOptionsWithValue = {"--color", "--log-file",
                                                                      "--lock", "--state-dir"};

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

// Runs the parsed command with logging and the optional lock in place.
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

  std::unique_ptr<CommandSet> set = make_command_set();
  CLI::App& app = set->app;
  GlobalOptions& globals = set->globals;
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
  if (const ParsedCommand* parsed = set->chosen()) {
    return execute(*parsed, globals, app, command_line);
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
