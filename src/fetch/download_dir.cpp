// DownloadDir: openat/renameat with O_NOFOLLOW relative to the held -d descriptor.
#include "download_dir.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>

#include <fmt/format.h>

#include "gofer/fetch/naming.hpp"

namespace gofer::fetch {
namespace {

std::string part_name(const std::string& name) { return name + std::string(kPartSuffix); }

}  // namespace

Result<DownloadDir> DownloadDir::open(const std::filesystem::path& path) {
  GOFER_TRY(make_directories(path));
  GOFER_TRY_ASSIGN(UniqueFd fd, open_file(path, O_RDONLY | O_DIRECTORY));
  return DownloadDir(std::move(fd), path.string());
}

bool DownloadDir::exists(const std::string& name) const {
  struct stat info {};
  return ::fstatat(fd_.get(), name.c_str(), &info, AT_SYMLINK_NOFOLLOW) == 0;
}

int64_t DownloadDir::part_size(const std::string& name) const {
  struct stat info {};
  if (::fstatat(fd_.get(), part_name(name).c_str(), &info, AT_SYMLINK_NOFOLLOW) != 0 ||
      !S_ISREG(info.st_mode)) {
    return 0;
  }
  return info.st_size;
}

Result<UniqueFd> DownloadDir::open_part(const std::string& name, bool append) const {
  int flags = O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC | (append ? O_APPEND : O_TRUNC);
  int fd = ::openat(fd_.get(), part_name(name).c_str(), flags, 0644);
  if (fd < 0) {
    int error = errno;
    Error failure = Error::from_errno(error).with_subject(part_name(name));
    if (error == ELOOP) failure = Error(ErrorCategory::kPermissionDenied,
                                        "is a symlink; refusing to follow it")
                                      .with_subject(part_name(name));
    return fail(std::move(failure));
  }
  UniqueFd part(fd);
  struct stat info {};
  if (::fstat(fd, &info) != 0 || !S_ISREG(info.st_mode)) {
    return fail(Error(ErrorCategory::kPermissionDenied, "is not a regular file")
                    .with_subject(part_name(name)));
  }
  return part;
}

Status DownloadDir::commit(UniqueFd part, const std::string& name) const {
  if (::fsync(part.get()) != 0) return fail_errno(part_name(name));
  part.reset();
  if (::renameat(fd_.get(), part_name(name).c_str(), fd_.get(), name.c_str()) != 0) {
    return fail(Error::from_errno(errno).with_subject(name).with_context(
        fmt::format("cannot rename {} into place", part_name(name))));
  }
  if (::fsync(fd_.get()) != 0) return fail_errno(label_);
  return {};
}

void DownloadDir::remove_part(const std::string& name) const {
  ::unlinkat(fd_.get(), part_name(name).c_str(), 0);
}

}  // namespace gofer::fetch
