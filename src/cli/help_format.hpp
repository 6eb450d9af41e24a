// Help pages and value labels: what `--help` and the shell completions show for each option.
#pragma once

#include <string>
#include <vector>

#include <CLI/CLI.hpp>

namespace gofer::cli {

// CLI11's formatter, without its raw labels: a flag's default value (`--slug{-}`) is not
// printed as part of its name, and an option's value is shown by the label that
// label_option_values() chose.
class HelpFormatter final : public CLI::Formatter {
 public:
  std::string make_option_name(const CLI::Option* option, bool is_positional) const override;
  std::string make_option_opts(const CLI::Option* option) const override;
  // Commands before options, so that the first screen of `gofer --help` says what gofer does.
  std::string make_help(const CLI::App* app, std::string name,
                        CLI::AppFormatMode mode) const override;

 private:
  // CLI11's make_groups (not virtual), without the blank line it adds for hidden options.
  [[nodiscard]] std::string option_groups(const CLI::App* app, CLI::AppFormatMode mode) const;
};

// Gives every option of `app` and its subcommands that takes a value a label (CLI11's
// option_text) unless it has one: the names of the values an IsMember check accepts
// ("auto|always|never" for CLI11's "TEXT:{auto,always,never}"), "N" for a bare CLI11 number
// type ("UINT:INT in [1 - 4096]"), else the option's own type name. Call once, after every
// option is declared.
void label_option_values(CLI::App& app);

// What a shell may offer as an option's value (or a positional argument), from its label:
// a label of lower-case words separated by '|' lists the values; FILE, PATH, *.csv-like and
// TARGET labels name files; DIR names a directory.
struct ValueCompletion {
  enum class Kind { kNone, kWords, kFiles, kDirectories };
  Kind kind = Kind::kNone;
  std::vector<std::string> words;  // kWords only
};
[[nodiscard]] ValueCompletion value_completion(const CLI::Option& option);

}  // namespace gofer::cli
