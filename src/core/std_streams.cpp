// Failure-aware writes to stdout and stderr; see std_streams.hpp.
#include "gofer/std_streams.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstdio>

namespace gofer {
namespace {

// The errno of the first failed write to stdout; 0 while every write succeeded. Atomic:
// fetch reports from several threads.
std::atomic<int> g_stdout_errno{0};

void note_stdout_failure() {
  int expected = 0;
  g_stdout_errno.compare_exchange_strong(expected, errno != 0 ? errno : EIO);
}

void guard_descriptor(int fd, int open_flags) {
  if (::fcntl(fd, F_GETFD) != -1 || errno != EBADF) return;
  int opened = ::open("/dev/null", open_flags | O_CLOEXEC);
  if (opened == -1) return;
  // open() returns the lowest free number, which is `fd` itself when the lower ones are open.
  if (opened != fd) {
    ::dup2(opened, fd);
    ::close(opened);
  } else {
    ::fcntl(fd, F_SETFD, 0);
  }
}

}  // namespace

void guard_standard_descriptors() {
  guard_descriptor(STDIN_FILENO, O_WRONLY);
  guard_descriptor(STDOUT_FILENO, O_RDONLY);
  guard_descriptor(STDERR_FILENO, O_RDONLY);
}

void write_stdout(std::string_view text) {
  if (text.empty()) return;
  errno = 0;
  if (std::fwrite(text.data(), 1, text.size(), stdout) != text.size()) note_stdout_failure();
}

void flush_stdout() {
  errno = 0;
  if (std::fflush(stdout) != 0) note_stdout_failure();
}

void write_stderr(std::string_view text) noexcept {
  // stderr is unbuffered: one write per call, and a failure leaves nothing pending.
  std::fwrite(text.data(), 1, text.size(), stderr);
  std::clearerr(stderr);
}

Status finish_stdout() {
  flush_stdout();
  if (std::ferror(stdout) != 0) note_stdout_failure();
  errno = 0;
  if (std::fclose(stdout) != 0) note_stdout_failure();
  // note_stdout_failure() never records 0, so the first failure's errno is the whole verdict.
  int first_errno = g_stdout_errno.load();
  if (first_errno == 0) return {};
  return fail(
      Error::from_errno(first_errno).with_context("write error").with_subject("standard output"));
}

}  // namespace gofer
