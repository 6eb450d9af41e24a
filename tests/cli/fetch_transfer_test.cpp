// Blackbox tests of `gofer fetch` transfer settings: rate limit, total timeout, .netrc,
// proxies from the environment, If-Range on a changed file, Content-Encodings, Retry-After as
// an HTTP date.
#include <ctime>

#include "fetch_fixture.hpp"

namespace gofer::testing {
namespace {

namespace fs = std::filesystem;

TEST_F(FetchCliTest, LimitRateSlowsTheTransfer) {
  // 300,000 bytes at 100 KiB/s need about 2 s (the first second's worth may come at once);
  // unlimited, loopback takes milliseconds.
  auto result = fetch({"--limit-rate", "100k", "-d", "out", server_.url("/file/300000/slow")});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_GE(last_seconds_, 1.2);
  EXPECT_TRUE(dir_.read("work/out/slow") == HttpTestServer::body(300000));
}

TEST_F(FetchCliTest, TimeoutEndsATransferThatKeepsDripping) {
  // 1 KiB every 50 ms never stalls, but takes 5 s in all: --timeout 1 must end it.
  auto result = fetch({"--json", "--timeout", "1", "--retries", "0", "-d", "out",
                       server_.url("/drip/100000/50")});
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_LT(last_seconds_, 4.0);
  auto line = json_lines(result.out)[0];
  EXPECT_TRUE(contains(line["error"], "timed out")) << result.out;
  EXPECT_EQ(line["attempts"], 1);
  EXPECT_TRUE(out_files().empty());
}

TEST_F(FetchCliTest, NetrcCredentialsAreSentOnlyWithNetrc) {
  dir_.write("home/.netrc", "machine 127.0.0.1 login user password secret\n");
  fs::permissions(dir_.path() / "home" / ".netrc", fs::perms::owner_read | fs::perms::owner_write);
  std::map<std::string, std::string> env{{"HOME", (dir_.path() / "home").string()}};
  auto without = fetch({"-d", "out", "-o", "plain", server_.url("/echo")}, "", env);
  ASSERT_EQ(without.exit_code, 0) << without.err;
  EXPECT_EQ(server_.last_header("/echo", "Authorization"), "");
  auto with = fetch({"--netrc", "-d", "out", "-o", "auth", server_.url("/echo")}, "", env);
  ASSERT_EQ(with.exit_code, 0) << with.err;
  EXPECT_EQ(server_.last_header("/echo", "Authorization"), "Basic dXNlcjpzZWNyZXQ=");  // user:secret
}

TEST_F(FetchCliTest, ProxyFromTheEnvironmentIsUsedAndNoProxyBypassesIt) {
  std::string proxy = server_.url("");
  auto result = fetch({"-d", "out", "-o", "p", "http://proxied.invalid/file/5/p"}, "",
                      {{"http_proxy", proxy}});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(dir_.read("work/out/p"), "via proxy: http://proxied.invalid/file/5/p");
  EXPECT_EQ(server_.hits("http://proxied.invalid/file/5/p"), 1);
  // no_proxy names the host: the direct request reaches /file itself.
  auto direct = fetch({"-d", "out", "-o", "d", server_.url("/file/5/d")}, "",
                      {{"http_proxy", "http://127.0.0.1:1"}, {"no_proxy", "127.0.0.1"}});
  ASSERT_EQ(direct.exit_code, 0) << direct.err;
  EXPECT_EQ(dir_.read("work/out/d"), HttpTestServer::body(5));
}

TEST_F(FetchCliTest, ContinueRestartsFromZeroWhenTheFileChanged) {
  // A first run drops mid-body and keeps the .part with the server's validators.
  std::string url = server_.url("/drop/ir/100000");
  auto first = fetch({"-c", "--retries", "0", "-d", "out", url});
  EXPECT_EQ(first.exit_code, 1);
  ASSERT_EQ(out_files().count("100000.part"), 1u) << first.err;
  // The remote file changes: the recorded ETag no longer matches, and the kept bytes are not
  // a prefix of the new body (appending to them would corrupt the file).
  fs::path record = *fs::directory_iterator(state_ / "gofer" / "fetch");
  std::string text = dir_.read(fs::relative(record, dir_.path()).string());
  text.replace(text.find("gofer-test-v1"), 13, "gofer-test-v0");
  dir_.write(fs::relative(record, dir_.path()).string(), text);
  dir_.write("work/out/100000.part", std::string(50000, 'X'));
  auto second = fetch({"-c", "-d", "out", url});
  ASSERT_EQ(second.exit_code, 0) << second.err;
  EXPECT_EQ(server_.last_header("/drop/ir/100000", "If-Range"), "\"gofer-test-v0\"");
  EXPECT_EQ(server_.last_header("/drop/ir/100000", "Range"), "bytes=50000-");
  EXPECT_TRUE(out_files() ==
              (std::map<std::string, std::string>{{"100000", HttpTestServer::body(100000)}}));
}

TEST_F(FetchCliTest, EveryContentEncodingIsDecoded) {
  for (std::string encoding : {"gzip", "br", "zstd"}) {
    auto result = fetch({"-d", "out", server_.url("/encoded/" + encoding)});
    ASSERT_EQ(result.exit_code, 0) << encoding << ": " << result.err;
    std::string text = dir_.read("work/out/" + encoding);
    EXPECT_EQ(text.size(), 2000u * 33u) << encoding;
    EXPECT_TRUE(text.starts_with("gofer fetches compressible text. ")) << encoding;
    EXPECT_TRUE(contains(server_.last_header("/encoded/" + encoding, "Accept-Encoding"),
                         encoding)) << encoding;
  }
}

TEST_F(FetchCliTest, RetryAfterAsAnHttpDateIsHonoured) {
  std::time_t when = std::time(nullptr) + 2;
  std::tm utc{};
  gmtime_r(&when, &utc);
  char date[64];
  std::strftime(date, sizeof date, "%a, %d %b %Y %H:%M:%S GMT", &utc);
  std::string path = "/retry-after/hd/1/" + std::string(date);
  std::string encoded;
  for (char c : path) encoded += c == ' ' ? std::string("%20") : std::string(1, c);
  auto result = fetch({"-d", "out", "-o", "hd", server_.url(encoded)});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(server_.hits(path), 2);
  EXPECT_GE(last_seconds_, 0.9);  // backoff alone would be ~10 ms
}

}  // namespace
}  // namespace gofer::testing
