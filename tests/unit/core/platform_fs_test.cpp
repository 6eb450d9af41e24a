#include "gofer/platform_fs.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>

#include <gtest/gtest.h>

#include "temp_dir.hpp"

namespace gofer {
namespace {

TEST(PlatformFsTest, RenameAtNoReplaceMovesThroughDirectoryHandles) {
  testing::TempDir dir;
  dir.write("from/a.txt", "A");
  dir.write("to/keep", "");
  int from = open_directory_handle((dir.path() / "from").c_str());
  int to = open_directory_handle((dir.path() / "to").c_str());
  ASSERT_GE(from, 0);
  ASSERT_GE(to, 0);
  EXPECT_EQ(rename_at_no_replace(from, "a.txt", to, "b.txt"), 0);
  EXPECT_EQ(dir.read("to/b.txt"), "A");
  ::close(from);
  ::close(to);
}

TEST(PlatformFsTest, RenameAtNoReplaceRefusesAnExistingTarget) {
  testing::TempDir dir;
  dir.write("a.txt", "A");
  dir.write("b.txt", "B");
  int handle = open_directory_handle(dir.path().c_str());
  ASSERT_GE(handle, 0);
  errno = 0;
  EXPECT_EQ(rename_at_no_replace(handle, "a.txt", handle, "b.txt"), -1);
  EXPECT_EQ(errno, EEXIST);
  EXPECT_EQ(dir.read("a.txt"), "A");
  EXPECT_EQ(dir.read("b.txt"), "B");
  ::close(handle);
}

TEST(PlatformFsTest, RenameAtNoReplaceReportsAMissingSource) {
  testing::TempDir dir;
  errno = 0;
  EXPECT_EQ(rename_at_no_replace(AT_FDCWD, (dir.path() / "gone").c_str(), AT_FDCWD,
                                 (dir.path() / "new").c_str()),
            -1);
  EXPECT_EQ(errno, ENOENT);
  EXPECT_FALSE(no_replace_unsupported(ENOENT));
}

TEST(PlatformFsTest, UnsupportedMeansFallBack) {
  EXPECT_TRUE(no_replace_unsupported(EINVAL));
  EXPECT_TRUE(no_replace_unsupported(ENOSYS));
  EXPECT_TRUE(no_replace_unsupported(ENOTSUP));
  EXPECT_FALSE(no_replace_unsupported(EEXIST));
  EXPECT_FALSE(no_replace_unsupported(EXDEV));
}

TEST(PlatformFsTest, OpenDirectoryHandleOfAFileOrNothingFails) {
  testing::TempDir dir;
  dir.write("file", "");
  errno = 0;
  EXPECT_EQ(open_directory_handle((dir.path() / "file").c_str()), -1);
  EXPECT_EQ(errno, ENOTDIR);
  EXPECT_EQ(open_directory_handle((dir.path() / "missing").c_str()), -1);
  EXPECT_EQ(errno, ENOENT);
}

TEST(PlatformFsTest, ModificationTimeIsTheStatTime) {
  testing::TempDir dir;
  dir.write("f", "");
  struct timespec times[2] = {{1000, 5}, {1700000000, 123456789}};
  ASSERT_EQ(::utimensat(AT_FDCWD, (dir.path() / "f").c_str(), times, 0), 0);
  struct stat info {};
  ASSERT_EQ(::stat((dir.path() / "f").c_str(), &info), 0);
  ModificationTime mtime = modification_time(info);
  EXPECT_EQ(mtime.seconds, 1700000000);
  EXPECT_EQ(mtime.nanoseconds, 123456789);
}

TEST(PlatformFsTest, ATemporaryDirectoryIsCaseSensitiveAndAMissingOneCannotTell) {
  // The test machines keep temp dirs on ext4/tmpfs/overlayfs: case-sensitive.
  testing::TempDir dir;
  EXPECT_FALSE(filesystem_ignores_case(dir.path().c_str()));
  EXPECT_FALSE(filesystem_ignores_case((dir.path() / "missing").c_str()));
}

}  // namespace
}  // namespace gofer
