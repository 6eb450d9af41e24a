// Writes a file so that no reader ever sees it half-written: temp file beside the target,
// fsync, rename over the target, fsync the directory.
#pragma once

#include <sys/types.h>

#include <filesystem>
#include <string_view>

#include "gofer/error.hpp"
#include "gofer/fs.hpp"

namespace gofer {

class AtomicFile {
 public:
  // Creates the temp file in the target's directory (same filesystem, so rename is atomic).
  // `mode` is applied after the umask, like open(2).
  [[nodiscard]] static Result<AtomicFile> create(std::filesystem::path target,
                                                 mode_t mode = 0644);

  AtomicFile(AtomicFile&& other) noexcept;
  AtomicFile& operator=(AtomicFile&& other) noexcept;
  AtomicFile(const AtomicFile&) = delete;
  AtomicFile& operator=(const AtomicFile&) = delete;
  ~AtomicFile();  // removes the temp file unless commit() succeeded

  [[nodiscard]] Status write(std::string_view data);
  // Makes the content durable and visible under the target name.
  [[nodiscard]] Status commit();
  // Removes the temp file now; the target is untouched.
  void discard();

  [[nodiscard]] int fd() const { return fd_.get(); }
  [[nodiscard]] const std::filesystem::path& target() const { return target_; }
  [[nodiscard]] const std::filesystem::path& temp_path() const { return temp_path_; }

 private:
  AtomicFile(std::filesystem::path target, std::filesystem::path temp_path, UniqueFd fd);

  std::filesystem::path target_;
  std::filesystem::path temp_path_;
  UniqueFd fd_;
  bool done_ = false;
};

// Opens, writes all of `content`, commits: the one-shot form of any writer with
// write()/commit() (AtomicFile, OutputFile).
template <class File>
[[nodiscard]] Status write_whole(Result<File> opened, std::string_view content) {
  if (!opened) return fail(std::move(opened.error()));
  GOFER_TRY(opened->write(content));
  return opened->commit();
}

// One-shot helper for small files (journals, state records).
[[nodiscard]] Status write_file_atomically(const std::filesystem::path& target,
                                           std::string_view content, mode_t mode = 0644);

}  // namespace gofer
