// Non-throwing filesystem helpers; every failure carries the path and errno text.
#pragma once

#include <sys/stat.h>

#include <filesystem>
#include <string>
#include <string_view>

#include "gofer/error.hpp"

namespace gofer {

// Owns a file descriptor; closes it on destruction.
class UniqueFd {
 public:
  UniqueFd() = default;
  explicit UniqueFd(int fd) : fd_(fd) {}
  UniqueFd(UniqueFd&& other) noexcept : fd_(other.release()) {}
  UniqueFd& operator=(UniqueFd&& other) noexcept;
  UniqueFd(const UniqueFd&) = delete;
  UniqueFd& operator=(const UniqueFd&) = delete;
  ~UniqueFd();

  [[nodiscard]] int get() const { return fd_; }
  [[nodiscard]] bool valid() const { return fd_ >= 0; }
  int release();
  void reset(int fd = -1);

 private:
  int fd_ = -1;
};

[[nodiscard]] Result<UniqueFd> open_file(const std::filesystem::path& path, int flags,
                                         mode_t mode = 0644);
// Opens a file to read from. A FIFO is opened without blocking and then waited on until a
// writer sends data or hangs up, so a FIFO no writer ever opens ends on the first Ctrl-C or
// SIGTERM (an error of kind kInterrupted) instead of hanging in open().
[[nodiscard]] Result<UniqueFd> open_input(const std::filesystem::path& path);
[[nodiscard]] Status write_all(int fd, std::string_view data);
[[nodiscard]] Result<std::string> read_file(const std::filesystem::path& path);
[[nodiscard]] Result<struct stat> lstat_path(const std::filesystem::path& path);
[[nodiscard]] bool path_exists(const std::filesystem::path& path);
[[nodiscard]] Status make_directories(const std::filesystem::path& path);
[[nodiscard]] Status fsync_directory(const std::filesystem::path& directory);

// $XDG_STATE_HOME/gofer, else ~/.local/state/gofer; `override_dir` (from --state-dir) wins.
[[nodiscard]] Result<std::filesystem::path> state_directory(std::string_view override_dir);

}  // namespace gofer
