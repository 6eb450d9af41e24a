// `gofer fetch` on a terminal: the progress line replaces the OK lines; failures still show.
#include "fetch_fixture.hpp"

namespace gofer::testing {
namespace {

// Runs `gofer fetch ARGS` under script(1), so that stderr is a pseudo-terminal; what the
// terminal showed comes back on stdout.
RunResult fetch_on_a_terminal(const std::filesystem::path& cwd, const std::filesystem::path& state,
                              const std::string& args) {
  std::string command = gofer_binary().string() + " fetch " + args;
  return run_program({"script", "-qec", command, "/dev/null"},
                     {.cwd = cwd, .env = {{"XDG_STATE_HOME", state.string()}, {"NO_COLOR", "1"}}});
}

TEST_F(FetchCliTest, TerminalProgressReplacesOkLines) {
  std::string args = "-d out " + server_.url("/file/100/a.bin") + " " +
                     server_.url("/file/200/b.bin") + " " + server_.url("/status/404");
  RunResult result = fetch_on_a_terminal(work_, state_, args);
  ASSERT_EQ(result.exit_code, 1) << result.out << result.err;
  EXPECT_FALSE(contains(result.out, "OK " + server_.url("/file/100/a.bin"))) << result.out;
  EXPECT_TRUE(contains(result.out, "FAIL " + server_.url("/status/404"))) << result.out;
  EXPECT_TRUE(contains(result.out, "3/3 done")) << result.out;
  EXPECT_TRUE(contains(result.out, "fetched 2, unchanged 0, skipped 0, failed 1")) << result.out;
  EXPECT_EQ(out_files().size(), 2u);
}

TEST_F(FetchCliTest, WithoutATerminalEveryUrlHasItsLine) {
  auto result = fetch({"-d", "out", server_.url("/file/100/a.bin")});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_TRUE(contains(result.err, "OK " + server_.url("/file/100/a.bin"))) << result.err;
  EXPECT_FALSE(contains(result.err, "done,")) << result.err;
}

}  // namespace
}  // namespace gofer::testing
