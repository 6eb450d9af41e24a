// The CLI11 tree of every command (root app, global options, one subcommand per table entry):
// built once by run() for the command line, and once per step by `gofer run`, so a job's steps
// are parsed by exactly the definitions, defaults and messages of the command line.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "command.hpp"

namespace gofer::cli {

struct ParsedCommand {
  const CommandEntry* entry = nullptr;
  std::unique_ptr<Command> command;  // heap-owned: CLI11 keeps pointers into its options
};

struct CommandSet {
  CLI::App app{
      "gofer: batch renames, CSV cleaning, downloads, web scraping and job files for cron, in "
      "one binary",
      "gofer"};
  GlobalOptions globals;
  std::vector<ParsedCommand> commands;

  // The command the parsed arguments chose, or nullptr.
  [[nodiscard]] const ParsedCommand* chosen() const;
};

// Not movable (CLI11 apps hold pointers into themselves), hence the unique_ptr.
[[nodiscard]] std::unique_ptr<CommandSet> make_command_set();

// Parses `args` (in command-line order) with `app`, a make_command_set() tree; throws
// CLI11's exceptions.
void parse_command_line(CLI::App& app, const std::vector<std::string>& args);
// A CLI11 error's text, naming the arguments as they were typed.
[[nodiscard]] std::string parse_error_message(const CLI::ParseError& error);

// Shell-quoted, so a journal's command can be pasted back into a shell.
[[nodiscard]] std::string quote_command_line(const std::vector<std::string>& args);

}  // namespace gofer::cli
