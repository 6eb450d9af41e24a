// `--lock FILE`: one run at a time, for cron jobs that may overlap.
#pragma once

#include <filesystem>

#include "gofer/error.hpp"
#include "gofer/fs.hpp"

namespace gofer {

// Holds an exclusive flock(2) on a file until destroyed. The lock dies with the process, so a
// crashed run never leaves a stale lock behind (unlike pid files).
class LockFile {
 public:
  // Fails at once with ErrorCategory::kBusy, naming the holder's pid, if another run holds it.
  [[nodiscard]] static Result<LockFile> acquire(const std::filesystem::path& path);

 private:
  explicit LockFile(UniqueFd fd) : fd_(std::move(fd)) {}
  UniqueFd fd_;
};

}  // namespace gofer
