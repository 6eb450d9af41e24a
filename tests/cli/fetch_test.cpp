// Blackbox tests of `gofer fetch`: naming, output, refresh, resume, checksums, shards, spider.
#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <set>

#include <fmt/format.h>

#include "fetch_fixture.hpp"

namespace gofer::testing {
namespace {

namespace fs = std::filesystem;

TEST_F(FetchCliTest, SeedScenarioTenUrlsOneLineEach) {
  std::vector<std::string> args{"-d", "out"};
  for (int i = 1; i <= 10; ++i) args.push_back(server_.url("/file/" + std::to_string(i * 100) + "/f" + std::to_string(i) + ".bin"));
  auto result = fetch(args);
  ASSERT_EQ(result.exit_code, 0) << result.err;
  auto files = out_files();
  ASSERT_EQ(files.size(), 10u);
  for (int i = 1; i <= 10; ++i) {
    EXPECT_EQ(files["f" + std::to_string(i) + ".bin"], HttpTestServer::body(static_cast<size_t>(i * 100)));
    std::string line = "OK " + server_.url("/file/" + std::to_string(i * 100) + "/f" + std::to_string(i) + ".bin") +
                       " → out/f" + std::to_string(i) + ".bin (" + std::to_string(i * 100) + " bytes, 200, ";
    EXPECT_TRUE(contains(result.err, line)) << line << "\n" << result.err;
  }
  EXPECT_TRUE(contains(result.err, "fetched 10, unchanged 0, skipped 0, failed 0")) << result.err;
  EXPECT_EQ(result.out, "");  // data on stdout only with --json
}

TEST_F(FetchCliTest, JsonOneValidObjectPerUrlThenSummary) {
  auto result = fetch({"--json", "-d", "out", server_.url("/file/5/a.txt"), server_.url("/status/404")});
  EXPECT_EQ(result.exit_code, 1);
  auto lines = json_lines(result.out);
  ASSERT_EQ(lines.size(), 3u) << result.out;
  // Lines come in completion order; put the file's line first.
  if (lines[0]["url"] != server_.url("/file/5/a.txt")) std::swap(lines[0], lines[1]);
  EXPECT_EQ(lines[0]["status"], "ok");
  EXPECT_EQ(lines[0]["path"], "out/a.txt");
  EXPECT_EQ(lines[0]["bytes"], 5);
  EXPECT_EQ(lines[0]["http_status"], 200);
  EXPECT_EQ(lines[0]["sha256"].get<std::string>().size(), 64u);
  EXPECT_FALSE(lines[0].contains("error")) << lines[0];  // absent without a failure, not null
  for (const char* key :
       {"url", "path", "status", "http_status", "bytes", "attempts", "seconds", "error"}) {
    EXPECT_TRUE(lines[1].contains(key)) << key;
  }
  EXPECT_FALSE(lines[1].contains("sha256")) << lines[1];  // no file, no digest
  EXPECT_EQ(lines[1]["status"], "failed");
  EXPECT_EQ(lines[1]["error"], "HTTP 404");
  EXPECT_EQ(lines[2]["type"], "summary");
  EXPECT_EQ(lines[2]["ok"], 1);
  EXPECT_EQ(lines[2]["failed"], 1);
}

TEST_F(FetchCliTest, DuplicateNamesGetNumbered) {
  auto result = fetch({"-d", "out", server_.url("/file/3/a.tar.gz"), server_.url("/file/4/a.tar.gz")});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  auto files = out_files();
  EXPECT_EQ(files["a.tar.gz"].size() + files["a.tar.1.gz"].size(), 7u);
  EXPECT_TRUE(contains(result.err, "name taken")) << result.err;
}

TEST_F(FetchCliTest, EmptyPathBecomesIndexHtmlAndOutputNameIsUsed) {
  auto result = fetch({"-d", "out", server_.url("/")});
  EXPECT_EQ(result.exit_code, 1);  // the server has no "/" route: 404, but the name is chosen
  result = fetch({"-d", "out", "-o", "mine.bin", server_.url("/file/7")});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(out_files(), (std::map<std::string, std::string>{{"mine.bin", HttpTestServer::body(7)}}));
}

TEST_F(FetchCliTest, HostileNamesStayInsideTheDirectory) {
  auto before_parent = fs::exists(dir_.path() / "evil");
  auto result = fetch({"-d", "out", "--content-disposition", server_.url("/disposition/..%2F..%2Fevil"),
                       server_.url("/file/3/%2E%2E"), server_.url("/file/3/a%0Ab"),
                       server_.url("/file/3/-rf")});
  ASSERT_EQ(result.exit_code, 0) << result.err << result.out;
  auto files = out_files();
  EXPECT_EQ(files.count("evil"), 1u) << result.err;
  EXPECT_EQ(files.count("index.html"), 1u);  // ".." names nothing
  EXPECT_EQ(files.count("a_b"), 1u);
  EXPECT_EQ(files.count("_rf"), 1u);
  EXPECT_FALSE(before_parent);
  EXPECT_FALSE(fs::exists(dir_.path() / "evil"));
  EXPECT_FALSE(fs::exists(work_ / "evil"));
  // -o is the user's own path, as in curl --output-dir out -o ../x: it may leave -d.
  auto typed = fetch({"-d", "out", "-o", "../x", server_.url("/file/3")});
  EXPECT_EQ(typed.exit_code, 0) << typed.err;
  EXPECT_EQ(dir_.read("work/x"), HttpTestServer::body(3));
}

TEST_F(FetchCliTest, SymlinksInTheDirectoryAreNotFollowed) {
  dir_.write("outside/secret", "keep");
  fs::create_symlink(dir_.path() / "outside" / "secret", work_ / "out" / "a.part");
  fs::create_symlink(dir_.path() / "outside" / "secret", work_ / "out" / "b");
  auto result = fetch({"-d", "out", server_.url("/file/9/a"), server_.url("/file/9/b")});
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_TRUE(contains(result.err, "symlink")) << result.err;
  EXPECT_EQ(dir_.read("outside/secret"), "keep");
  EXPECT_FALSE(fs::exists(work_ / "out" / "a"));
  // "b" was a symlink: the download replaced the link itself, never wrote through it.
  EXPECT_FALSE(fs::is_symlink(work_ / "out" / "b"));
  EXPECT_EQ(dir_.read("work/out/b"), HttpTestServer::body(9));
}

TEST_F(FetchCliTest, RefreshSecondRunIsUnchangedAndTransfersNoBody) {
  std::vector<std::string> args{"--refresh", "-d", "out"};
  for (int i = 1; i <= 3; ++i) args.push_back(server_.url("/file/1000/r" + std::to_string(i)));
  ASSERT_EQ(fetch(args).exit_code, 0);
  long long sent = server_.body_bytes_sent();
  auto result = fetch(args);
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(server_.body_bytes_sent(), sent);
  EXPECT_TRUE(contains(result.err, "UNCHANGED " + server_.url("/file/1000/r1"))) << result.err;
  EXPECT_TRUE(contains(result.err, "fetched 0, unchanged 3")) << result.err;
  EXPECT_EQ(server_.last_header("/file/1000/r2", "If-None-Match"), "\"gofer-test-v1\"");
}

TEST_F(FetchCliTest, SkipExistingLeavesFilesAlone) {
  dir_.write("work/out/s.bin", "mine");
  auto result = fetch({"--skip-existing", "-d", "out", server_.url("/file/10/s.bin")});
  EXPECT_EQ(result.exit_code, 0);
  EXPECT_TRUE(contains(result.err, "SKIPPED")) << result.err;
  EXPECT_EQ(dir_.read("work/out/s.bin"), "mine");
  EXPECT_EQ(server_.hits("/file/10/s.bin"), 0);
}

TEST_F(FetchCliTest, ContinueResumesAPartWithRangeAndIfRange) {
  dir_.write("work/out/big.part", HttpTestServer::body(100000).substr(0, 40000));
  auto result = fetch({"-c", "-d", "out", server_.url("/file/100000/big")});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_TRUE(out_files() == (std::map<std::string, std::string>{{"big", HttpTestServer::body(100000)}}));
  EXPECT_EQ(server_.last_header("/file/100000/big", "Range"), "bytes=40000-");
}

TEST_F(FetchCliTest, ContinueStartsOverWhenTheServerIgnoresRange) {
  dir_.write("work/out/100000.part", std::string(5000, 'X'));
  auto result = fetch({"-c", "-d", "out", server_.url("/norange/100000")});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_TRUE(out_files() == (std::map<std::string, std::string>{{"100000", HttpTestServer::body(100000)}}));
}

TEST_F(FetchCliTest, ContinueAfterAnInterruptedRunCompletes) {
  std::string url = server_.url("/drip/200000/20");
  // SIGINT once the .part holds data (not after a fixed delay: on a busy machine the first
  // bytes may take longer than any guess): the in-flight transfer stops, exit 130, .part
  // stays. The drip takes ~4 s in all; the wait gives up after 60 s.
  std::string script = fmt::format(
      "'{}' fetch -d out '{}' & pid=$!; tries=0; "
      "while [ ! -s out/20.part ] && [ $tries -lt 1200 ]; do sleep 0.05; tries=$((tries+1)); done; "
      "kill -INT $pid; wait $pid",
      gofer_binary().string(), url);
  auto killed = run_program({"sh", "-c", script},
                            {.cwd = work_, .env = {{"XDG_STATE_HOME", state_.string()}}});
  EXPECT_EQ(killed.exit_code, 130) << killed.err;
  EXPECT_TRUE(contains(killed.err, "STOPPED " + url)) << killed.err;
  EXPECT_TRUE(contains(killed.err, "interrupted: rerun the same command with -c to resume from "
                                   "the .part files"))
      << killed.err;
  auto files = out_files();
  ASSERT_EQ(files.count("20.part"), 1u);
  EXPECT_EQ(files.count("20"), 0u);
  size_t kept = files["20.part"].size();
  EXPECT_GT(kept, 0u);
  auto result = fetch({"-c", "-d", "out", server_.url("/file/200000/20")});  // same bytes, fast
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_TRUE(dir_.read("work/out/20") == HttpTestServer::body(200000));
  EXPECT_EQ(server_.last_header("/file/200000/20", "Range"), "bytes=" + std::to_string(kept) + "-");
}

TEST_F(FetchCliTest, ChecksumMismatchKeepsTheFileOutOfPlace) {
  std::string wrong(64, '0');
  auto result = fetch({"--json", "-d", "out", "--sha256", wrong, server_.url("/file/10/c")});
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_FALSE(fs::exists(work_ / "out" / "c"));
  auto lines = json_lines(result.out);
  EXPECT_TRUE(contains(lines[0]["error"], "SHA-256 mismatch")) << result.out;
  // The right digest passes (taken from the failed run's message).
  std::string error = lines[0]["error"];
  std::string actual = error.substr(error.find("got ") + 4, 64);
  auto good = fetch({"-d", "out", "--sha256", actual, server_.url("/file/10/c")});
  EXPECT_EQ(good.exit_code, 0) << good.err;
  EXPECT_TRUE(fs::exists(work_ / "out" / "c"));
}

TEST_F(FetchCliTest, ChecksumsFileAndCsvInputVerify) {
  auto first = fetch({"--json", "-d", "out", server_.url("/file/10/x")});
  std::string digest = json_lines(first.out)[0]["sha256"];
  fs::remove(work_ / "out" / "x");
  dir_.write("work/SHA256SUMS", digest + "  x\n" + std::string(64, 'a') + " *y\n");
  auto result = fetch({"-d", "out", "--checksums", "SHA256SUMS", server_.url("/file/10/x"), server_.url("/file/10/y")});
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_TRUE(fs::exists(work_ / "out" / "x"));
  EXPECT_FALSE(fs::exists(work_ / "out" / "y"));
  dir_.write("work/list.csv", "url,path,sha256\n" + server_.url("/file/10/q") + ",renamed.bin," + digest + "\n");
  result = fetch({"-d", "out", "-i", "list.csv"});
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(dir_.read("work/out/renamed.bin"), HttpTestServer::body(10));
}

TEST_F(FetchCliTest, UrlListFromStdinWithComments) {
  std::string list = "# mirror list\n\n" + server_.url("/file/4/one") + "\n  " + server_.url("/file/5/two") + "  \n";
  auto result = fetch({"-d", "out", "-i", "-"}, list);
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(out_files().size(), 2u);
}

TEST_F(FetchCliTest, ShardsPartitionTheList) {
  std::string list;
  for (int i = 0; i < 30; ++i) list += server_.url("/file/1/s" + std::to_string(i)) + "\n";
  dir_.write("work/list.txt", list);
  std::set<std::string> all;
  size_t total = 0;
  for (int k = 1; k <= 3; ++k) {
    fs::remove_all(work_ / "out");
    auto result = fetch({"-d", "out", "-i", "list.txt", "--shard", std::to_string(k) + "/3"});
    ASSERT_EQ(result.exit_code, 0) << result.err;
    for (auto& [name, content] : out_files()) all.insert(name);
    total += out_files().size();
  }
  EXPECT_EQ(total, 30u);
  EXPECT_EQ(all.size(), 30u);
  EXPECT_EQ(fetch({"-i", "list.txt", "--shard", "4/3"}).exit_code, 2);
}

TEST_F(FetchCliTest, SpiderChecksWithoutWriting) {
  auto result = fetch({"--spider", "--json", "-d", "out", server_.url("/file/10/a"),
                       server_.url("/head-refused/10"), server_.url("/status/404")});
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_TRUE(out_files().empty());
  auto lines = json_lines(result.out);
  ASSERT_EQ(lines.size(), 4u);
  std::map<std::string, std::string> status;
  for (size_t i = 0; i < 3; ++i) status[lines[i]["url"]] = lines[i]["status"];
  EXPECT_EQ(status[server_.url("/file/10/a")], "ok");
  EXPECT_EQ(status[server_.url("/head-refused/10")], "ok");
  EXPECT_EQ(status[server_.url("/status/404")], "failed");
}

TEST_F(FetchCliTest, LockHeldByAnotherRunExits75) {
  auto lock_path = dir_.path() / "fetch.lock";
  int fd = ::open(lock_path.c_str(), O_RDWR | O_CREAT, 0644);
  ASSERT_EQ(::flock(fd, LOCK_EX), 0);
  auto result = fetch({"--lock", lock_path.string(), "-d", "out", server_.url("/file/1/l")});
  EXPECT_EQ(result.exit_code, 75) << result.err;
  EXPECT_EQ(server_.hits("/file/1/l"), 0);
  ::close(fd);
  EXPECT_EQ(fetch({"--lock", lock_path.string(), "-d", "out", server_.url("/file/1/l")}).exit_code, 0);
}

TEST_F(FetchCliTest, UsageErrorsExit2AndTouchNothing) {
  EXPECT_EQ(fetch({}).exit_code, 2);
  EXPECT_EQ(fetch({"-o", "a", server_.url("/file/1/a"), server_.url("/file/1/b")}).exit_code, 2);
  EXPECT_EQ(fetch({"--sha256", "xyz", server_.url("/file/1/a")}).exit_code, 2);
  EXPECT_EQ(fetch({"-j", "0", server_.url("/file/1/a")}).exit_code, 2);
  EXPECT_EQ(fetch({"--max-size", "ten", server_.url("/file/1/a")}).exit_code, 2);
  EXPECT_EQ(fetch({"-H", "no-colon", server_.url("/file/1/a")}).exit_code, 2);
  EXPECT_EQ(server_.hits("/file/1/a"), 0);
  auto bad_scheme = fetch({"-d", "out", "ftp://127.0.0.1/x"});
  EXPECT_EQ(bad_scheme.exit_code, 1);
  EXPECT_TRUE(contains(bad_scheme.err, "only http:// and https://")) << bad_scheme.err;
}

TEST_F(FetchCliTest, HeadersAndUserAgentAreSent) {
  auto result = fetch({"-d", "out", "-H", "X-Gofer-Test: yes", "-A", "agent/9", server_.url("/echo")});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(server_.last_header("/echo", "X-Gofer-Test"), "yes");
  EXPECT_EQ(server_.last_header("/echo", "User-Agent"), "agent/9");
  fetch({"-d", "out", "-o", "echo2", server_.url("/echo")});
  EXPECT_TRUE(server_.last_header("/echo", "User-Agent").starts_with("gofer/"));
}

TEST_F(FetchCliTest, CompressedBodiesAreDecoded) {
  auto result = fetch({"-d", "out", server_.url("/gzip")});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  std::string text = dir_.read("work/out/gzip");
  EXPECT_EQ(text.size(), 2000u * 33u);
  EXPECT_TRUE(text.starts_with("gofer fetches compressible text. "));
  EXPECT_FALSE(server_.last_header("/gzip", "Accept-Encoding").empty());
}

}  // namespace
}  // namespace gofer::testing
