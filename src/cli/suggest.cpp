// Levenshtein-based suggestions for commands, subcommands and options (see suggest.hpp).
#include "suggest.hpp"

#include <algorithm>
#include <cctype>
#include <vector>

#include <fmt/format.h>

namespace gofer::cli {
namespace {

// Typos further than this from every candidate get no suggestion (git uses a similar bound).
constexpr size_t kMaxSuggestionDistance = 2;
// A prefix this long (or longer) of exactly one candidate suggests it: "fet" -> "fetch".
constexpr size_t kMinPrefixLength = 2;

using Kind = ArgumentProblem::Kind;

// "-x", "--name", "--name=value"; not "-" (stdin) and not a negative number.
bool is_option_word(std::string_view arg) {
  if (arg.size() < 2 || arg[0] != '-') return false;
  return !(std::isdigit(static_cast<unsigned char>(arg[1])) || arg[1] == '.');
}

// "--name=value" -> "--name"; "-j4" -> "-j".
std::string option_name(std::string_view arg) {
  if (arg.starts_with("--")) return std::string(arg.substr(0, arg.find('=')));
  return std::string(arg.substr(0, 2));
}

// Options of `app` and of the apps above it: subcommands pass unknown options up
// (fallthrough), so the global options are valid after any command name.
const CLI::Option* find_option(const CLI::App& app, const std::string& name) {
  for (const CLI::App* level = &app; level != nullptr; level = level->get_parent()) {
    if (const CLI::Option* option = level->get_option_no_throw(name)) return option;
  }
  return nullptr;
}

// Whether the word after `arg` is the option's value ("--out-dir DIR", not "--out-dir=DIR").
bool value_follows(const CLI::Option& option, std::string_view arg) {
  bool attached = arg.starts_with("--") ? arg.find('=') != std::string_view::npos : arg.size() > 2;
  return !attached && option.get_items_expected_min() > 0;
}

bool expects_subcommand(const CLI::App& app) {
  auto positionals = app.get_options([](const CLI::Option* o) { return o->get_positional(); });
  return positionals.empty() && !app.get_subcommands([](const CLI::App*) { return true; }).empty();
}

const CLI::App* find_subcommand(const CLI::App& app, const std::string& name) {
  auto found = app.get_subcommands([&](const CLI::App* sub) { return sub->check_name(name); });
  return found.empty() ? nullptr : found.front();
}

std::vector<std::string> subcommand_names(const CLI::App& app) {
  std::vector<std::string> names;
  for (const CLI::App* sub : app.get_subcommands([](const CLI::App*) { return true; })) {
    names.push_back(sub->get_name());
  }
  return names;
}

// The long names a user may type here; hidden options (no group) are not suggested.
std::vector<std::string> visible_long_options(const CLI::App& app) {
  std::vector<std::string> names;
  for (const CLI::App* level = &app; level != nullptr; level = level->get_parent()) {
    for (const CLI::Option* option : level->get_options()) {
      if (option->get_group().empty()) continue;
      for (const std::string& name : option->get_lnames()) names.push_back("--" + name);
    }
  }
  return names;
}

std::string with_suggestion(std::string message, const std::optional<std::string>& nearest) {
  if (!nearest) return message;
  return fmt::format("{}; did you mean '{}'?", message, *nearest);
}

ArgumentProblem unknown_option(const CLI::App& app, const std::string& name, std::string command) {
  std::optional<std::string> nearest;
  if (name.starts_with("--")) nearest = nearest_word(name, visible_long_options(app));
  return {Kind::kUnknownOption, with_suggestion(fmt::format("unknown option '{}'", name), nearest),
          std::move(command), &app};
}

ArgumentProblem unknown_subcommand(const CLI::App& app, const std::string& word,
                                   std::string command) {
  std::string what = command.empty() ? "command" : "subcommand";
  return {Kind::kUnknownCommand,
          with_suggestion(fmt::format("unknown {} '{}'", what, word),
                          nearest_word(word, subcommand_names(app))),
          std::move(command), &app};
}

}  // namespace

size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<size_t> row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    size_t diagonal = row[0];
    row[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      size_t above = row[j];
      size_t substitution = diagonal + (a[i - 1] == b[j - 1] ? 0 : 1);
      row[j] = std::min({above + 1, row[j - 1] + 1, substitution});
      diagonal = above;
    }
  }
  return row[b.size()];
}

std::optional<std::string> nearest_word(std::string_view word,
                                        std::span<const std::string> candidates) {
  std::string_view letters = word.substr(std::min(word.find_first_not_of('-'), word.size()));
  std::optional<std::string> best, prefix_match;
  size_t best_distance = kMaxSuggestionDistance + 1;
  size_t prefix_matches = 0;
  for (const std::string& candidate : candidates) {
    if (candidate == word) return std::nullopt;
    if (letters.size() >= kMinPrefixLength && candidate.starts_with(word)) {
      ++prefix_matches;
      prefix_match = candidate;
    }
    size_t distance = edit_distance(word, candidate);
    if (distance < best_distance) {
      best_distance = distance;
      best = candidate;
    }
  }
  if (best) return best;
  return prefix_matches == 1 ? prefix_match : std::nullopt;
}

ArgumentProblem find_argument_problem(const CLI::App& root, std::span<const std::string> args) {
  const CLI::App* app = &root;
  std::string command;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (arg == "--") break;
    if (is_option_word(arg)) {
      std::string name = option_name(arg);
      const CLI::Option* option = find_option(*app, name);
      if (option == nullptr) return unknown_option(*app, name, command);
      if (value_follows(*option, arg)) ++i;
      continue;
    }
    if (!expects_subcommand(*app)) continue;  // a positional of the command
    const CLI::App* sub = find_subcommand(*app, arg);
    if (sub == nullptr) return unknown_subcommand(*app, arg, command);
    app = sub;
    command += command.empty() ? arg : " " + arg;
  }
  return {Kind::kNone, "", command, app};
}

std::string help_hint(std::string_view command, ArgumentProblem::Kind kind) {
  std::string help = command.empty() ? "gofer --help" : fmt::format("gofer {} --help", command);
  if (kind != Kind::kUnknownCommand) return fmt::format("Run '{}' for usage.", help);
  return fmt::format("Run '{}' for the list of {}commands.", help, command.empty() ? "" : "sub");
}

}  // namespace gofer::cli
