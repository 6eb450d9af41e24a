#include "gofer/lock.hpp"

#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include "matchers.hpp"
#include "temp_dir.hpp"

namespace gofer {
namespace {

using testing::ErrorIs;
using testing::IsOk;

TEST(LockFileTest, SecondAcquireInAnotherProcessIsBusyAndNamesHolder) {
  testing::TempDir dir;
  auto path = dir.path() / "run.lock";
  auto held = LockFile::acquire(path);
  ASSERT_THAT(held, IsOk());
  // flock locks belong to the open file description, so test from a child process.
  pid_t child = ::fork();
  if (child == 0) {
    auto second = LockFile::acquire(path);
    bool ok = !second && second.error().category() == ErrorCategory::kBusy &&
              second.error().message() ==
                  "lock " + path.string() + " is held by another run (pid " +
                      std::to_string(::getppid()) + ")";
    ::_exit(ok ? 0 : 1);
  }
  int status = 0;
  ::waitpid(child, &status, 0);
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
}

TEST(LockFileTest, ReleasedOnDestruction) {
  testing::TempDir dir;
  auto path = dir.path() / "run.lock";
  { ASSERT_THAT(LockFile::acquire(path), IsOk()); }
  EXPECT_THAT(LockFile::acquire(path), IsOk());
}

TEST(LockFileTest, UnopenableLockFileIsAnError) {
  testing::TempDir dir;
  EXPECT_THAT(LockFile::acquire(dir.path() / "no" / "such" / "lock"),
              ErrorIs(ErrorCategory::kNotFound));
}

}  // namespace
}  // namespace gofer
