// Linux and macOS spellings of the calls in platform_fs.hpp; other POSIX systems get the
// portable fallbacks (ENOSYS for the no-replace rename, case-sensitive names).
#include "gofer/platform_fs.hpp"

#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

#include <cerrno>

#if defined(__linux__)
#include <sys/vfs.h>
#endif
#if defined(__GLIBC__)
#include <malloc.h>
#endif

namespace gofer {

int rename_at_no_replace(int from_directory, const char* from, int to_directory, const char* to) {
#if defined(__linux__)
  return ::renameat2(from_directory, from, to_directory, to, RENAME_NOREPLACE);
#elif defined(__APPLE__)
  return ::renameatx_np(from_directory, from, to_directory, to, RENAME_EXCL);
#else
  (void)from_directory, (void)from, (void)to_directory, (void)to;
  errno = ENOSYS;
  return -1;
#endif
}

bool no_replace_unsupported(int error_number) {
  // Linux: EINVAL from a filesystem without RENAME_NOREPLACE, ENOSYS from a kernel before 3.15
  // (or a seccomp filter); macOS: ENOTSUP from a filesystem without RENAME_EXCL.
  return error_number == EINVAL || error_number == ENOSYS || error_number == ENOTSUP;
}

int open_directory_handle(const char* path) {
#if defined(O_PATH)
  return ::open(path, O_PATH | O_DIRECTORY | O_CLOEXEC);
#else
  return ::open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
#endif
}

ModificationTime modification_time(const struct stat& info) {
#if defined(__APPLE__)
  return {info.st_mtimespec.tv_sec, info.st_mtimespec.tv_nsec};
#else
  return {info.st_mtim.tv_sec, info.st_mtim.tv_nsec};
#endif
}

void set_malloc_thresholds(int mmap_threshold, int trim_threshold) {
#if defined(__GLIBC__)
  ::mallopt(M_MMAP_THRESHOLD, mmap_threshold);
  if (trim_threshold > 0) ::mallopt(M_TRIM_THRESHOLD, trim_threshold);
#else
  (void)mmap_threshold, (void)trim_threshold;
#endif
}

#if defined(__linux__)
namespace {
// statfs(2) f_type magics of filesystems that compare names case-insensitively.
constexpr long kMsdosMagic = 0x4d44;  // vfat, FAT32
constexpr long kExfatMagic = 0x2011BAB0;
constexpr long kHfsPlusMagic = 0x482b;
constexpr long kCifsMagic = 0xFF534D42;  // SMB shares from Windows/macOS servers
constexpr long kSmb2Magic = 0xFE534D42;
}  // namespace
#endif

bool filesystem_ignores_case(const char* directory) {
#if defined(__linux__)
  struct statfs info {};
  if (::statfs(directory, &info) != 0) return false;
  long type = static_cast<long>(info.f_type);
  return type == kMsdosMagic || type == kExfatMagic || type == kHfsPlusMagic ||
         type == kCifsMagic || type == kSmb2Magic;
#elif defined(__APPLE__) && defined(_PC_CASE_SENSITIVE)
  return ::pathconf(directory, _PC_CASE_SENSITIVE) == 0;
#else
  (void)directory;
  return false;
#endif
}

}  // namespace gofer
