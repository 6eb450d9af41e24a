// flock-based run lock; the holder writes its pid into the file so a waiter can name it.
#include "gofer/lock.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <string>

#include <fmt/format.h>

namespace gofer {
namespace {

std::string read_holder_pid(int fd) {
  char buffer[32] = {};
  ssize_t got = ::pread(fd, buffer, sizeof buffer - 1, 0);
  std::string pid = got > 0 ? std::string(buffer, static_cast<size_t>(got)) : std::string();
  while (!pid.empty() && (pid.back() == '\n' || pid.back() == ' ')) pid.pop_back();
  return pid.empty() ? "unknown" : pid;
}

}  // namespace

Result<LockFile> LockFile::acquire(const std::filesystem::path& path) {
  auto opened = open_file(path, O_RDWR | O_CREAT, 0644);
  if (!opened) return fail(std::move(opened.error()).with_context("cannot open lock file"));
  UniqueFd fd = std::move(*opened);
  if (::flock(fd.get(), LOCK_EX | LOCK_NB) != 0) {
    if (errno == EWOULDBLOCK) {
      return fail(ErrorCategory::kBusy,
                  fmt::format("lock {} is held by another run (pid {})", path.string(),
                              read_holder_pid(fd.get())));
    }
    return fail(Error::from_errno(errno).with_context("cannot lock").with_subject(path.string()));
  }
  std::string pid = fmt::format("{}\n", ::getpid());
  // The pid is informational only; failing to record it must not fail the run.
  if (::ftruncate(fd.get(), 0) == 0) {
    (void)::pwrite(fd.get(), pid.data(), pid.size(), 0);
  }
  return LockFile(std::move(fd));
}

}  // namespace gofer
