// Thin wrappers over POSIX calls that return Result instead of setting errno.
#include "gofer/fs.hpp"

#include <sys/stat.h>

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>

#include "gofer/signals.hpp"

namespace gofer {

UniqueFd& UniqueFd::operator=(UniqueFd&& other) noexcept {
  if (this != &other) reset(other.release());
  return *this;
}

UniqueFd::~UniqueFd() { reset(); }

int UniqueFd::release() {
  int fd = fd_;
  fd_ = -1;
  return fd;
}

void UniqueFd::reset(int fd) {
  if (fd_ >= 0) ::close(fd_);
  fd_ = fd;
}

Result<UniqueFd> open_file(const std::filesystem::path& path, int flags, mode_t mode) {
  int fd = ::open(path.c_str(), flags | O_CLOEXEC, mode);
  if (fd < 0) return fail_errno(path.string());
  return UniqueFd(fd);
}

Result<UniqueFd> open_input(const std::filesystem::path& path) {
  GOFER_TRY_ASSIGN(UniqueFd fd, open_file(path, O_RDONLY | O_NONBLOCK | O_NOCTTY));
  struct stat info {};
  if (::fstat(fd.get(), &info) != 0) return fail_errno(path.string());
  // open() succeeds on a directory; only the first read fails. Say so up front, with its name.
  if (S_ISDIR(info.st_mode)) return fail(Error::from_errno(EISDIR).with_subject(path.string()));
  if (S_ISFIFO(info.st_mode)) {
    // poll() on a FIFO that never had a writer waits (no POLLHUP) until one sends or closes.
    if (Status ready = wait_readable_or_stop(fd.get()); !ready) {
      return fail(ready.error().with_subject(path.string()));
    }
  }
  int flags = ::fcntl(fd.get(), F_GETFL);
  if (flags < 0 || ::fcntl(fd.get(), F_SETFL, flags & ~O_NONBLOCK) != 0) {
    return fail_errno(path.string());
  }
  return fd;
}

Status write_all(int fd, std::string_view data) {
  while (!data.empty()) {
    ssize_t written = ::write(fd, data.data(), data.size());
    if (written < 0) {
      if (errno == EINTR) continue;
      return std::unexpected(Error::from_errno(errno));
    }
    data.remove_prefix(static_cast<size_t>(written));
  }
  return {};
}

Result<std::string> read_file(const std::filesystem::path& path) {
  GOFER_TRY_ASSIGN(UniqueFd fd, open_input(path));
  std::string content;
  char buffer[1 << 16];
  for (;;) {
    ssize_t got = ::read(fd.get(), buffer, sizeof buffer);
    if (got < 0) {
      if (errno == EINTR) continue;
      return fail_errno(path.string());
    }
    if (got == 0) break;
    content.append(buffer, static_cast<size_t>(got));
  }
  return content;
}

Result<struct stat> lstat_path(const std::filesystem::path& path) {
  struct stat info {};
  if (::lstat(path.c_str(), &info) != 0) return fail_errno(path.string());
  return info;
}

bool path_exists(const std::filesystem::path& path) {
  struct stat info {};
  return ::lstat(path.c_str(), &info) == 0;
}

Status make_directories(const std::filesystem::path& path) {
  std::error_code code;
  std::filesystem::create_directories(path, code);
  if (code) return fail(Error::from_error_code(code).with_subject(path.string()));
  return {};
}

Status fsync_directory(const std::filesystem::path& directory) {
  GOFER_TRY_ASSIGN(UniqueFd fd, open_file(directory, O_RDONLY | O_DIRECTORY));
  if (::fsync(fd.get()) != 0) return fail_errno(directory.string());
  return {};
}

Result<std::filesystem::path> state_directory(std::string_view override_dir) {
  if (!override_dir.empty()) return std::filesystem::path(override_dir);
  if (const char* xdg = std::getenv("XDG_STATE_HOME"); xdg != nullptr && xdg[0] == '/') {
    return std::filesystem::path(xdg) / "gofer";
  }
  const char* home = std::getenv("HOME");
  if (home == nullptr || home[0] == '\0') {
    return fail(ErrorCategory::kNotFound,
                "cannot find the state directory: neither XDG_STATE_HOME nor HOME is set "
                "(use --state-dir)");
  }
  return std::filesystem::path(home) / ".local" / "state" / "gofer";
}

}  // namespace gofer
