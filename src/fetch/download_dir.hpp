// The -d directory, held open: every file operation is relative to its descriptor and never
// follows a symlink, so no name, server or race can make gofer write outside it.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>

#include "gofer/error.hpp"
#include "gofer/fs.hpp"

namespace gofer::fetch {

class DownloadDir {
 public:
  [[nodiscard]] static Result<DownloadDir> open(const std::filesystem::path& path);

  // True if `name` exists in any form (a symlink counts; it is never followed).
  [[nodiscard]] bool exists(const std::string& name) const;
  // Size of an existing regular "<name>.part", 0 if none.
  [[nodiscard]] int64_t part_size(const std::string& name) const;
  // Opens "<name>.part" read-write: appending to the kept bytes, or truncated. Refuses a
  // symlink or any non-regular file.
  [[nodiscard]] Result<UniqueFd> open_part(const std::string& name, bool append) const;
  // fsync the part, rename it over `name`, fsync the directory: all or nothing.
  [[nodiscard]] Status commit(UniqueFd part, const std::string& name) const;
  void remove_part(const std::string& name) const;

 private:
  explicit DownloadDir(UniqueFd fd, std::string label) : fd_(std::move(fd)), label_(std::move(label)) {}
  UniqueFd fd_;
  std::string label_;
};

}  // namespace gofer::fetch
