#include "gofer/signals.hpp"

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <thread>

#include <gtest/gtest.h>

#include "gofer/exit_code.hpp"

namespace gofer {
namespace {

int raw_status_of_child(void (*body)()) {
  pid_t child = ::fork();
  if (child == 0) {
    body();
    ::_exit(99);
  }
  int status = 0;
  ::waitpid(child, &status, 0);
  return status;
}

int exit_status_of_child(void (*body)()) {
  int status = raw_status_of_child(body);
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

TEST(SignalsTest, FirstSigintOnlyRequestsStopAndMeans130) {
  int status = exit_status_of_child([] {
    install_signal_handlers();
    ::raise(SIGINT);
    ::_exit(stop_requested() && interrupted_exit_code() == ExitCode::kInterrupted ? 0 : 1);
  });
  EXPECT_EQ(status, 0);
}

TEST(SignalsTest, FirstSigtermOnlyRequestsStopAndMeans143) {
  int status = exit_status_of_child([] {
    install_signal_handlers();
    ::raise(SIGTERM);
    ::_exit(stop_requested() && interrupted_exit_code() == ExitCode::kTerminated ? 0 : 1);
  });
  EXPECT_EQ(status, 0);
}

TEST(SignalsTest, StopAskedByTheProgramMeans130) {
  int status = exit_status_of_child([] {
    reset_stop_request();
    request_stop();
    ::_exit(interrupted_exit_code() == ExitCode::kInterrupted ? 0 : 1);
  });
  EXPECT_EQ(status, 0);
}

TEST(SignalsTest, SecondSignalEndsTheProcessByItsDefaultAction) {
  int status = raw_status_of_child([] {
    install_signal_handlers();
    ::raise(SIGTERM);
    ::raise(SIGTERM);
  });
  ASSERT_TRUE(WIFSIGNALED(status)) << status;
  EXPECT_EQ(WTERMSIG(status), SIGTERM);
  status = raw_status_of_child([] {
    install_signal_handlers();
    ::raise(SIGTERM);
    ::raise(SIGINT);
  });
  ASSERT_TRUE(WIFSIGNALED(status)) << status;
  EXPECT_EQ(WTERMSIG(status), SIGINT);  // the shell shows 130
}

TEST(SignalsTest, WaitForAPipeThatNeverSendsEndsOnASignal) {
  int status = exit_status_of_child([] {
    install_signal_handlers();
    int fds[2];
    if (::pipe(fds) != 0) ::_exit(2);
    // The signal comes from another thread while (or before) this one waits: either way the
    // wait must end, not block on the silent pipe.
    std::thread signaller([] { ::kill(::getpid(), SIGTERM); });
    Status waited = wait_readable_or_stop(fds[0]);
    signaller.join();
    ::_exit(!waited && waited.error().category() == ErrorCategory::kInterrupted ? 0 : 1);
  });
  EXPECT_EQ(status, 0);
}

TEST(SignalsTest, WaitAfterAResetStopReturnsData) {
  int status = exit_status_of_child([] {
    install_signal_handlers();
    ::raise(SIGTERM);
    reset_stop_request();  // leaves a byte in the wake-up pipe: drained, not spun on
    int fds[2];
    if (::pipe(fds) != 0 || ::write(fds[1], "x", 1) != 1) ::_exit(2);
    ::_exit(wait_readable_or_stop(fds[0]) ? 0 : 1);
  });
  EXPECT_EQ(status, 0);
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
