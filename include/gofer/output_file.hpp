// Where a command's output goes. One decision for every writer (DESIGN.md, "Files and state"),
// made the way curl, sed -i and rsync make it:
//   "-"                                   stdout
//   /dev/stdout, /dev/stderr, /dev/fd/N   the descriptor itself (dup), at its current offset
//   an existing device, FIFO or socket    opened and written through, never unlinked
//   a symlink                             the file it names, resolved; the link stays
//   an existing regular file              temp + fsync + rename, keeping mode and owner/group
//   a new file                            temp + fsync + rename, `new_mode` after the umask
#pragma once

#include <sys/stat.h>
#include <sys/types.h>

#include <filesystem>
#include <optional>
#include <string_view>

#include "gofer/atomic_file.hpp"
#include "gofer/error.hpp"
#include "gofer/fs.hpp"

namespace gofer {

enum class OutputKind {
  kStandardOutput,  // "-": gofer's own buffered stdout
  kWriteThrough,    // a special file or descriptor: written in place, no temp file
  kReplace,         // a regular or new file: written atomically
};

struct OutputTarget {
  OutputKind kind = OutputKind::kReplace;
  std::filesystem::path path;           // the file written: a symlink resolved to what it names
  std::optional<struct stat> existing;  // kReplace over an existing file: its mode and owner
  int descriptor = -1;                  // /dev/stdout, /dev/fd/N: the descriptor to dup
};

// Decides, without opening or creating anything, how `target` would be written. A directory
// is an error (kInvalidArgument: the user named a directory where a file goes), found before
// any work is done.
[[nodiscard]] Result<OutputTarget> resolve_output(const std::filesystem::path& target);

// Gives the file open at `fd` (a temp file about to replace `target`) the mode, owner and
// group of the file it replaces, as `sed -i` and rsync do; the owner only where permitted.
[[nodiscard]] Status keep_file_attributes(int fd, const struct stat& original,
                                          const std::filesystem::path& target);

class OutputFile {
 public:
  [[nodiscard]] static Result<OutputFile> open(const std::filesystem::path& target,
                                               mode_t new_mode = 0644);

  [[nodiscard]] Status write(std::string_view data);
  // kReplace: durable, then visible under the final name. kWriteThrough: flushed where the
  // device allows (fsync's EINVAL on a pipe or /dev/null is not an error) and closed.
  [[nodiscard]] Status commit();
  // kReplace: the temp file goes, the target is untouched. Written-through bytes stay written.
  void discard();

  [[nodiscard]] OutputKind kind() const { return kind_; }
  // Where kStandardOutput and kWriteThrough bytes go (stdout's descriptor, or the opened
  // file's); -1 for kReplace, whose temp file is written through write().
  [[nodiscard]] int descriptor() const;
  [[nodiscard]] const std::filesystem::path& target() const { return target_; }

 private:
  OutputFile(std::filesystem::path target, OutputKind kind)
      : target_(std::move(target)), kind_(kind) {}

  std::filesystem::path target_;  // as the user named it, for messages
  OutputKind kind_;
  std::optional<AtomicFile> atomic_;
  UniqueFd through_;
};

// One-shot helper: the whole content, through the same decision.
[[nodiscard]] Status write_output_file(const std::filesystem::path& target,
                                       std::string_view content, mode_t new_mode = 0644);

}  // namespace gofer
