// Blackbox tests of the global command surface, against the real binary.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "json_text.hpp"
#include "run_binary.hpp"
#include "temp_dir.hpp"

namespace gofer::testing {
namespace {

TEST(CliBasicsTest, VersionPrintsVersionAndLibraries) {
  auto result = run_gofer({"--version"});
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_TRUE(result.out.starts_with("gofer ")) << result.out;
  EXPECT_NE(result.out.find("libcurl:"), std::string::npos);
  EXPECT_NE(result.out.find("HTTPS"), std::string::npos);
  EXPECT_NE(result.out.find("HTTP2"), std::string::npos);
  EXPECT_EQ(result.err, "");
}

// scrape parses pages on several threads; a libxml2 that keeps one global state (as a static
// link of libxml2 2.9.14 did, through its weak pthread symbols) corrupts the heap there.
TEST(CliBasicsTest, VersionShowsLibxml2IsThreadSafe) {
  auto result = run_gofer({"--version"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_NE(result.out.find("\nlibxml2:   2."), std::string::npos) << result.out;
  EXPECT_NE(result.out.find(" (thread-safe)\n"), std::string::npos) << result.out;
  auto json = run_gofer({"--json", "--version"});
  ASSERT_EQ(json.exit_code, 0) << json.err;
  EXPECT_EQ(parse_json_lines(json.out).front()["libxml2"]["thread_safe"], true) << json.out;
}

TEST(CliBasicsTest, VersionJsonIsValidJson) {
  for (auto args : {std::vector<std::string>{"--json", "--version"},
                    std::vector<std::string>{"--version", "--json"}}) {
    auto result = run_gofer(args);
    ASSERT_EQ(result.exit_code, 0) << result.err;
    auto lines = parse_json_lines(result.out);
    ASSERT_EQ(lines.size(), 2u) << result.out;  // the facts, then the summary
    EXPECT_EQ(lines[0]["type"], "version");
    EXPECT_TRUE(lines[0]["version"].is_string());
    EXPECT_TRUE(lines[0]["libcurl"]["features"].is_array());
    EXPECT_EQ(lines[1]["type"], "summary");
    EXPECT_EQ(lines[1]["exit_code"], 0);
    EXPECT_EQ(result.out.back(), '\n');
  }
}

TEST(CliBasicsTest, HelpListsCommandsExitCodesAndExamples) {
  auto result = run_gofer({"--help"});
  EXPECT_EQ(result.exit_code, 0);
  EXPECT_NE(result.out.find("completions"), std::string::npos);
  EXPECT_NE(result.out.find("Exit codes:"), std::string::npos);
  EXPECT_NE(result.out.find("Examples:"), std::string::npos);
  EXPECT_EQ(result.err, "");
}

TEST(CliBasicsTest, HelpCommandEqualsCommandHelp) {
  auto via_help = run_gofer({"help", "completions"});
  auto via_flag = run_gofer({"completions", "--help"});
  EXPECT_EQ(via_help.exit_code, 0);
  EXPECT_EQ(via_help.out, via_flag.out);
  EXPECT_NE(via_help.out.find("Examples:"), std::string::npos);
}

TEST(CliBasicsTest, NoCommandIsUsageError) {
  auto result = run_gofer({});
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_NE(result.err.find("Usage:"), std::string::npos);
  EXPECT_EQ(result.out, "");
}

TEST(CliBasicsTest, BadFlagIsUsageErrorWithHint) {
  auto result = run_gofer({"--no-such-flag"});
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_NE(result.err.find("--no-such-flag"), std::string::npos);
  EXPECT_NE(result.err.find("gofer --help"), std::string::npos);
  EXPECT_EQ(result.out, "");
}

TEST(CliBasicsTest, BadFlagValueIsUsageError) {
  auto result = run_gofer({"--color", "purple", "completions", "bash"});
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_NE(result.err.find("purple"), std::string::npos);
}

TEST(CliBasicsTest, UnknownCommandSuggestsNearest) {
  auto result = run_gofer({"completion", "bash"});
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_EQ(result.err,
            "gofer: unknown command 'completion'; did you mean 'completions'?\n"
            "Run 'gofer --help' for the list of commands.\n");
}

TEST(CliBasicsTest, HelpIntoClosedPipeExitsZeroQuietly) {
  auto result = run_program({"sh", "-c", "\"$0\" --help | head -1; exit ${PIPESTATUS:-0}",
                             gofer_binary().string()});
  EXPECT_EQ(result.exit_code, 0);
  EXPECT_EQ(result.err, "");
  EXPECT_TRUE(result.out.starts_with("gofer")) << result.out;
}

TEST(CliBasicsTest, LargeOutputIntoClosedPipeExitsZero) {
  // completions for fish are long enough to outlast `head -c 10` once the pipe fills.
  auto result = run_program({"bash", "-c",
                             "for i in 1 2 3 4 5 6 7 8; do \"$0\" completions fish; done | "
                             "head -c 10 >/dev/null; exit ${PIPESTATUS[0]}",
                             gofer_binary().string()});
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(result.err, "");
}

TEST(CliBasicsTest, GlobalOptionsAcceptedAfterCommand) {
  auto result = run_gofer({"completions", "bash", "--color", "never", "-q"});
  EXPECT_EQ(result.exit_code, 0) << result.err;
}

TEST(CliBasicsTest, NoColorMeansNoEscapeCodes) {
  auto result = run_gofer({"--help"}, {.env = {{"NO_COLOR", "1"}}});
  EXPECT_EQ(result.out.find('\x1b'), std::string::npos);
  EXPECT_EQ(result.err.find('\x1b'), std::string::npos);
}

TEST(CliBasicsTest, LockHeldByAnotherRunExits75) {
  TempDir dir;
  auto lock = (dir.path() / "cron.lock").string();
  // flock(1) from util-linux holds the lock while the inner gofer tries to take it.
  auto result = run_program({"flock", lock, gofer_binary().string(), "--lock", lock,
                             "completions", "bash"});
  EXPECT_EQ(result.exit_code, 75);
  EXPECT_TRUE(result.err.starts_with("gofer: lock " + lock + " is held by another run (pid "))
      << result.err;
  EXPECT_EQ(result.out, "");
}

TEST(CliBasicsTest, LockFreeRunsNormally) {
  TempDir dir;
  auto result = run_gofer({"--lock", (dir.path() / "l").string(), "completions", "bash"});
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_NE(result.out.find("complete -o bashdefault"), std::string::npos);
}

TEST(CliBasicsTest, LogFileInMissingDirectoryIsUsageError) {
  TempDir dir;
  auto result = run_gofer(
      {"--log-file", (dir.path() / "missing" / "x.log").string(), "completions", "bash"});
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_NE(result.err.find("cannot open log file"), std::string::npos);
}

TEST(CliBasicsTest, BashCompletionCompletesCommandsAndOptions) {
  TempDir dir;
  auto script = run_gofer({"completions", "bash"});
  ASSERT_EQ(script.exit_code, 0);
  dir.write("gofer.bash", script.out);
  auto result = run_program(
      {"bash", "-c",
       "source gofer.bash; COMP_WORDS=(gofer comp); COMP_CWORD=1; _gofer; echo ${COMPREPLY[*]};"
       "COMP_WORDS=(gofer completions --he); COMP_CWORD=2; _gofer; echo ${COMPREPLY[*]}"},
      {.cwd = dir.path()});
  EXPECT_EQ(result.out, "completions\n--help\n") << result.err;
}

TEST(CliBasicsTest, CompletionsRejectsUnknownShell) {
  auto result = run_gofer({"completions", "tcsh"});
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_NE(result.err.find("tcsh"), std::string::npos);
}

}  // namespace
}  // namespace gofer::testing
