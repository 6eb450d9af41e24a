// "did you mean ...?" for mistyped commands, subcommands and options, found by walking the
// arguments through the CLI11 tree that parses them.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>

#include <CLI/CLI.hpp>

namespace gofer::cli {

[[nodiscard]] size_t edit_distance(std::string_view a, std::string_view b);
// The candidate nearest to `word` (a few edits away, or starting with it), or nullopt.
[[nodiscard]] std::optional<std::string> nearest_word(std::string_view word,
                                                      std::span<const std::string> candidates);

// What a walk through the arguments found wrong, and where.
struct ArgumentProblem {
  enum class Kind { kNone, kUnknownCommand, kUnknownOption };
  Kind kind = Kind::kNone;
  std::string message;  // "unknown option '--out-dri'; did you mean '--out-dir'?"
  std::string command;  // the command being parsed: "csv normalize", "" for gofer itself
  // The app at `command`: its subcommands are listed when one is missing.
  const CLI::App* app = nullptr;
};

// Follows `args` (in command-line order) through `root` and its subcommands the way CLI11
// reads them, and reports the first word naming no subcommand where one is expected, or the
// first option no command on the way declares. Other mistakes are left to CLI11.
[[nodiscard]] ArgumentProblem find_argument_problem(const CLI::App& root,
                                                    std::span<const std::string> args);

// "Run 'gofer csv normalize --help' for usage.": where the help of `command` is (its list of
// subcommands, after an unknown one).
[[nodiscard]] std::string help_hint(std::string_view command, ArgumentProblem::Kind kind);

}  // namespace gofer::cli
