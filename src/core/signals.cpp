// Signal handlers; only async-signal-safe calls are made inside them.
#include "gofer/signals.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>

namespace gofer {
namespace {

std::atomic<bool> g_stop_requested{false};
std::atomic<int> g_stop_signal{0};
// Self-pipe: the handler writes a byte, so a poll() on it wakes whoever waits for input.
int g_wake_pipe[2] = {-1, -1};

void set_handler(int signal_number, void (*handler)(int));

extern "C" void on_stop_signal(int signal_number) {
  int saved_errno = errno;
  // From now on SIGINT and SIGTERM get their default action: a second one, of either kind,
  // ends the process at once (the shell sees 130/143, a parent sees the signal), as the
  // user asked twice.
  set_handler(SIGINT, SIG_DFL);
  set_handler(SIGTERM, SIG_DFL);
  g_stop_signal.store(signal_number);
  g_stop_requested.store(true);
  if (g_wake_pipe[1] >= 0) (void)!::write(g_wake_pipe[1], "x", 1);
  errno = saved_errno;
}

extern "C" void on_broken_pipe(int /*signal*/) {
  // `gofer ... | head` is normal use: the reader has what it wanted.
  ::_exit(to_int(ExitCode::kOk));
}

// sigaction() is async-signal-safe, so the stop handler uses this too.
void set_handler(int signal_number, void (*handler)(int)) {
  struct sigaction action {};
  action.sa_handler = handler;
  sigemptyset(&action.sa_mask);
  action.sa_flags = SA_RESTART;
  ::sigaction(signal_number, &action, nullptr);
}

void drain_wake_pipe() {
  char bytes[64];
  while (::read(g_wake_pipe[0], bytes, sizeof bytes) > 0) {
  }
}

}  // namespace

void install_signal_handlers() {
  if (g_wake_pipe[0] < 0 && ::pipe2(g_wake_pipe, O_CLOEXEC | O_NONBLOCK) != 0) {
    g_wake_pipe[0] = g_wake_pipe[1] = -1;  // waits then poll their fd alone (stop unnoticed)
  }
  set_handler(SIGINT, on_stop_signal);
  set_handler(SIGTERM, on_stop_signal);
  set_handler(SIGPIPE, on_broken_pipe);
}

bool stop_requested() { return g_stop_requested.load(std::memory_order_relaxed); }
void request_stop() { g_stop_requested.store(true); }
void reset_stop_request() {
  g_stop_requested.store(false);
  g_stop_signal.store(0);
}

ExitCode interrupted_exit_code() {
  return g_stop_signal.load() == SIGTERM ? ExitCode::kTerminated : ExitCode::kInterrupted;
}

Status wait_readable_or_stop(int fd) {
  while (!stop_requested()) {
    pollfd fds[2] = {{fd, POLLIN, 0}, {g_wake_pipe[0], POLLIN, 0}};
    int ready = ::poll(fds, 2, -1);
    if (ready < 0 && errno == EINTR) continue;
    if (ready < 0) return fail(Error::from_errno(errno).with_context("cannot wait for input"));
    // Data, end of file, a hang-up or an error: the read that follows reports which.
    if (fds[0].revents != 0) return {};
    if (fds[1].revents != 0) drain_wake_pipe();  // left from a stop that was reset since
  }
  return fail(ErrorCategory::kInterrupted, "interrupted");
}

}  // namespace gofer
