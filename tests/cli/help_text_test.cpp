// Every command's --help, found by walking the "Commands:" lists from `gofer --help`: no
// CLI11 artefacts (`--slug{-}`, `UINT:INT in [1 - 4096]`, `TEXT`, "Excludes:"), and a usage
// line naming the command.
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "run_binary.hpp"

namespace gofer::testing {
namespace {

// The names listed under "Commands:" in one help text.
std::vector<std::string> listed_commands(const std::string& help) {
  std::vector<std::string> names;
  std::istringstream lines(help);
  bool in_list = false;
  for (std::string line; std::getline(lines, line);) {
    if (line == "Commands:") {
      in_list = true;
    } else if (in_list && line.starts_with("  ")) {
      names.push_back(line.substr(2, line.find(' ', 2) - 2));
    } else {
      in_list = false;
    }
  }
  return names;
}

// The option column of "  -o,--output FILE   Description" lines.
std::vector<std::string> option_columns(const std::string& help) {
  std::vector<std::string> columns;
  std::istringstream lines(help);
  for (std::string line; std::getline(lines, line);) {
    if (!line.starts_with("  -") && !line.starts_with("  --")) continue;
    columns.push_back(line.substr(0, line.find("  ", 2)));
  }
  return columns;
}

void expect_clean_help(const std::vector<std::string>& command, const std::string& help) {
  std::string name = "gofer";
  for (const std::string& word : command) name += " " + word;
  EXPECT_NE(help.find("Usage: " + name), std::string::npos) << help;
  static const std::regex artefact(R"(\b(TEXT|UINT|INT|FLOAT|BOOLEAN)\b| in \[|Excludes:|Needs:)");
  std::smatch found;
  EXPECT_FALSE(std::regex_search(help, found, artefact)) << name << ": '" << found.str() << "'";
  std::vector<std::string> columns = option_columns(help);
  EXPECT_FALSE(columns.empty()) << name << ": not even -h,--help was found: " << help;
  for (const std::string& column : columns) {
    EXPECT_EQ(column.find_first_of("{}"), std::string::npos) << name << ": " << column;
  }
}

TEST(HelpTextTest, EveryCommandsHelpIsFreeOfParserArtefacts) {
  std::vector<std::vector<std::string>> pending{{}};
  size_t visited = 0;
  while (!pending.empty()) {
    std::vector<std::string> command = pending.back();
    pending.pop_back();
    std::vector<std::string> args = command;
    args.push_back("--help");
    RunResult result = run_gofer(args);
    ASSERT_EQ(result.exit_code, 0) << result.err;
    expect_clean_help(command, result.out);
    ++visited;
    for (const std::string& sub : listed_commands(result.out)) {
      std::vector<std::string> deeper = command;
      deeper.push_back(sub);
      pending.push_back(deeper);
    }
  }
  // gofer, rename, csv (normalize, check, sniff), fetch, scrape, run, completions.
  EXPECT_GE(visited, 10u);
}

}  // namespace
}  // namespace gofer::testing
