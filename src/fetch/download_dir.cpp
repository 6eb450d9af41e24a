// DownloadDir: openat/renameat with O_NOFOLLOW relative to the held -d descriptor.
#include "download_dir.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <cerrno>

#include <fmt/format.h>

#include "gofer/fetch/naming.hpp"

namespace gofer::fetch {
namespace {

std::string part_name(const std::string& name) { return name + std::string(kPartSuffix); }

FileStamp stamp_of(const struct stat& info) {
  constexpr int64_t kNanosecondsPerSecond = 1'000'000'000;
  return {static_cast<int64_t>(info.st_size),
          static_cast<int64_t>(info.st_mtim.tv_sec) * kNanosecondsPerSecond +
              info.st_mtim.tv_nsec};
}

Error refused(const std::string& shown, std::string_view why) {
  return Error(ErrorCategory::kPermissionDenied, std::string(why)).with_subject(shown);
}

}  // namespace

Result<DownloadDir> DownloadDir::open(const std::filesystem::path& path,
                                      bool make_subdirectories) {
  GOFER_TRY(make_directories(path));
  GOFER_TRY_ASSIGN(UniqueFd fd, open_file(path, O_RDONLY | O_DIRECTORY));
  return DownloadDir(std::move(fd), path.string(), make_subdirectories);
}

Result<UniqueFd> DownloadDir::enter(int parent, const std::string& component,
                                    const std::string& shown, bool create) const {
  constexpr int kFlags = O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC;
  int fd = ::openat(parent, component.c_str(), kFlags);
  if (fd < 0 && errno == ENOENT && create && make_subdirectories_) {
    if (::mkdirat(parent, component.c_str(), 0755) != 0 && errno != EEXIST) {
      return fail(Error::from_errno(errno).with_subject(shown).with_context(
          "cannot create the directory"));
    }
    // The new entry must survive a crash as surely as the file that will be renamed into it.
    if (::fsync(parent) != 0) return fail_errno(shown);
    fd = ::openat(parent, component.c_str(), kFlags);
  }
  if (fd >= 0) return UniqueFd(fd);
  int error = errno;
  struct stat info {};
  bool is_link = ::fstatat(parent, component.c_str(), &info, AT_SYMLINK_NOFOLLOW) == 0 &&
                 S_ISLNK(info.st_mode);
  if (is_link) return fail(refused(shown, "is a symlink; refusing to follow it"));
  if (error == ENOENT && !make_subdirectories_) {
    return fail(Error(ErrorCategory::kNotFound, "directory does not exist (pass --mkdir)")
                    .with_subject(shown));
  }
  return fail(Error::from_errno(error).with_subject(shown));
}

Result<DownloadDir::Place> DownloadDir::place(const std::string& name, bool create) const {
  Place where;
  where.directory = fd_.get();
  size_t start = 0;
  for (size_t slash; (slash = name.find('/', start)) != name.npos; start = slash + 1) {
    std::string component = name.substr(start, slash - start);
    GOFER_TRY_ASSIGN(UniqueFd next, enter(where.directory, component, name.substr(0, slash), create));
    where.owned = std::move(next);
    where.directory = where.owned.get();
  }
  where.leaf = name.substr(start);
  return where;
}

bool DownloadDir::exists(const std::string& name) const {
  auto where = place(name, false);
  struct stat info {};
  return where && ::fstatat(where->directory, where->leaf.c_str(), &info, AT_SYMLINK_NOFOLLOW) == 0;
}

std::optional<FileStamp> DownloadDir::stamp(const std::string& name) const {
  auto where = place(name, false);
  struct stat info {};
  if (!where || ::fstatat(where->directory, where->leaf.c_str(), &info, AT_SYMLINK_NOFOLLOW) != 0 ||
      !S_ISREG(info.st_mode)) {
    return std::nullopt;
  }
  return stamp_of(info);
}

int64_t DownloadDir::part_size(const std::string& name) const {
  auto where = place(name, false);
  struct stat info {};
  if (!where ||
      ::fstatat(where->directory, part_name(where->leaf).c_str(), &info, AT_SYMLINK_NOFOLLOW) != 0 ||
      !S_ISREG(info.st_mode)) {
    return 0;
  }
  return info.st_size;
}

Result<UniqueFd> DownloadDir::open_part(const std::string& name, bool append) const {
  GOFER_TRY_ASSIGN(Place where, place(name, true));
  int flags = O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC | (append ? O_APPEND : O_TRUNC);
  int fd = ::openat(where.directory, part_name(where.leaf).c_str(), flags, 0644);
  if (fd < 0) {
    int error = errno;
    if (error == ELOOP) return fail(refused(part_name(name), "is a symlink; refusing to follow it"));
    return fail(Error::from_errno(error).with_subject(part_name(name)));
  }
  UniqueFd part(fd);
  struct stat info {};
  if (::fstat(fd, &info) != 0 || !S_ISREG(info.st_mode)) {
    return fail(refused(part_name(name), "is not a regular file"));
  }
  return part;
}

Result<FileStamp> DownloadDir::commit(UniqueFd part, const std::string& name,
                                      std::optional<time_t> mtime) const {
  if (mtime) {
    // Both times, as curl -R and wget -N set them; before the fsync, which then covers them.
    std::array<timespec, 2> times{timespec{*mtime, 0}, timespec{*mtime, 0}};
    if (::futimens(part.get(), times.data()) != 0) return fail_errno(part_name(name));
  }
  if (::fsync(part.get()) != 0) return fail_errno(part_name(name));
  struct stat info {};
  if (::fstat(part.get(), &info) != 0) return fail_errno(part_name(name));
  part.reset();
  GOFER_TRY_ASSIGN(Place where, place(name, false));
  if (::renameat(where.directory, part_name(where.leaf).c_str(), where.directory,
                 where.leaf.c_str()) != 0) {
    return fail(Error::from_errno(errno).with_subject(name).with_context(
        fmt::format("cannot rename {} into place", part_name(name))));
  }
  if (::fsync(where.directory) != 0) return fail_errno(label_);
  return stamp_of(info);  // a rename keeps the mtime
}

void DownloadDir::remove_part(const std::string& name) const {
  if (auto where = place(name, false)) {
    ::unlinkat(where->directory, part_name(where->leaf).c_str(), 0);
  }
}

}  // namespace gofer::fetch
