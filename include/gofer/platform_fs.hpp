// The few filesystem calls that Linux and macOS spell differently, each behind one name, so
// that the jobs build on both (macOS: the Homebrew source build).
#pragma once

#include <sys/stat.h>

#include <cstdint>

namespace gofer {

// renameat(2) that fails with EEXIST instead of replacing an existing target: Linux
// renameat2(RENAME_NOREPLACE), macOS renameatx_np(RENAME_EXCL). Returns 0, or -1 with errno
// set. Where the platform or the filesystem lacks the flag, errno is ENOSYS, EINVAL or
// ENOTSUP (see `no_replace_unsupported`) and the caller must fall back.
[[nodiscard]] int rename_at_no_replace(int from_directory, const char* from, int to_directory,
                                       const char* to);
// True for the errno values with which `rename_at_no_replace` says "not supported here".
[[nodiscard]] bool no_replace_unsupported(int error_number);

// A descriptor of a directory for *at() calls, or -1 with errno set. O_PATH on Linux (needs no
// read permission on the directory), a read-only directory descriptor elsewhere.
[[nodiscard]] int open_directory_handle(const char* path);

struct ModificationTime {
  int64_t seconds = 0;
  int64_t nanoseconds = 0;
};
[[nodiscard]] ModificationTime modification_time(const struct stat& info);

// Fixes glibc malloc's mmap threshold and, when `trim_threshold` > 0, its trim threshold for
// this process (a fixed mmap threshold also stops glibc raising it as large blocks are freed).
// Other C libraries (macOS) have no such knobs: there it does nothing.
void set_malloc_thresholds(int mmap_threshold, int trim_threshold = 0);

// True when the filesystem that holds `directory` compares names case-insensitively: vfat,
// exFAT, HFS+ and SMB shares on Linux (statfs magic numbers); macOS asks pathconf. False
// when it cannot tell (the directory is gone): the case-sensitive checks still run.
[[nodiscard]] bool filesystem_ignores_case(const char* directory);

}  // namespace gofer
