// See help_format.hpp.
#include "help_format.hpp"

#include <algorithm>
#include <optional>
#include <sstream>

#include <fmt/format.h>
#include <fmt/ranges.h>

namespace gofer::cli {
namespace {

// CLI11 lists an option's validators only through get_validator(index), which throws past the
// last one: the end of the list, caught at once.
std::vector<std::string> validator_descriptions(CLI::Option& option) {
  std::vector<std::string> descriptions;
  for (int index = 0;; ++index) {
    try {
      descriptions.push_back(option.get_validator(index)->get_description());
    } catch (const CLI::OptionNotFound&) {
      return descriptions;
    }
  }
}

// IsMember describes itself as "{a,b,c}".
std::optional<std::vector<std::string>> choices_of(const std::string& description) {
  if (description.size() < 3 || description.front() != '{' || description.back() != '}') {
    return std::nullopt;
  }
  std::vector<std::string> choices;
  std::stringstream list(description.substr(1, description.size() - 2));
  for (std::string choice; std::getline(list, choice, ',');) choices.push_back(choice);
  return choices;
}

std::string value_label(CLI::Option& option) {
  // get_type_name() is the type name followed by ":<description>" of each validator.
  std::string full = option.get_type_name();
  std::string suffix;
  std::vector<std::string> descriptions = validator_descriptions(option);
  for (const std::string& description : descriptions) {
    if (auto choices = choices_of(description)) return fmt::format("{}", fmt::join(*choices, "|"));
    if (!description.empty()) suffix += ":" + description;
  }
  std::string base = full.ends_with(suffix) ? full.substr(0, full.size() - suffix.size()) : full;
  if (base == "INT" || base == "UINT") return "N";
  return base;
}

bool is_choice_list(const std::string& label) {
  if (label.find('|') == std::string::npos) return false;
  return std::all_of(label.begin(), label.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '|';
  });
}

}  // namespace

std::string HelpFormatter::make_option_name(const CLI::Option* option, bool is_positional) const {
  if (is_positional) return option->get_name(true, false);
  std::vector<std::string> names;
  for (const std::string& name : option->get_snames()) names.push_back("-" + name);
  for (const std::string& name : option->get_lnames()) names.push_back("--" + name);
  return fmt::format("{}", fmt::join(names, ","));
}

std::string HelpFormatter::make_option_opts(const CLI::Option* option) const {
  const std::string& text = option->get_option_text();
  if (text.starts_with("[=")) return text;  // a flag that may take a value: --slug[=SEP]
  if (option->get_type_size() == 0) return text.empty() ? text : " " + text;
  std::string out = " " + (text.empty() ? option->get_type_name() : text);
  if (option->get_expected_max() == CLI::detail::expected_max_vector_size) {
    out += " ...";
  } else if (option->get_expected_min() > 1) {
    out += fmt::format(" x {}", option->get_expected());
  }
  if (option->get_required()) out += " REQUIRED";
  return out;
}

std::string HelpFormatter::option_groups(const CLI::App* app, CLI::AppFormatMode mode) const {
  std::vector<std::string> printed;
  for (const std::string& group : app->get_groups()) {
    if (group.empty()) continue;  // hidden options
    auto options = app->get_options([&](const CLI::Option* option) {
      return option->get_group() == group && option->nonpositional() &&
             (mode != CLI::AppFormatMode::Sub ||
              (app->get_help_ptr() != option && app->get_help_all_ptr() != option));
    });
    if (!options.empty()) printed.push_back(make_group(group, false, options));
  }
  return fmt::format("{}", fmt::join(printed, "\n"));
}

std::string HelpFormatter::make_help(const CLI::App* app, std::string name,
                                     CLI::AppFormatMode mode) const {
  if (mode == CLI::AppFormatMode::Sub) return make_expanded(app);
  return make_description(app) + make_usage(app, std::move(name)) + make_positionals(app) +
         make_subcommands(app, mode) + option_groups(app, mode) + "\n" + make_footer(app);
}

void label_option_values(CLI::App& app) {
  for (CLI::Option* option : app.get_options()) {
    if (option->get_type_size() != 0 && option->get_option_text().empty()) {
      option->option_text(value_label(*option));
    }
  }
  for (CLI::App* sub : app.get_subcommands([](CLI::App*) { return true; })) {
    label_option_values(*sub);
  }
}

ValueCompletion value_completion(const CLI::Option& option) {
  const std::string& label = option.get_option_text();
  if (option.get_type_size() == 0) return {};
  if (is_choice_list(label)) {
    ValueCompletion words{ValueCompletion::Kind::kWords, {}};
    std::stringstream list(label);
    for (std::string word; std::getline(list, word, '|');) words.words.push_back(word);
    return words;
  }
  if (label == "DIR") return {ValueCompletion::Kind::kDirectories, {}};
  bool names_file = label == "FILE" || label == "PATH" || label == "TARGET" ||
                    label.starts_with("FILE.") || label.starts_with("JOB.");
  if (names_file) return {ValueCompletion::Kind::kFiles, {}};
  return {};
}

}  // namespace gofer::cli
