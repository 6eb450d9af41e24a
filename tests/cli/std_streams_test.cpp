// Blackbox tests of stdout and stderr failing under every command: cron's log on a full disk
// (/dev/full) or a descriptor the caller closed. A failed stdout is exit 1 with a message;
// a failed stderr is never a crash; the work itself is done either way.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "http_test_server.hpp"
#include "run_binary.hpp"
#include "temp_dir.hpp"

namespace gofer::testing {
namespace {

constexpr int kAbortExit = 128 + 6;  // SIGABRT: what an uncaught write exception used to give

// How a stream is broken: the shell redirection that does it and the errno text it causes.
struct Breakage {
  std::string redirect;
  std::string cause;
};
const std::vector<Breakage> kStdoutBreakages = {{">/dev/full", "No space left on device"},
                                                {">&-", "Bad file descriptor"}};
const std::vector<Breakage> kStderrBreakages = {{"2>/dev/full", ""}, {"2>&-", ""}};

class StdStreamsCliTest : public ::testing::Test {
 protected:
  // Runs gofer ARGS through sh with `redirect` applied; state stays inside the temp dir.
  RunResult run_redirected(const std::vector<std::string>& args, const std::string& redirect) {
    std::vector<std::string> argv = {"sh", "-c", "exec \"$0\" \"$@\" " + redirect,
                                     gofer_binary().string()};
    argv.insert(argv.end(), args.begin(), args.end());
    return run_program(argv, {.cwd = dir_.path(),
                              .env = {{"XDG_STATE_HOME", (dir_.path() / "state").string()},
                                      {"NO_COLOR", "1"}}});
  }
  static bool contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
  }
  void expect_stdout_error(const RunResult& result, const Breakage& breakage) {
    EXPECT_EQ(result.exit_code, 1) << breakage.redirect << "\n" << result.err;
    EXPECT_TRUE(contains(result.err, "gofer: standard output: write error: " + breakage.cause))
        << breakage.redirect << "\n" << result.err;
  }

  TempDir dir_;
};

TEST_F(StdStreamsCliTest, RenamePreviewOnBrokenStdoutIsAnError) {
  dir_.write("a b.txt", "x");
  for (const Breakage& breakage : kStdoutBreakages) {
    expect_stdout_error(run_redirected({"rename", "-e", " ", "-r", "_", "."}, breakage.redirect),
                        breakage);
  }
}

// Closed stdout must not let the journal take descriptor 1 and receive the JSON lines: the
// run is reported as failed output, the renames happen, and --undo still reads the journal.
TEST_F(StdStreamsCliTest, RenameApplyOnBrokenStdoutRenamesAndStaysUndoable) {
  for (const Breakage& breakage : kStdoutBreakages) {
    dir_.write("a b.txt", "x");
    auto applied =
        run_redirected({"--json", "rename", "-e", " ", "-r", "_", "-x", "."}, breakage.redirect);
    expect_stdout_error(applied, breakage);
    EXPECT_TRUE(std::filesystem::exists(dir_.path() / "a_b.txt")) << breakage.redirect;
    auto undone = run_redirected({"rename", "--undo"}, "");
    EXPECT_EQ(undone.exit_code, 0) << undone.err;
    EXPECT_TRUE(std::filesystem::exists(dir_.path() / "a b.txt")) << breakage.redirect;
  }
}

TEST_F(StdStreamsCliTest, RenameOnBrokenStderrDoesTheWorkAndExitsNormally) {
  for (const Breakage& breakage : kStderrBreakages) {
    dir_.write("a b.txt", "x");
    auto applied = run_redirected({"rename", "-e", " ", "-r", "_", "-x", "."}, breakage.redirect);
    EXPECT_EQ(applied.exit_code, 0) << breakage.redirect;
    EXPECT_TRUE(std::filesystem::exists(dir_.path() / "a_b.txt")) << breakage.redirect;
    auto undone = run_redirected({"rename", "--undo"}, breakage.redirect);
    EXPECT_EQ(undone.exit_code, 0) << breakage.redirect;
    EXPECT_TRUE(std::filesystem::exists(dir_.path() / "a b.txt")) << breakage.redirect;
  }
}

TEST_F(StdStreamsCliTest, CsvNormalizeToBrokenStdoutIsAnError) {
  dir_.write("in.csv", "a;b\n1;2\n");
  for (const Breakage& breakage : kStdoutBreakages) {
    auto result = run_redirected({"csv", "normalize", "in.csv"}, breakage.redirect);
    EXPECT_EQ(result.exit_code, 1) << breakage.redirect;
    EXPECT_TRUE(contains(result.err, "standard output: write error: " + breakage.cause))
        << result.err;
    EXPECT_EQ(dir_.read("in.csv"), "a;b\n1;2\n");
  }
}

TEST_F(StdStreamsCliTest, CsvErrorsOnBrokenStderrAreNotACrash) {
  for (const Breakage& breakage : kStderrBreakages) {
    auto missing = run_redirected({"csv", "normalize", "missing.csv"}, breakage.redirect);
    EXPECT_EQ(missing.exit_code, 1) << breakage.redirect;
    dir_.write("in.csv", "a;b\n1;2\n");
    auto written = run_redirected({"csv", "normalize", "in.csv", "-o", "out.csv"},
                                  breakage.redirect);
    EXPECT_EQ(written.exit_code, 0) << breakage.redirect;
    EXPECT_EQ(dir_.read("out.csv"), "a,b\n1,2\n");
  }
}

// With stdout closed, the output file must not be opened as descriptor 1 and get extra bytes.
TEST_F(StdStreamsCliTest, CsvOutputFileIsExactWithStdoutClosed) {
  dir_.write("in.csv", "a;b\n1;2\n");
  auto result = run_redirected({"csv", "normalize", "in.csv", "-o", "out.csv"}, ">&- 2>&-");
  EXPECT_EQ(result.exit_code, 0);
  EXPECT_EQ(dir_.read("out.csv"), "a,b\n1,2\n");
}

TEST_F(StdStreamsCliTest, CsvCheckAndSniffReportsOnBrokenStdoutAreErrors) {
  dir_.write("in.csv", "a,b\n1,2\n");
  for (const Breakage& breakage : kStdoutBreakages) {
    expect_stdout_error(run_redirected({"csv", "sniff", "in.csv"}, breakage.redirect), breakage);
    expect_stdout_error(run_redirected({"--json", "csv", "check", "in.csv"}, breakage.redirect),
                        breakage);
  }
}

TEST_F(StdStreamsCliTest, VersionAndHelpOnBrokenStdoutAreErrors) {
  for (const Breakage& breakage : kStdoutBreakages) {
    expect_stdout_error(run_redirected({"--version"}, breakage.redirect), breakage);
    expect_stdout_error(run_redirected({"--help"}, breakage.redirect), breakage);
    expect_stdout_error(run_redirected({"completions", "bash"}, breakage.redirect), breakage);
  }
}

TEST_F(StdStreamsCliTest, UsageErrorOnBrokenStderrKeepsItsExitCode) {
  for (const Breakage& breakage : kStderrBreakages) {
    auto result = run_redirected({"--no-such-flag"}, breakage.redirect);
    EXPECT_EQ(result.exit_code, 2) << breakage.redirect;
    EXPECT_NE(result.exit_code, kAbortExit);
  }
}

class FetchStdStreamsCliTest : public StdStreamsCliTest {
 protected:
  HttpTestServer server_;
};

TEST_F(FetchStdStreamsCliTest, JsonOnBrokenStdoutIsAnErrorButFilesAreCommitted) {
  for (const Breakage& breakage : kStdoutBreakages) {
    std::string dir = "out" + std::to_string(breakage.redirect.size());
    auto result = run_redirected({"--json", "fetch", "-d", dir, server_.url("/file/100/a.bin")},
                                 breakage.redirect);
    expect_stdout_error(result, breakage);
    EXPECT_EQ(std::filesystem::file_size(dir_.path() / dir / "a.bin"), 100u);
  }
}

TEST_F(FetchStdStreamsCliTest, BrokenStderrIsNotACrashAndFailuresStillCount) {
  for (const Breakage& breakage : kStderrBreakages) {
    std::string dir = "out" + std::to_string(breakage.redirect.size());
    auto ok = run_redirected({"fetch", "-d", dir, server_.url("/file/100/a.bin")},
                             breakage.redirect);
    EXPECT_EQ(ok.exit_code, 0) << breakage.redirect;
    EXPECT_EQ(std::filesystem::file_size(dir_.path() / dir / "a.bin"), 100u);
    auto failed = run_redirected({"fetch", "--retries", "0", "-d", dir, server_.url("/status/404")},
                                 breakage.redirect);
    EXPECT_EQ(failed.exit_code, 1) << breakage.redirect;
  }
}

}  // namespace
}  // namespace gofer::testing
