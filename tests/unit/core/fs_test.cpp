#include "gofer/fs.hpp"

#include <fcntl.h>

#include <cstdlib>

#include <gtest/gtest.h>

#include "matchers.hpp"
#include "temp_dir.hpp"

namespace gofer {
namespace {

using testing::ErrorIs;
using testing::IsOk;

TEST(FsTest, ReadFileReturnsContent) {
  testing::TempDir dir;
  dir.write("a.txt", std::string(200000, 'x'));
  auto content = read_file(dir.path() / "a.txt");
  ASSERT_THAT(content, IsOk());
  EXPECT_EQ(content->size(), 200000u);
}

TEST(FsTest, ReadMissingFileNamesPath) {
  testing::TempDir dir;
  auto content = read_file(dir.path() / "missing.txt");
  EXPECT_THAT(content, ErrorIs(ErrorCategory::kNotFound));
  EXPECT_EQ(content.error().subject(), (dir.path() / "missing.txt").string());
}

// EISDIR is an unreadable input like ENOENT (exit 1); an output directory is refused earlier,
// as a usage error, by resolve_output().
TEST(FsTest, OpenDirectoryForWritingFails) {
  testing::TempDir dir;
  EXPECT_THAT(open_file(dir.path(), O_WRONLY), ErrorIs(ErrorCategory::kIo));
}

TEST(FsTest, LstatAndExists) {
  testing::TempDir dir;
  dir.write("f", "1");
  EXPECT_TRUE(path_exists(dir.path() / "f"));
  EXPECT_FALSE(path_exists(dir.path() / "g"));
  EXPECT_THAT(lstat_path(dir.path() / "f"), IsOk());
  EXPECT_THAT(lstat_path(dir.path() / "g"), ErrorIs(ErrorCategory::kNotFound));
}

TEST(FsTest, CreateDirectoriesUnderAFileFails) {
  testing::TempDir dir;
  dir.write("file", "x");
  EXPECT_THAT(make_directories(dir.path() / "a" / "b"), IsOk());
  EXPECT_FALSE(make_directories(dir.path() / "file" / "sub").has_value());
}

TEST(FsTest, StateDirectoryPrecedence) {
  const char* original_home = std::getenv("HOME");
  std::string saved_home = original_home != nullptr ? original_home : "/";
  EXPECT_EQ(state_directory("/x/y").value(), "/x/y");
  ::setenv("XDG_STATE_HOME", "/xdg", 1);
  EXPECT_EQ(state_directory("").value(), "/xdg/gofer");
  ::unsetenv("XDG_STATE_HOME");
  ::setenv("HOME", "/home/u", 1);
  EXPECT_EQ(state_directory("").value(), "/home/u/.local/state/gofer");
  ::unsetenv("HOME");
  EXPECT_THAT(state_directory(""), ErrorIs(ErrorCategory::kNotFound));
  ::setenv("HOME", saved_home.c_str(), 1);
}

}  // namespace
}  // namespace gofer
