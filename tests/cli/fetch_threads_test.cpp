// Blackbox tests of `gofer fetch` on several event-loop threads: limits that must hold across
// threads, names claimed in input order, every URL reported once, Ctrl-C.
#include <set>

#include "fetch_fixture.hpp"

namespace gofer::testing {
namespace {

namespace fs = std::filesystem;

class FetchThreadsTest : public FetchCliTest {
 protected:
  // Fetches `urls` requests of `ms` each with these flags; returns the most the server was
  // answering at one time. As many slots as URLs: only --per-host holds them back.
  int most_at_once(const std::string& threads, const std::string& per_host, int urls, int ms) {
    std::vector<std::string> args{"--threads", threads, "-j", std::to_string(urls),
                                  "--per-host", per_host, "-d", "out"};
    for (int i = 0; i < urls; ++i) {
      args.push_back(server_.url("/slow/" + std::to_string(ms) + "/a" + std::to_string(i)));
    }
    auto result = fetch(args);
    EXPECT_EQ(result.exit_code, 0) << result.err;
    EXPECT_EQ(out_files().size(), static_cast<size_t>(urls));
    return server_.max_concurrent_requests();
  }
};

TEST_F(FetchThreadsTest, PerHostHoldsAcrossThreads) {
  int most = most_at_once("2", "3", 12, 300);
  EXPECT_LE(most, 3);
  EXPECT_GE(most, 2);  // both threads did run transfers
}

TEST_F(FetchThreadsTest, ASingleConnectionPerHostMeansOneThread) {
  EXPECT_EQ(most_at_once("4", "1", 6, 100), 1);
}

TEST_F(FetchThreadsTest, ANegativeThreadCountIsAUsageError) {
  auto result = fetch({"--threads", "-1", "-d", "out", server_.url("/file/1")});
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_TRUE(contains(result.err, "--threads")) << result.err;
  EXPECT_EQ(server_.hits("/file/1"), 0);
}

TEST_F(FetchCliTest, NamesAreClaimedInInputOrderWhateverThreadFetches) {
  std::string list;
  constexpr int kUrls = 40;
  for (int i = 1; i <= kUrls; ++i) list += server_.url("/file/" + std::to_string(i) + "/same.bin") + "\n";
  auto result = fetch({"--threads", "2", "-j", "8", "--per-host", "8", "-d", "out", "-i", "-"},
                      list);
  ASSERT_EQ(result.exit_code, 0) << result.err;
  auto files = out_files();
  ASSERT_EQ(files.size(), static_cast<size_t>(kUrls));
  EXPECT_EQ(files["same.bin"], HttpTestServer::body(1));
  for (int i = 2; i <= kUrls; ++i) {
    EXPECT_EQ(files["same." + std::to_string(i - 1) + ".bin"], HttpTestServer::body(static_cast<size_t>(i)));
  }
}

TEST_F(FetchCliTest, EveryUrlIsReportedExactlyOnceAcrossThreads) {
  std::string list;
  constexpr int kUrls = 150;
  for (int i = 0; i < kUrls; ++i) {
    list += server_.url(i % 10 == 0 ? "/status/404" : "/file/100/u" + std::to_string(i)) + "\n";
  }
  list += "ftp://not-http/x\n";
  auto result = fetch({"--json", "--threads", "3", "-j", "12", "--per-host", "12", "-d", "out",
                       "-i", "-"}, list);
  EXPECT_EQ(result.exit_code, 1);
  auto lines = json_lines(result.out);
  ASSERT_EQ(lines.size(), static_cast<size_t>(kUrls) + 2);  // + the bad line, + the summary
  std::multiset<std::string> urls;
  for (size_t i = 0; i + 1 < lines.size(); ++i) urls.insert(lines[i]["url"].get<std::string>());
  EXPECT_EQ(urls.count(server_.url("/file/100/u1")), 1u);
  EXPECT_EQ(urls.count(server_.url("/status/404")), 15u);
  EXPECT_EQ(lines.back()["ok"], 135);
  EXPECT_EQ(lines.back()["failed"], 16);
  EXPECT_EQ(out_files().size(), 135u);
}

TEST_F(FetchCliTest, LimitRateHoldsForEveryTransferOnEveryThread) {
  // Two transfers of 300,000 bytes at 100 KiB/s each, one per thread: each needs about 2 s.
  auto result = fetch({"--threads", "2", "-j", "2", "--limit-rate", "100k", "-d", "out",
                       server_.url("/file/300000/l1"), server_.url("/file/300000/l2")});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_GE(last_seconds_, 1.2);
  EXPECT_TRUE(dir_.read("work/out/l2") == HttpTestServer::body(300000));
}

TEST_F(FetchCliTest, CtrlCStopsTheTransfersOfEveryThread) {
  std::vector<std::string> argv{"timeout", "--foreground", "--preserve-status", "-s", "INT",
                                "1.5", gofer_binary().string(), "fetch", "--threads", "2",
                                "-j", "4", "-d", "out"};
  for (int i = 1; i <= 4; ++i) argv.push_back(server_.url("/drip/200000/20?" + std::to_string(i)));
  auto killed = run_program(argv, {.cwd = work_, .env = {{"XDG_STATE_HOME", state_.string()}}});
  EXPECT_EQ(killed.exit_code, 130) << killed.err;
  for (int i = 1; i <= 4; ++i) {
    EXPECT_TRUE(contains(killed.err, "STOPPED " + server_.url("/drip/200000/20?" + std::to_string(i))))
        << killed.err;
  }
  EXPECT_TRUE(contains(killed.err, "interrupted 4")) << killed.err;
  for (const auto& [name, content] : out_files()) {
    EXPECT_TRUE(name.ends_with(".part")) << name;  // nothing half-done under a final name
  }
}

}  // namespace
}  // namespace gofer::testing
