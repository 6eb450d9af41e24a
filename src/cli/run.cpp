// run(): the only place that parses argv, prints a fatal error and picks the exit code.
#include "run.hpp"

#include <algorithm>
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
#include "json_report.hpp"
#include "suggest.hpp"
#include "version_cmd.hpp"

namespace gofer::cli {
namespace {

// `gofer help CMD ...` is `gofer CMD ... --help`.
void rewrite_help_command(std::vector<std::string>& args) {
  auto it = std::find(args.begin(), args.end(), "help");
  if (it == args.end()) return;
  args.erase(it);
  args.emplace_back("--help");
}

// "normalize, check or sniff"
std::string subcommand_list(const CLI::App& app) {
  auto subs = app.get_subcommands([](const CLI::App*) { return true; });
  std::string list;
  for (size_t i = 0; i < subs.size(); ++i) {
    if (i > 0) list += i + 1 == subs.size() ? " or " : ", ";
    list += subs[i]->get_name();
  }
  return list;
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

// Runs the parsed command with logging and the optional lock in place; with --json its
// output ends with the summary record, whatever happened.
int execute(const ParsedCommand& parsed, const GlobalOptions& globals, const CLI::App& root,
            const std::string& command_line) {
  JsonReport report(globals.json, parsed_command_name(root));
  auto finish = [&](ExitCode code, const Error* error) {
    if (error != nullptr) report.fail(*error);
    return report.finish(code);
  };
  if (auto logging = setup_logging({globals.verbosity, globals.quiet, globals.log_file});
      !logging) {
    print_error("", logging.error());
    return finish(ExitCode::kUsage, &logging.error());
  }
  std::optional<LockFile> lock;
  if (!globals.lock_file.empty()) {
    auto acquired = LockFile::acquire(globals.lock_file);
    if (!acquired) {
      print_error("", acquired.error());
      return finish(exit_code_for(acquired.error()), &acquired.error());
    }
    lock.emplace(std::move(*acquired));
  }
  auto color_mode = parse_color_mode(globals.color).value_or(ColorMode::kAuto);
  Invocation invocation{
      globals, use_color(color_mode, 1), use_color(color_mode, 2), root, command_line, nullptr,
      &report};
  auto result = parsed.command->execute(invocation);
  if (!result) print_error(parsed.entry->name, result.error());
  return result ? finish(*result, nullptr) : finish(exit_code_for(result.error()), &result.error());
}

// `--json` among the arguments (before any `--`), also when CLI11 could not parse them.
bool json_requested(const std::vector<std::string>& args) {
  auto end = std::find(args.begin(), args.end(), "--");
  return std::find(args.begin(), end, "--json") != end;
}

// With --json a usage error is records too: the error, then the summary (exit 2).
int json_usage_records(bool json, std::string_view command, std::string_view message) {
  JsonReport report(json, command.empty() ? "gofer" : std::string(command));
  report.fail(Error(ErrorCategory::kInvalidArgument, std::string(message)));
  return report.finish(ExitCode::kUsage);
}

// One error line naming the command being parsed, then where its help is; with --json also an
// error record and the summary, as for any other failure.
int usage_error(std::string_view command, std::string_view message, bool json,
                ArgumentProblem::Kind kind = ArgumentProblem::Kind::kNone) {
  std::string prefix = command.empty() ? "gofer: " : fmt::format("gofer: {}: ", command);
  print_err("{}{}\n{}\n", prefix, escape_for_terminal(message), help_hint(command, kind));
  return json_usage_records(json, command, message);
}

// CLI11 rejected the arguments: say what, in the words of the command that was being parsed.
int parse_error(const CLI::App& root, const std::vector<std::string>& args,
                const CLI::ParseError& error) {
  ArgumentProblem problem = find_argument_problem(root, args);
  bool json = json_requested(args);
  if (problem.kind != ArgumentProblem::Kind::kNone) {
    return usage_error(problem.command, problem.message, json, problem.kind);
  }
  if (problem.app->get_require_subcommand_min() > 0 && problem.app->get_subcommands().empty()) {
    return usage_error(problem.command,
                       fmt::format("a subcommand is required: {}", subcommand_list(*problem.app)),
                       json);
  }
  return usage_error(problem.command, parse_error_message(error), json);
}

int parse_and_execute(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  const std::string command_line = quote_command_line(args);
  rewrite_help_command(args);

  std::unique_ptr<CommandSet> set = make_command_set();
  CLI::App& app = set->app;
  GlobalOptions& globals = set->globals;
  // Before parsing: `gofer help renam` would otherwise print the top-level help.
  if (ArgumentProblem problem = find_argument_problem(app, args);
      problem.kind == ArgumentProblem::Kind::kUnknownCommand) {
    return usage_error(problem.command, problem.message, json_requested(args), problem.kind);
  }
  try {
    parse_command_line(app, args);
  } catch (const CLI::CallForHelp& help) {
    return app.exit(help);
  } catch (const CLI::ParseError& error) {
    return parse_error(app, args, error);
  }

  if (globals.version) {
    JsonReport report(globals.json, "version");
    return report.finish(static_cast<ExitCode>(print_version(globals.json)));
  }
  if (const ParsedCommand* parsed = set->chosen()) {
    return execute(*parsed, globals, app, command_line);
  }
  print_err("{}", app.help());
  return json_usage_records(globals.json, "", "a command is required");
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
