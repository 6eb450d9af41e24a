// Blackbox tests of `gofer fetch --refresh` after any run: validators recorded by every
// download, If-Modified-Since from the file's mtime, --remote-time, files edited by hand.
#include <fcntl.h>
#include <sys/stat.h>

#include <array>
#include <ctime>

#include "fetch_fixture.hpp"

namespace gofer::testing {
namespace {

namespace fs = std::filesystem;

constexpr time_t kServerLastModified = 1893456000;  // the test server's Tue, 01 Jan 2030
constexpr time_t kJan2020 = 1577836800;
constexpr time_t kJan2031 = 1924992000;

void set_mtime(const fs::path& path, time_t seconds) {
  std::array<timespec, 2> times{timespec{seconds, 0}, timespec{seconds, 0}};
  ASSERT_EQ(::utimensat(AT_FDCWD, path.c_str(), times.data(), 0), 0) << path;
}

time_t mtime_of(const fs::path& path) {
  struct stat info {};
  return ::stat(path.c_str(), &info) == 0 ? info.st_mtim.tv_sec : -1;
}

TEST_F(FetchCliTest, RefreshAfterAPlainRunIsUnchangedAndTransfersNoBody) {
  std::vector<std::string> args{"-d", "out"};
  for (int i = 1; i <= 3; ++i) args.push_back(server_.url("/file/1000/p" + std::to_string(i)));
  ASSERT_EQ(fetch(args).exit_code, 0);
  long long sent = server_.body_bytes_sent();
  EXPECT_EQ(sent, 3000);
  args.insert(args.begin(), "--refresh");
  auto result = fetch(args);
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(server_.body_bytes_sent(), sent);
  EXPECT_TRUE(contains(result.err, "fetched 0, unchanged 3")) << result.err;
  EXPECT_EQ(server_.last_header("/file/1000/p2", "If-None-Match"), "\"gofer-test-v1\"");
  EXPECT_EQ(dir_.read("work/out/p1"), HttpTestServer::body(1000));
}

class FetchRefreshTest : public FetchCliTest {
 protected:
  // A file copied into out/ by hand (no record), with mtime `seconds`, then `--refresh` of it:
  // the request must carry If-Modified-Since from that mtime and no If-None-Match.
  RunResult refresh_hand_copied(const std::string& name, time_t seconds, const std::string& date) {
    dir_.write("work/out/" + name, "copied by hand");
    set_mtime(work_ / "out" / name, seconds);
    std::string path = "/file/500/" + name;
    RunResult result = fetch({"--refresh", "-d", "out", server_.url(path)});
    EXPECT_EQ(result.exit_code, 0) << result.err;
    EXPECT_EQ(server_.last_header(path, "If-Modified-Since"), date);
    EXPECT_EQ(server_.last_header(path, "If-None-Match"), "");
    return result;
  }
};

TEST_F(FetchRefreshTest, RefreshFetchesAHandCopiedFileOlderThanTheServers) {
  auto result = refresh_hand_copied("old.bin", kJan2020, "Wed, 01 Jan 2020 00:00:00 GMT");
  EXPECT_TRUE(contains(result.err, "fetched 1, unchanged 0")) << result.err;
  EXPECT_EQ(dir_.read("work/out/old.bin"), HttpTestServer::body(500));
  EXPECT_EQ(mtime_of(work_ / "out" / "old.bin"), kServerLastModified);  // --remote-time implied
}

TEST_F(FetchRefreshTest, RefreshLeavesAHandCopiedFileNewerThanTheServersUntouched) {
  auto result = refresh_hand_copied("new.bin", kJan2031, "Wed, 01 Jan 2031 00:00:00 GMT");
  EXPECT_TRUE(contains(result.err, "UNCHANGED " + server_.url("/file/500/new.bin"))) << result.err;
  EXPECT_EQ(server_.body_bytes_sent(), 0);
  EXPECT_EQ(dir_.read("work/out/new.bin"), "copied by hand");
  EXPECT_EQ(mtime_of(work_ / "out" / "new.bin"), kJan2031);
}

TEST_F(FetchCliTest, RefreshFetchesAgainAFileEditedAfterItsDownloadAndSaysSo) {
  std::string grown = server_.url("/file/800/grown"), touched = server_.url("/file/800/touched");
  ASSERT_EQ(fetch({"--refresh", "-d", "out", grown, touched}).exit_code, 0);
  dir_.write("work/out/grown", HttpTestServer::body(800) + "edited");  // size differs
  set_mtime(work_ / "out" / "touched", kJan2031);                       // only the mtime differs
  long long sent = server_.body_bytes_sent();
  auto result = fetch({"--refresh", "--json", "-d", "out", grown, touched});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(server_.body_bytes_sent(), sent + 1600);
  EXPECT_EQ(server_.last_header("/file/800/grown", "If-None-Match"), "");
  EXPECT_EQ(server_.last_header("/file/800/touched", "If-Modified-Since"), "");
  for (const auto& line : json_lines(result.out)) {
    if (line["type"] != "entry") continue;
    EXPECT_EQ(line["status"], "ok") << line;
    EXPECT_EQ(line["changed_locally"], true) << line;
  }
  EXPECT_EQ(dir_.read("work/out/grown"), HttpTestServer::body(800));
  EXPECT_EQ(mtime_of(work_ / "out" / "touched"), kServerLastModified);
  // The new download is recorded again: the next run is a 304.
  auto again = fetch({"--refresh", "-d", "out", grown, touched});
  EXPECT_TRUE(contains(again.err, "fetched 0, unchanged 2")) << again.err;
  result = fetch({"-d", "out", grown});  // a plain run never says "changed locally"
  dir_.write("work/out/grown", "edited");
  result = fetch({"--refresh", "-d", "out", grown});
  EXPECT_TRUE(contains(result.err, "[changed locally since the last download: replaced]"))
      << result.err;
}

TEST_F(FetchCliTest, RemoteTimeSetsTheMtimeFromLastModified) {
  ASSERT_EQ(fetch({"--remote-time", "-d", "out", server_.url("/file/10/r")}).exit_code, 0);
  EXPECT_EQ(mtime_of(work_ / "out" / "r"), kServerLastModified);
  ASSERT_EQ(fetch({"-d", "out", server_.url("/file/10/plain")}).exit_code, 0);
  EXPECT_LT(mtime_of(work_ / "out" / "plain"), kServerLastModified);  // the download time
  ASSERT_EQ(fetch({"--refresh", "--no-remote-time", "-d", "out", server_.url("/file/10/kept")})
                .exit_code, 0);
  EXPECT_LT(mtime_of(work_ / "out" / "kept"), kServerLastModified);
  // No Last-Modified to take it from: the download time stays.
  ASSERT_EQ(fetch({"--remote-time", "-d", "out", server_.url("/any/x")}).exit_code, 0);
  EXPECT_LT(mtime_of(work_ / "out" / "x"), kServerLastModified);
  EXPECT_EQ(fetch({"--remote-time", "--no-remote-time", server_.url("/file/1")}).exit_code, 2);
}

TEST_F(FetchCliTest, ADownloadSucceedsWhenItsValidatorsCannotBeRecorded) {
  dir_.write("state/gofer/fetch", "a file where the state directory should be");
  auto result = fetch({"-d", "out", server_.url("/file/10/v")});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(dir_.read("work/out/v"), HttpTestServer::body(10));
  // Nothing was recorded, so --refresh falls back to If-Modified-Since from the mtime.
  result = fetch({"--refresh", "-d", "out", server_.url("/file/10/v")});
  EXPECT_EQ(server_.last_header("/file/10/v", "If-None-Match"), "");
  EXPECT_FALSE(server_.last_header("/file/10/v", "If-Modified-Since").empty());
}

}  // namespace
}  // namespace gofer::testing
