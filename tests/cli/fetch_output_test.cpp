// Blackbox tests of `gofer fetch -o` at its edges, as curl handles them: stdout, special files
// written through, paths, symlinks, directories, modes; and inputs that never open.
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <iterator>
#include <thread>

#include "fetch_fixture.hpp"

namespace gofer::testing {
namespace {

namespace fs = std::filesystem;

bool has_part_files(const fs::path& directory) {
  for (const auto& entry : fs::recursive_directory_iterator(directory)) {
    if (entry.path().extension() == ".part") return true;
  }
  return false;
}

TEST_F(FetchCliTest, OutputDashIsStdout) {
  auto result = fetch({"-o", "-", server_.url("/file/5000/a.bin")});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(result.out, HttpTestServer::body(5000));
  EXPECT_FALSE(fs::exists(work_ / "-"));
  EXPECT_FALSE(fs::exists(work_ / "_"));
  EXPECT_FALSE(has_part_files(work_));
}

TEST_F(FetchCliTest, OutputDevStdoutReachesThePipe) {
  auto result = fetch({"-o", "/dev/stdout", server_.url("/file/700")});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(result.out, HttpTestServer::body(700));
}

TEST_F(FetchCliTest, OutputDevNullStaysADevice) {
  auto result = fetch({"-o", "/dev/null", server_.url("/file/3000")});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  struct stat status {};
  ASSERT_EQ(::lstat("/dev/null", &status), 0);
  EXPECT_TRUE(S_ISCHR(status.st_mode));
  EXPECT_FALSE(has_part_files(work_));
  EXPECT_FALSE(fs::exists("/dev/null.part"));
}

TEST_F(FetchCliTest, OutputMknodDeviceIsWrittenThrough) {
  fs::path node = work_ / "null";
  if (::mknod(node.c_str(), S_IFCHR | 0666, makedev(1, 3)) != 0) {
    GTEST_SKIP() << "mknod not permitted here: " << std::strerror(errno);
  }
  auto result = fetch({"-o", "null", server_.url("/file/100")});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  struct stat status {};
  ASSERT_EQ(::lstat(node.c_str(), &status), 0);
  EXPECT_TRUE(S_ISCHR(status.st_mode)) << "the device node was replaced by a regular file";
}

TEST_F(FetchCliTest, OutputFifoReachesItsReader) {
  fs::path fifo = work_ / "pipe";
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0) << std::strerror(errno);
  std::string received;
  std::thread reader([&] {
    std::ifstream in(fifo, std::ios::binary);  // blocks until gofer opens the FIFO
    received.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  });
  auto result = fetch({"-o", "pipe", server_.url("/file/20000")});
  reader.join();
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(received, HttpTestServer::body(20000));
  struct stat status {};
  ASSERT_EQ(::lstat(fifo.c_str(), &status), 0);
  EXPECT_TRUE(S_ISFIFO(status.st_mode));
}

TEST_F(FetchCliTest, OutputDirectoryIsAUsageErrorBeforeAnyRequest) {
  auto result = fetch({"-o", "out", server_.url("/file/10/x")});
  EXPECT_EQ(result.exit_code, 2) << result.err;
  EXPECT_TRUE(contains(result.err, "is a directory")) << result.err;
  EXPECT_TRUE(contains(result.err, "-d out")) << result.err;  // the hint
  EXPECT_EQ(std::count(result.err.begin(), result.err.end(), '\n'), 1) << result.err;
  EXPECT_EQ(server_.hits("/file/10/x"), 0);
  EXPECT_FALSE(has_part_files(work_));
}

TEST_F(FetchCliTest, OutputPathIsInsideTheDirectoryLikeCurlOutputDir) {
  fs::create_directories(work_ / "out" / "sub");
  auto result = fetch({"-d", "out", "-o", "sub/x.bin", server_.url("/file/42")});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(out_files()["sub/x.bin"], HttpTestServer::body(42));
  auto absolute = fetch({"-d", "out", "-o", (work_ / "abs.bin").string(), server_.url("/file/9")});
  ASSERT_EQ(absolute.exit_code, 0) << absolute.err;
  EXPECT_EQ(dir_.read("work/abs.bin"), HttpTestServer::body(9));
}

TEST_F(FetchCliTest, OutputEndingInSlashIsAUsageError) {
  auto result = fetch({"-o", "new/", server_.url("/file/9")});
  EXPECT_EQ(result.exit_code, 2) << result.err;
  EXPECT_TRUE(contains(result.err, "name a file")) << result.err;
}

TEST_F(FetchCliTest, OutputSymlinkReplacesItsTargetKeepingMode) {
  dir_.write("work/data.bin", "old");
  fs::permissions(work_ / "data.bin", fs::perms(0640));
  fs::create_symlink("data.bin", work_ / "link");
  auto result = fetch({"-o", "link", server_.url("/file/64")});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_TRUE(fs::is_symlink(work_ / "link"));
  EXPECT_EQ(dir_.read("work/data.bin"), HttpTestServer::body(64));
  struct stat status {};
  ASSERT_EQ(::stat((work_ / "data.bin").c_str(), &status), 0);
  EXPECT_EQ(status.st_mode & 07777, 0640u);
}

TEST_F(FetchCliTest, OutputStreamRefusesJsonAndResume) {
  auto json = fetch({"--json", "-o", "-", server_.url("/file/9")});
  EXPECT_EQ(json.exit_code, 2) << json.err;
  EXPECT_TRUE(contains(json.err, "--json")) << json.err;
  auto resume = fetch({"-c", "-o", "/dev/null", server_.url("/file/9")});
  EXPECT_EQ(resume.exit_code, 2) << resume.err;
  EXPECT_EQ(server_.hits("/file/9"), 0);
}

TEST_F(FetchCliTest, OutputStreamIsNotRetriedAfterBytesWentOut) {
  // /drop/ sends half the body and closes; a retry would send the reader those bytes again.
  auto result = fetch({"-o", "-", server_.url("/drop/s/4000")});
  EXPECT_EQ(result.exit_code, 1) << result.err;
  EXPECT_TRUE(contains(result.err, "cannot be rewound")) << result.err;
  EXPECT_EQ(result.out, HttpTestServer::body(4000).substr(0, 2000));
  EXPECT_FALSE(contains(result.err, ".part")) << result.err;
}

TEST_F(FetchCliTest, OutputStreamChecksumMismatchIsAFailure) {
  auto result = fetch({"-o", "-", "--sha256", std::string(64, '0'), server_.url("/file/10")});
  EXPECT_EQ(result.exit_code, 1) << result.err;
  EXPECT_TRUE(contains(result.err, "SHA-256 mismatch")) << result.err;
}

// A FIFO no writer ever opens: the first SIGTERM ends the run (timeout(1) sends one; it would
// SIGKILL after 20 more seconds, which would show as 137).
TEST_F(FetchCliTest, InputFifoThatNeverOpensStopsOnTheFirstSigterm) {
  fs::path fifo = work_ / "urls";
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0) << std::strerror(errno);
  for (std::vector<std::string> args :
       {std::vector<std::string>{"fetch", "-i", "urls"}, {"csv", "check", "urls"}}) {
    std::vector<std::string> argv{"timeout", "--preserve-status",    "-k", "20",
                                  "1",       gofer_binary().string()};
    argv.insert(argv.end(), args.begin(), args.end());
    RunResult result = run_program(argv, {.cwd = work_});
    EXPECT_EQ(result.exit_code, 143) << args[0] << ": " << result.err;
    EXPECT_TRUE(contains(result.err, "interrupted")) << result.err;
    EXPECT_LE(std::count(result.err.begin(), result.err.end(), '\n'), 3) << result.err;
  }
}

}  // namespace
}  // namespace gofer::testing
