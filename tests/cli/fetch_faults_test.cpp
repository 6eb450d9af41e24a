// Blackbox tests of `gofer fetch` against misbehaving servers: retries, timeouts, cut-off
// bodies, redirects, size limits, TLS.
#include "fetch_fixture.hpp"

namespace gofer::testing {
namespace {

namespace fs = std::filesystem;

TEST_F(FetchCliTest, Retries503ThenSucceeds) {
  auto result = fetch({"--json", "-d", "out", server_.url("/flaky/a/2")});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(server_.hits("/flaky/a/2"), 3);
  EXPECT_EQ(json_lines(result.out)[0]["attempts"], 3);
  EXPECT_EQ(dir_.read("work/out/2"), "ok a");
}

TEST_F(FetchCliTest, GivesUpAfterRetriesWithNoFileLeft) {
  auto result = fetch({"--json", "--retries", "2", "-d", "out", server_.url("/flaky/b/10")});
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_EQ(server_.hits("/flaky/b/10"), 3);
  auto line = json_lines(result.out)[0];
  EXPECT_EQ(line["error"], "HTTP 503");
  EXPECT_EQ(line["attempts"], 3);
  EXPECT_TRUE(out_files().empty());
  auto human = fetch({"--retries", "1", "-d", "out", server_.url("/flaky/b2/10")});
  EXPECT_TRUE(contains(human.err, "FAIL " + server_.url("/flaky/b2/10") + ": HTTP 503 (after 2 attempts)"))
      << human.err;
}

TEST_F(FetchCliTest, NoRetryOn404) {
  auto result = fetch({"-d", "out", server_.url("/status/404")});
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_EQ(server_.hits("/status/404"), 1);
  EXPECT_TRUE(contains(result.err, "FAIL " + server_.url("/status/404") + ": HTTP 404\n")) << result.err;
}

TEST_F(FetchCliTest, RetryAfterIsHonoured) {
  auto result = fetch({"-d", "out", server_.url("/retry-after/c/1/1")});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(server_.hits("/retry-after/c/1/1"), 2);
  EXPECT_GE(last_seconds_, 0.9);  // backoff alone would be ~10 ms
}

TEST_F(FetchCliTest, RetryAfterBeyondMaxRetryWaitFailsAtOnce) {
  auto result = fetch({"--json", "--max-retry-wait", "2", "-d", "out", server_.url("/retry-after/d/1/120")});
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_EQ(server_.hits("/retry-after/d/1/120"), 1);
  EXPECT_LT(last_seconds_, 10);
  EXPECT_TRUE(contains(json_lines(result.out)[0]["error"], "--max-retry-wait")) << result.out;
}

TEST_F(FetchCliTest, StalledTransferTimesOutAndLeavesNothing) {
  auto result = fetch({"--json", "--stall-timeout", "1", "--retries", "1", "-d", "out", server_.url("/stall/100000")});
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_EQ(server_.hits("/stall/100000"), 2);
  EXPECT_TRUE(contains(json_lines(result.out)[0]["error"], "timed out")) << result.out;
  EXPECT_TRUE(out_files().empty());
}

TEST_F(FetchCliTest, ConnectionDropMidBodyIsRetried) {
  auto result = fetch({"-d", "out", server_.url("/drop/e/100000")});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(server_.hits("/drop/e/100000"), 2);
  EXPECT_TRUE(out_files() == (std::map<std::string, std::string>{{"100000", HttpTestServer::body(100000)}}));
}

TEST_F(FetchCliTest, ContinueResumesAfterADropWithinOneRun) {
  auto result = fetch({"-c", "-d", "out", server_.url("/drop/f/100000")});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(server_.last_header("/drop/f/100000", "Range"), "bytes=50000-");
  EXPECT_TRUE(dir_.read("work/out/100000") == HttpTestServer::body(100000));
}

TEST_F(FetchCliTest, BodyShorterThanContentLengthFails) {
  auto result = fetch({"--json", "--retries", "1", "-d", "out", server_.url("/short/100000")});
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_EQ(server_.hits("/short/100000"), 2);
  EXPECT_TRUE(out_files().empty()) << result.out;
}

TEST_F(FetchCliTest, MaxSizeRefusesByContentLengthAndWhileStreaming) {
  auto result = fetch({"--json", "--max-size", "50k", "-d", "out", server_.url("/file/100000/m"),
                       server_.url("/huge")});
  EXPECT_EQ(result.exit_code, 1);
  auto lines = json_lines(result.out);
  EXPECT_TRUE(contains(lines[0]["error"], "--max-size")) << result.out;
  EXPECT_TRUE(contains(lines[1]["error"], "--max-size")) << result.out;
  EXPECT_TRUE(out_files().empty());
  EXPECT_EQ(server_.hits("/huge"), 1);  // a refused size is not retried
}

TEST_F(FetchCliTest, RedirectsFollowedLoopsAndOtherSchemesRefused) {
  auto result = fetch({"--json", "-d", "out", server_.url("/redirect/3"), server_.url("/loop"),
                       server_.url("/to-file")});
  EXPECT_EQ(result.exit_code, 1);
  std::map<std::string, nlohmann::json> by_url;
  for (auto& line : json_lines(result.out)) {
    if (line["type"] == "entry") by_url[line["url"]] = line;
  }
  EXPECT_EQ(by_url[server_.url("/redirect/3")]["status"], "ok");
  EXPECT_EQ(by_url[server_.url("/loop")]["error"], "too many redirects (--max-redirects)");
  EXPECT_EQ(by_url[server_.url("/to-file")]["error"], "redirect to a non-HTTP(S) URL refused");
  EXPECT_EQ(out_files(), (std::map<std::string, std::string>{{"3", "redirected"}}));
  EXPECT_EQ(fetch({"--max-redirects", "2", "-d", "out", "-o", "r", server_.url("/redirect/3")}).exit_code, 1);
}

TEST_F(FetchCliTest, HttpsNeedsTheRightCaBundle) {
  HttpTestServer tls(true);
  auto verified = fetch({"-d", "out", "--cacert", tls.cert_path().string(), tls.url("/file/10/t")});
  EXPECT_EQ(verified.exit_code, 0) << verified.err;
  EXPECT_EQ(dir_.read("work/out/t"), HttpTestServer::body(10));
  auto unknown = fetch({"-d", "out", "--retries", "0", "-o", "u", tls.url("/file/10/u")});
  EXPECT_EQ(unknown.exit_code, 1);
  EXPECT_FALSE(fs::exists(work_ / "out" / "u"));
  auto insecure = fetch({"-d", "out", "--insecure", "-o", "i", tls.url("/file/10/i")});
  EXPECT_EQ(insecure.exit_code, 0) << insecure.err;
  EXPECT_TRUE(contains(insecure.err, "NOT verified")) << insecure.err;
}

TEST_F(FetchCliTest, ConnectionRefusedIsRetriedThenReported) {
  auto result = fetch({"--json", "--retries", "2", "-d", "out", "http://127.0.0.1:1/x"});
  EXPECT_EQ(result.exit_code, 1);
  auto line = json_lines(result.out)[0];
  EXPECT_EQ(line["attempts"], 3);
  EXPECT_FALSE(line.contains("http_status")) << line;  // no response: absent, not null
}

}  // namespace
}  // namespace gofer::testing
