// What every subcommand implements, the global options they share, and the command table.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <utility>

#include <CLI/CLI.hpp>

#include "gofer/error.hpp"
#include "gofer/exit_code.hpp"
#include "gofer/terminal.hpp"

namespace gofer::cli {

class JsonReport;

// DESIGN.md "Global options": accepted before or after the command.
struct GlobalOptions {
  bool quiet = false;
  int verbosity = 0;
  bool json = false;
  std::string color = "auto";
  std::string log_file;
  std::string lock_file;
  std::string state_dir;
  bool version = false;
};

// What a command gets when it runs, besides its own parsed options.
struct Invocation {
  const GlobalOptions& globals;
  bool color_stdout = false;
  bool color_stderr = false;
  const CLI::App& root;      // for completions and help
  std::string command_line;  // the arguments as given, for journals and logs
  // Set by `gofer run`: the command stores how many items (files, URLs, entries) it handled,
  // for the job's summary table.
  uint64_t* items = nullptr;
  // With --json: the summary that ends the command's output (json_report.hpp), else nullptr.
  JsonReport* json_report = nullptr;
};

class Command {
 public:
  virtual ~Command() = default;
  // Declares the command's options on its CLI11 subcommand (stage one of parsing).
  virtual void configure(CLI::App& app) = 0;
  // Validates options into the job's typed options, runs the job and renders the result.
  // Errors returned here are printed once by run() as "gofer: <command>: <error>".
  [[nodiscard]] virtual Result<ExitCode> execute(const Invocation& invocation) = 0;
  // `gofer run --dry-run`: shows what execute() would do, and writes and fetches nothing.
  [[nodiscard]] virtual Result<ExitCode> preview(const Invocation& /*invocation*/) {
    return fail(ErrorCategory::kUnsupported, "this command has no dry run");
  }
  // `gofer run` before any step runs (and `run --check`): the checks execute() makes on its
  // options (patterns compiled, combinations refused), without reading inputs or writing
  // anything. Operands may still be globs: one that may match several files counts as several.
  [[nodiscard]] virtual Status check_options() const { return {}; }
};

struct CommandEntry {
  std::string_view name;
  std::string_view summary;
  std::string_view examples;  // the --help footer
  std::unique_ptr<Command> (*make)();
};

[[nodiscard]] std::span<const CommandEntry> command_table();

// A bad flag value or combination: exit 2.
[[nodiscard]] inline Error usage(std::string message) {
  return Error(ErrorCategory::kInvalidArgument, std::move(message));
}

// Exit code for a fatal error that reached run().
[[nodiscard]] ExitCode exit_code_for(const Error& error);

}  // namespace gofer::cli
