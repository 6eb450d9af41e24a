// `gofer completions`: the scripts complete option values and never offer hidden options.
#include <gtest/gtest.h>

#include "run_binary.hpp"
#include "temp_dir.hpp"

namespace gofer::testing {
namespace {

// What bash's completion offers for `words` (the last one being completed).
std::string bash_offers(const TempDir& dir, const std::string& words) {
  std::string script = "source ./gofer.bash; COMP_WORDS=(" + words +
                       "); COMP_CWORD=$((${#COMP_WORDS[@]} - 1)); _gofer; "
                       "printf '%s\\n' \"${COMPREPLY[@]}\"";
  RunResult result = run_program({"bash", "-c", script}, {.cwd = dir.path()});
  EXPECT_EQ(result.exit_code, 0) << result.err;
  return result.out;
}

class CompletionsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    RunResult bash = run_gofer({"completions", "bash"});
    ASSERT_EQ(bash.exit_code, 0) << bash.err;
    dir_.write("gofer.bash", bash.out);
  }
  TempDir dir_;
};

TEST_F(CompletionsTest, BashCompletesChoiceValues) {
  EXPECT_EQ(bash_offers(dir_, "gofer rename --case s"), "sentence\nsnake\n");
  EXPECT_EQ(bash_offers(dir_, "gofer --color a"), "auto\nalways\n");
  EXPECT_EQ(bash_offers(dir_, "gofer scrape --format j"), "jsonl\n");
}

TEST_F(CompletionsTest, BashCompletesFileAndDirectoryValues) {
  dir_.write("data.csv", "a\n");
  dir_.write("dbox/x", "");
  EXPECT_EQ(bash_offers(dir_, "gofer csv normalize -o da"), "data.csv\n");
  EXPECT_EQ(bash_offers(dir_, "gofer fetch -d d"), "dbox\n");
}

TEST_F(CompletionsTest, HiddenOptionsAreNotOffered) {
  std::string options = bash_offers(dir_, "gofer fetch --");
  EXPECT_NE(options.find("--retries\n"), std::string::npos) << options;
  EXPECT_EQ(options.find("--retry-base"), std::string::npos) << options;
  for (const char* shell : {"bash", "zsh", "fish"}) {
    RunResult script = run_gofer({"completions", shell});
    EXPECT_EQ(script.out.find("retry-base"), std::string::npos) << shell;
  }
}

TEST_F(CompletionsTest, FishCompletesValues) {
  RunResult fish = run_gofer({"completions", "fish"});
  EXPECT_NE(fish.out.find("-l case -x -a 'lower upper title"), std::string::npos) << fish.out;
  EXPECT_NE(fish.out.find("-l output -r -F"), std::string::npos);
}

}  // namespace
}  // namespace gofer::testing
