#include "gofer/atomic_file.hpp"

#include <sys/stat.h>

#include <gtest/gtest.h>

#include "matchers.hpp"
#include "temp_dir.hpp"

namespace gofer {
namespace {

using testing::ErrorIs;
using testing::IsOk;
using testing::TempDir;

TEST(AtomicFileTest, WritesAndReplacesTarget) {
  TempDir dir;
  dir.write("out.txt", "old");
  ASSERT_THAT(write_file_atomically(dir.path() / "out.txt", "new content"), IsOk());
  EXPECT_EQ(dir.read("out.txt"), "new content");
  EXPECT_EQ(dir.snapshot().size(), 1u) << "no temp file may remain";
}

TEST(AtomicFileTest, TargetUntouchedUntilCommit) {
  TempDir dir;
  dir.write("out.txt", "old");
  auto file = AtomicFile::create(dir.path() / "out.txt");
  ASSERT_THAT(file, IsOk());
  ASSERT_THAT(file->write("half"), IsOk());
  EXPECT_EQ(dir.read("out.txt"), "old");
  EXPECT_EQ(file->temp_path().parent_path(), dir.path());
  ASSERT_THAT(file->commit(), IsOk());
  EXPECT_EQ(dir.read("out.txt"), "half");
}

TEST(AtomicFileTest, DestructorWithoutCommitLeavesNoTempFile) {
  TempDir dir;
  {
    auto file = AtomicFile::create(dir.path() / "out.txt");
    ASSERT_THAT(file, IsOk());
    ASSERT_THAT(file->write("abandoned"), IsOk());
    auto moved = std::move(*file);  // moving must not delete the live temp file
    EXPECT_TRUE(std::filesystem::exists(moved.temp_path()));
  }
  EXPECT_TRUE(dir.snapshot().empty());
}

TEST(AtomicFileTest, FailedRenameRemovesTempFileAndKeepsTarget) {
  TempDir dir;
  dir.write("target/keep.txt", "x");  // a non-empty directory cannot be replaced by a file
  auto file = AtomicFile::create(dir.path() / "target");
  ASSERT_THAT(file, IsOk());
  ASSERT_THAT(file->write("data"), IsOk());
  auto committed = file->commit();
  EXPECT_FALSE(committed.has_value());
  EXPECT_NE(committed.error().message().find("cannot replace"), std::string::npos);
  EXPECT_EQ(dir.snapshot().size(), 2u);  // target/ and target/keep.txt only
}

TEST(AtomicFileTest, MissingDirectoryIsNotFound) {
  TempDir dir;
  auto file = AtomicFile::create(dir.path() / "missing" / "out.txt");
  EXPECT_THAT(file, ErrorIs(ErrorCategory::kNotFound));
  EXPECT_NE(file.error().message().find("cannot create a temporary file"), std::string::npos);
}

TEST(AtomicFileTest, AppliesRequestedMode) {
  TempDir dir;
  ASSERT_THAT(write_file_atomically(dir.path() / "script.sh", "#!/bin/sh\n", 0755), IsOk());
  struct stat info {};
  ASSERT_EQ(::stat((dir.path() / "script.sh").c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 0100, 0100u);
}

TEST(AtomicFileTest, CommitTwiceIsAnError) {
  TempDir dir;
  auto file = AtomicFile::create(dir.path() / "a");
  ASSERT_THAT(file, IsOk());
  ASSERT_THAT(file->commit(), IsOk());
  EXPECT_THAT(file->commit(), ErrorIs(ErrorCategory::kInternal));
}

}  // namespace
}  // namespace gofer
