#include "gofer/output_file.hpp"

#include <fcntl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include <cstring>
#include <filesystem>
#include <thread>

#include <gtest/gtest.h>

#include "matchers.hpp"
#include "temp_dir.hpp"

namespace gofer {
namespace {

using testing::ErrorIs;
using testing::IsOk;
using testing::TempDir;

TEST(OutputFileTest, DashIsStandardOutput) {
  auto target = resolve_output("-");
  ASSERT_THAT(target, IsOk());
  EXPECT_EQ(target->kind, OutputKind::kStandardOutput);
}

TEST(OutputFileTest, NewFileIsReplacedAtomically) {
  TempDir dir;
  ASSERT_THAT(write_output_file(dir.path() / "new.csv", "a\n"), IsOk());
  EXPECT_EQ(dir.read("new.csv"), "a\n");
  EXPECT_EQ(dir.snapshot().size(), 1u) << "no temp file may remain";
}

TEST(OutputFileTest, ReplacedFileKeepsItsMode) {
  TempDir dir;
  dir.write("old.csv", "old");
  ASSERT_EQ(::chmod((dir.path() / "old.csv").c_str(), 0640), 0);
  ASSERT_THAT(write_output_file(dir.path() / "old.csv", "new"), IsOk());
  struct stat status {};
  ASSERT_EQ(::stat((dir.path() / "old.csv").c_str(), &status), 0);
  EXPECT_EQ(status.st_mode & 07777, 0640u);
  EXPECT_EQ(dir.read("old.csv"), "new");
}

TEST(OutputFileTest, SymlinkStaysAndItsTargetIsReplaced) {
  TempDir dir;
  dir.write("real.csv", "old");
  std::filesystem::create_symlink("real.csv", dir.path() / "link.csv");
  ASSERT_THAT(write_output_file(dir.path() / "link.csv", "new"), IsOk());
  EXPECT_TRUE(std::filesystem::is_symlink(dir.path() / "link.csv"));
  EXPECT_EQ(dir.read("real.csv"), "new");
}

TEST(OutputFileTest, DanglingSymlinkCreatesTheFileItNames) {
  TempDir dir;
  std::filesystem::create_symlink("made.csv", dir.path() / "link.csv");
  ASSERT_THAT(write_output_file(dir.path() / "link.csv", "x"), IsOk());
  EXPECT_TRUE(std::filesystem::is_symlink(dir.path() / "link.csv"));
  EXPECT_EQ(dir.read("made.csv"), "x");
}

TEST(OutputFileTest, SymlinkLoopIsAnError) {
  TempDir dir;
  std::filesystem::create_symlink("b", dir.path() / "a");
  std::filesystem::create_symlink("a", dir.path() / "b");
  EXPECT_FALSE(write_output_file(dir.path() / "a", "x").has_value());
}

TEST(OutputFileTest, DirectoryIsRefusedBeforeAnythingIsWritten) {
  TempDir dir;
  auto target = resolve_output(dir.path());
  EXPECT_THAT(target, ErrorIs(ErrorCategory::kInvalidArgument));
  EXPECT_TRUE(dir.snapshot().empty());
}

TEST(OutputFileTest, DevNullIsWrittenThroughAndStaysADevice) {
  auto target = resolve_output("/dev/null");
  ASSERT_THAT(target, IsOk());
  EXPECT_EQ(target->kind, OutputKind::kWriteThrough);
  ASSERT_THAT(write_output_file("/dev/null", "discarded"), IsOk());
  struct stat status {};
  ASSERT_EQ(::stat("/dev/null", &status), 0);
  EXPECT_TRUE(S_ISCHR(status.st_mode));
}

TEST(OutputFileTest, DevFullReportsTheWriteError) {
  EXPECT_FALSE(write_output_file("/dev/full", "no space").has_value());
}

TEST(OutputFileTest, FifoIsWrittenThroughToItsReader) {
  TempDir dir;
  std::filesystem::path fifo = dir.path() / "pipe";
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  std::string received;
  std::thread reader([&] {
    int fd = ::open(fifo.c_str(), O_RDONLY);
    char buffer[64];
    for (ssize_t n; (n = ::read(fd, buffer, sizeof buffer)) > 0;) received.append(buffer, static_cast<size_t>(n));
    ::close(fd);
  });
  EXPECT_THAT(write_output_file(fifo, "through the pipe"), IsOk());
  reader.join();
  EXPECT_EQ(received, "through the pipe");
  struct stat status {};
  ASSERT_EQ(::lstat(fifo.c_str(), &status), 0);
  EXPECT_TRUE(S_ISFIFO(status.st_mode));
}

TEST(OutputFileTest, DevFdNameIsTheDescriptorItself) {
  int sockets[2];
  ASSERT_EQ(::socketpair(AF_UNIX, SOCK_STREAM, 0, sockets), 0);
  std::string name = "/dev/fd/" + std::to_string(sockets[0]);
  ASSERT_THAT(write_output_file(name, "over a socket"), IsOk());
  char buffer[64] = {};
  ssize_t n = ::read(sockets[1], buffer, sizeof buffer);
  EXPECT_EQ(std::string(buffer, n > 0 ? static_cast<size_t>(n) : 0U), "over a socket");
  ::close(sockets[0]);
  ::close(sockets[1]);
}

TEST(OutputFileTest, DeviceNodeMadeWithMknodIsNotReplaced) {
  TempDir dir;
  std::filesystem::path node = dir.path() / "null";
  if (::mknod(node.c_str(), S_IFCHR | 0666, makedev(1, 3)) != 0) {
    GTEST_SKIP() << "mknod not permitted here: " << std::strerror(errno);
  }
  ASSERT_THAT(write_output_file(node, "discarded"), IsOk());
  struct stat status {};
  ASSERT_EQ(::lstat(node.c_str(), &status), 0);
  EXPECT_TRUE(S_ISCHR(status.st_mode)) << "the device node was replaced";
  EXPECT_EQ(dir.snapshot().size(), 1u);
}

TEST(OutputFileTest, DiscardLeavesTheOldFile) {
  TempDir dir;
  dir.write("keep.csv", "old");
  auto file = OutputFile::open(dir.path() / "keep.csv");
  ASSERT_THAT(file, IsOk());
  ASSERT_THAT(file->write("new"), IsOk());
  file->discard();
  EXPECT_EQ(dir.read("keep.csv"), "old");
  EXPECT_EQ(dir.snapshot().size(), 1u);
}

}  // namespace
}  // namespace gofer
