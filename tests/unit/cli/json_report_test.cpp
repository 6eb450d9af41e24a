#include "json_report.hpp"

#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace gofer::cli {
namespace {

// CLI11 takes the arguments reversed.
void parse(CLI::App& app, std::vector<std::string> args) {
  std::vector<std::string> reversed(args.rbegin(), args.rend());
  app.parse(reversed);
}

TEST(ParsedCommandNameTest, NamesTheCommandAndItsSubcommand) {
  CLI::App root;
  CLI::App* csv = root.add_subcommand("csv");
  csv->add_subcommand("normalize");
  csv->add_subcommand("check");
  root.add_subcommand("fetch");
  parse(root, {"csv", "check"});
  EXPECT_EQ(parsed_command_name(root), "csv check");
}

TEST(ParsedCommandNameTest, OneWordCommandAndNoCommand) {
  CLI::App root;
  root.add_subcommand("fetch");
  CLI::App none;
  none.add_subcommand("fetch");
  parse(root, {"fetch"});
  parse(none, {});
  EXPECT_EQ(parsed_command_name(root), "fetch");
  EXPECT_EQ(parsed_command_name(none), "");
}

// Without --json nothing is written (stdout stays the command's data), but the exit code is
// still the one the process ends with.
TEST(JsonReportTest, FinishReturnsTheExitCodeAlsoWhenDisabled) {
  JsonReport report(false, "csv check");
  report.add_counts({{"problems", 3}});
  EXPECT_EQ(report.finish(ExitCode::kRefused), 3);
  EXPECT_EQ(report.finish(ExitCode::kOk), 0);
}

}  // namespace
}  // namespace gofer::cli
