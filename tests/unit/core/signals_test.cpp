#include "gofer/signals.hpp"

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include "gofer/exit_code.hpp"

namespace gofer {
namespace {

int exit_status_of_child(void (*body)()) {
  pid_t child = ::fork();
  if (child == 0) {
    body();
    ::_exit(99);
  }
  int status = 0;
  ::waitpid(child, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

TEST(SignalsTest, FirstSigintOnlyRequestsStop) {
  int status = exit_status_of_child([] {
    install_signal_handlers();
    ::raise(SIGINT);
    ::_exit(stop_requested() ? 0 : 1);
  });
  EXPECT_EQ(status, 0);
}

TEST(SignalsTest, SecondSignalExitsAt130) {
  int status = exit_status_of_child([] {
    install_signal_handlers();
    ::raise(SIGTERM);
    ::raise(SIGINT);
  });
  EXPECT_EQ(status, to_int(ExitCode::kInterrupted));
}

TEST(SignalsTest, BrokenPipeExitsZero) {
  int status = exit_status_of_child([] {
    install_signal_handlers();
    int fds[2];
    if (::pipe(fds) != 0) ::_exit(2);
    ::close(fds[0]);
    (void)!::write(fds[1], "x", 1);
  });
  EXPECT_EQ(status, 0);
}

TEST(SignalsTest, RequestAndReset) {
  reset_stop_request();
  EXPECT_FALSE(stop_requested());
  request_stop();
  EXPECT_TRUE(stop_requested());
  reset_stop_request();
}

}  // namespace
}  // namespace gofer
