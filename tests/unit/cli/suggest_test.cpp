#include "suggest.hpp"

#include <gtest/gtest.h>

namespace gofer::cli {
namespace {

using Kind = ArgumentProblem::Kind;

TEST(SuggestTest, EditDistance) {
  EXPECT_EQ(edit_distance("", "abc"), 3u);
  EXPECT_EQ(edit_distance("renme", "rename"), 1u);
  EXPECT_EQ(edit_distance("fetch", "fetch"), 0u);
  EXPECT_EQ(edit_distance("kitten", "sitting"), 3u);
}

TEST(SuggestTest, NearestWordTakesTheClosestWithinTwoEdits) {
  const std::vector<std::string> words{"rename", "fetch", "csv"};
  EXPECT_EQ(nearest_word("renme", words), "rename");
  EXPECT_EQ(nearest_word("fet", words), "fetch");
  EXPECT_EQ(nearest_word("deploy", words), std::nullopt);
  EXPECT_EQ(nearest_word("fetch", words), std::nullopt);  // not a typo
}

TEST(SuggestTest, NearestWordTakesOnlyAnUnambiguousPrefix) {
  const std::vector<std::string> options{"--out-dir", "--out-delimiter", "--report"};
  EXPECT_EQ(nearest_word("--out-dri", options), "--out-dir");
  EXPECT_EQ(nearest_word("--rep", options), "--report");
  EXPECT_EQ(nearest_word("--out", options), std::nullopt);  // two options start so
  EXPECT_EQ(nearest_word("--", options), std::nullopt);
}

// A small tree shaped like gofer's: global options, a command with subcommands, a leaf.
class ArgumentProblemTest : public ::testing::Test {
 protected:
  void SetUp() override {
    root_.add_option("--color", text_);
    root_.add_flag("-q,--quiet", flag_);
    CLI::App* csv = root_.add_subcommand("csv");
    csv->require_subcommand(1, 1);
    CLI::App* normalize = csv->add_subcommand("normalize");
    normalize->fallthrough();
    normalize->add_option("files", list_);
    normalize->add_option("--out-dir", text_);
    normalize->add_option("--out-delimiter", text_);
    normalize->add_flag("--nulls{}", list_);
    normalize->add_flag("--secret", flag_)->group("");
    csv->add_subcommand("check");
    CLI::App* rename = root_.add_subcommand("rename");
    rename->fallthrough();
    rename->add_option("paths", list_);
    rename->add_option("-e,--find", list_);
  }
  ArgumentProblem problem(std::vector<std::string> args) {
    return find_argument_problem(root_, args);
  }

  CLI::App root_{"test", "gofer"};
  std::string text_;
  bool flag_ = false;
  std::vector<std::string> list_;
};

TEST_F(ArgumentProblemTest, UnknownCommandGetsSuggestion) {
  auto found = problem({"renam", "x"});
  EXPECT_EQ(found.kind, Kind::kUnknownCommand);
  EXPECT_EQ(found.message, "unknown command 'renam'; did you mean 'rename'?");
  EXPECT_EQ(found.command, "");
  EXPECT_EQ(problem({"deploy"}).message, "unknown command 'deploy'");
}

TEST_F(ArgumentProblemTest, UnknownSubcommandNamesItsCommand) {
  auto found = problem({"csv", "normalise", "in.csv"});
  EXPECT_EQ(found.kind, Kind::kUnknownCommand);
  EXPECT_EQ(found.message, "unknown subcommand 'normalise'; did you mean 'normalize'?");
  EXPECT_EQ(found.command, "csv");
}

TEST_F(ArgumentProblemTest, UnknownOptionGetsSuggestionFromTheCommandBeingParsed) {
  auto found = problem({"csv", "normalize", "--out-dri", "o", "in.csv"});
  EXPECT_EQ(found.kind, Kind::kUnknownOption);
  EXPECT_EQ(found.message, "unknown option '--out-dri'; did you mean '--out-dir'?");
  EXPECT_EQ(found.command, "csv normalize");
  // Global options are candidates after the command name too.
  EXPECT_EQ(problem({"rename", "--quite"}).message,
            "unknown option '--quite'; did you mean '--quiet'?");
  EXPECT_EQ(problem({"rename", "-Z"}).message, "unknown option '-Z'");
  EXPECT_EQ(problem({"rename", "--find=x", "--zzzzzz"}).message, "unknown option '--zzzzzz'");
}

TEST_F(ArgumentProblemTest, OptionValuesAreNotTakenForCommandsOrOptions) {
  EXPECT_EQ(problem({"--color", "never", "renam"}).message,
            "unknown command 'renam'; did you mean 'rename'?");
  EXPECT_EQ(problem({"rename", "-e", "-x", "a"}).kind, Kind::kNone);
  EXPECT_EQ(problem({"rename", "-e", "--weird"}).kind, Kind::kNone);
  // Attached values do not take the next word.
  EXPECT_EQ(problem({"csv", "normalize", "--out-dir=o", "--bogus"}).message,
            "unknown option '--bogus'");
  EXPECT_EQ(problem({"csv", "normalize", "--nulls", "in.csv"}).kind, Kind::kNone);
}

TEST_F(ArgumentProblemTest, WellFormedArgumentsHaveNoProblem) {
  auto found = problem({"csv", "normalize", "--quiet", "-", "-5", "in.csv"});
  EXPECT_EQ(found.kind, Kind::kNone);
  EXPECT_EQ(found.command, "csv normalize");
  EXPECT_EQ(problem({"rename", "--", "--weird", "renam"}).kind, Kind::kNone);
  EXPECT_EQ(problem({"csv"}).command, "csv");
}

TEST_F(ArgumentProblemTest, HiddenOptionsAreAcceptedButNotSuggested) {
  EXPECT_EQ(problem({"csv", "normalize", "--secret"}).kind, Kind::kNone);
  EXPECT_EQ(problem({"csv", "normalize", "--secre"}).message, "unknown option '--secre'");
}

TEST(SuggestTest, HelpHintPointsAtTheCommandBeingParsed) {
  EXPECT_EQ(help_hint("csv normalize", Kind::kUnknownOption),
            "Run 'gofer csv normalize --help' for usage.");
  EXPECT_EQ(help_hint("csv", Kind::kUnknownCommand),
            "Run 'gofer csv --help' for the list of subcommands.");
  EXPECT_EQ(help_hint("", Kind::kUnknownCommand), "Run 'gofer --help' for the list of commands.");
  EXPECT_EQ(help_hint("", Kind::kNone), "Run 'gofer --help' for usage.");
}

}  // namespace
}  // namespace gofer::cli
