// What shell users type (issue 25): a typo gets the nearest name and the help to read, curl's
// spellings work or say what to type instead, value options never swallow an input, and
// Ctrl-C/SIGTERM end a run blocked on a pipe that sends nothing with 130/143 and a hint.
#include <algorithm>
#include <csignal>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "fetch_fixture.hpp"

namespace gofer::testing {
namespace {

class ShellHabitsTest : public FetchCliTest {
 protected:
  RunResult gofer(const std::vector<std::string>& args) {
    return run_gofer(args, {.cwd = work_, .env = {{"XDG_STATE_HOME", state_.string()}}});
  }
  // `gofer ARGS` with a stdin that stays open and silent, sent `signal` after 1 s once gofer
  // catches it (its SigCgt mask in /proc: the delay alone lost the race on a loaded machine,
  // where the default action ended gofer before main(); under qemu the mask is the emulator's,
  // so the delay stays), and SIGKILLed 20 s later (137) if it ignores the signal.
  RunResult on_silent_stdin(const std::vector<std::string>& args, int signal) {
    std::string sig = std::to_string(signal);
    std::string command = "mkfifo silent && exec 4<>silent; \"$0\"";
    for (size_t i = 0; i < args.size(); ++i) command += " \"$" + std::to_string(i + 1) + "\"";
    command += " <silent & pid=$!; sleep 1; tries=0; "
               "while [ $tries -lt 400 ]; do "
               "mask=$(awk '/^SigCgt/ {print $2}' /proc/$pid/status 2>/dev/null); "
               "[ -n \"$mask\" ] && [ $(( 0x$mask >> (" + sig + " - 1) & 1 )) = 1 ] && break; "
               "tries=$((tries + 1)); sleep 0.05; done; "
               "kill -" + sig + " $pid; (sleep 20; kill -9 $pid) >/dev/null 2>&1 & dog=$!; "
               "wait $pid; code=$?; kill $dog 2>/dev/null; exit $code";
    std::vector<std::string> argv{"sh", "-c", command, gofer_binary().string()};
    argv.insert(argv.end(), args.begin(), args.end());
    return run_program(argv, {.cwd = work_, .env = {{"XDG_STATE_HOME", state_.string()}}});
  }
  static size_t lines(const std::string& text) {
    return static_cast<size_t>(std::count(text.begin(), text.end(), '\n'));
  }
};

struct Typo {
  std::vector<std::string> args;
  std::string suggestion;
  std::string help;
};

TEST_F(ShellHabitsTest, TypoSuggestsTheNearestNameAndTheHelpToRead) {
  dir_.write("work/in.csv", "a\n1\n");
  for (const Typo& typo : {
           Typo{{"renme", "-x"}, "did you mean 'rename'?", "gofer --help"},
           Typo{{"csv", "normalise", "in.csv"}, "did you mean 'normalize'?", "gofer csv --help"},
           Typo{{"csv", "normalize", "in.csv", "--out-dri", "o"},
                "did you mean '--out-dir'?",
                "gofer csv normalize --help"},
           Typo{{"fetch", "--retires", "3", "http://127.0.0.1:9/"},
                "did you mean '--retries'?",
                "gofer fetch --help"},
       }) {
    RunResult result = gofer(typo.args);
    EXPECT_EQ(result.exit_code, 2) << typo.args[0] << ": " << result.err;
    EXPECT_TRUE(contains(result.err, typo.suggestion)) << result.err;
    EXPECT_TRUE(contains(result.err, typo.help)) << result.err;
    EXPECT_LE(lines(result.err), 2u) << result.err;
  }
}

// `--nulls in.csv` once read stdin: the optional value swallowed the input's name.
TEST_F(ShellHabitsTest, NullsTakesItsTokensOnlyAfterAnEqualsSign) {
  dir_.write("work/in.csv", "a,b\n1,NA\n2,x\n");
  RunResult bare = gofer({"csv", "normalize", "-q", "--nulls", "in.csv"});
  EXPECT_EQ(bare.exit_code, 0) << bare.err;
  EXPECT_EQ(bare.out, "a,b\n1,\n2,x\n") << "in.csv read, with the default tokens";
  RunResult with_value = gofer({"csv", "normalize", "-q", "--nulls=x", "in.csv"});
  EXPECT_EQ(with_value.exit_code, 0) << with_value.err;
  EXPECT_EQ(with_value.out, "a,b\n1,NA\n2,\n");
}

TEST_F(ShellHabitsTest, UnknownEncodingIsAUsageError) {
  dir_.write("work/in.csv", "a\n1\n");
  RunResult result = gofer({"csv", "normalize", "--encoding", "bogus", "in.csv"});
  EXPECT_EQ(result.exit_code, 2) << result.err;
  EXPECT_TRUE(contains(result.err, "--encoding: unknown or unsupported encoding")) << result.err;
  EXPECT_EQ(lines(result.err), 1u) << result.err;
  EXPECT_EQ(result.out, "");
}

TEST_F(ShellHabitsTest, CurlSpellingsDoWhatCurlDoes) {
  std::string url = server_.url("/file/1000/page");
  RunResult result = fetch({"-L", "-s", "-S", "-f", "-O", "-d", "out", url});
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(result.err, "") << "-s is quiet";
  EXPECT_TRUE(dir_.read("work/out/page") == HttpTestServer::body(1000));

  dir_.write("work/out/big.part", HttpTestServer::body(100000).substr(0, 30000));
  RunResult resumed = fetch({"-C", "-", "-d", "out", server_.url("/file/100000/big")});
  EXPECT_EQ(resumed.exit_code, 0) << resumed.err;
  EXPECT_EQ(server_.last_header("/file/100000/big", "Range"), "bytes=30000-");
  EXPECT_TRUE(dir_.read("work/out/big") == HttpTestServer::body(100000));
}

TEST_F(ShellHabitsTest, CurlSpellingsGoferCannotHonourSayWhatToTypeInstead) {
  RunResult offset = fetch({"-C", "100", "-d", "out", server_.url("/file/10/x")});
  EXPECT_EQ(offset.exit_code, 2) << offset.err;
  EXPECT_TRUE(contains(offset.err, "only '-C -' (= -c) is supported")) << offset.err;
  RunResult named = fetch({"-O", "x.bin", server_.url("/file/10/x")});
  EXPECT_EQ(named.exit_code, 2) << named.err;
  EXPECT_TRUE(contains(named.err, "use -o x.bin")) << named.err;
  EXPECT_EQ(server_.hits("/file/10/x"), 0) << "a usage error makes no request";
}

TEST_F(ShellHabitsTest, SignalEndsAFetchWaitingOnASilentUrlList) {
  for (auto [signal, code] : {std::pair{SIGTERM, 143}, std::pair{SIGINT, 130}}) {
    RunResult result = on_silent_stdin({"fetch", "-d", "out", "-i", "-"}, signal);
    EXPECT_EQ(result.exit_code, code) << result.err;
    EXPECT_TRUE(contains(result.err, "interrupted")) << result.err;
    EXPECT_LE(lines(result.err), 3u) << result.err;
    std::filesystem::remove(work_ / "silent");
  }
}

TEST_F(ShellHabitsTest, SignalEndsAScrapeWaitingOnASilentStdin) {
  dir_.write("work/page.html", "<html><a href=\"/a\">A</a></html>");
  RunResult to_stdout = on_silent_stdin({"scrape", "page.html", "-"}, SIGTERM);
  EXPECT_EQ(to_stdout.exit_code, 143) << to_stdout.err;
  EXPECT_TRUE(contains(to_stdout.err, "interrupted after 1 of 2 pages: rerun the same command"))
      << to_stdout.err;
  EXPECT_TRUE(contains(to_stdout.out, "/a,")) << "the rows of the page read before the signal";
  std::filesystem::remove(work_ / "silent");

  dir_.write("work/rows.csv", "kept\n");
  RunResult to_file = on_silent_stdin({"scrape", "page.html", "-", "-o", "rows.csv"}, SIGINT);
  EXPECT_EQ(to_file.exit_code, 130) << to_file.err;
  EXPECT_TRUE(contains(to_file.err, "rows.csv was left as it was")) << to_file.err;
  EXPECT_EQ(dir_.read("work/rows.csv"), "kept\n") << "a half list must not replace the file";
}

}  // namespace
}  // namespace gofer::testing
