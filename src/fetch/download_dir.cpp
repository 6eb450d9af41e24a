// DownloadDir: openat/renameat with O_NOFOLLOW relative to the held -d descriptor.
#include "download_dir.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <set>
#include <vector>

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

// Creates -d and its missing parents: each new entry fsync'd in its parent, since a file
// reported OK is durable only if every directory on its way is.
Status make_durable_directories(const std::filesystem::path& path) {
  std::vector<std::filesystem::path> created;
  std::error_code code;
  for (std::filesystem::path at = path; !at.empty() && !std::filesystem::exists(at, code);
       at = at.parent_path()) {
    created.push_back(at);
    if (at == at.parent_path()) break;
  }
  GOFER_TRY(make_directories(path));
  for (const std::filesystem::path& directory : created) {
    std::filesystem::path parent = directory.parent_path();
    GOFER_TRY(fsync_directory(parent.empty() ? std::filesystem::path(".") : parent));
  }
  return {};
}

}  // namespace

Result<DownloadDir> DownloadDir::open(const std::filesystem::path& path,
                                      bool make_subdirectories) {
  GOFER_TRY(make_durable_directories(path));
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

Result<FileStamp> DownloadDir::close_part(UniqueFd part, const std::string& name,
                                          std::optional<time_t> mtime, bool sync) const {
  if (mtime) {
    // Both times, as curl -R and wget -N set them; before the fsync, which then covers them.
    std::array<timespec, 2> times{timespec{*mtime, 0}, timespec{*mtime, 0}};
    if (::futimens(part.get(), times.data()) != 0) return fail_errno(part_name(name));
  }
  if (sync && ::fsync(part.get()) != 0) return fail_errno(part_name(name));
  struct stat info {};
  if (::fstat(part.get(), &info) != 0) return fail_errno(part_name(name));
  return stamp_of(info);  // a rename keeps the mtime
}

Status DownloadDir::rename_part(const std::string& name) const {
  GOFER_TRY_ASSIGN(Place where, place(name, false));
  if (::renameat(where.directory, part_name(where.leaf).c_str(), where.directory,
                 where.leaf.c_str()) != 0) {
    return fail(Error::from_errno(errno).with_subject(name).with_context(
        fmt::format("cannot rename {} into place", part_name(name))));
  }
  return {};
}

Result<FileStamp> DownloadDir::commit(UniqueFd part, const std::string& name,
                                      std::optional<time_t> mtime, Durability durability) const {
  bool sync = durability != Durability::kNone;
  GOFER_TRY_ASSIGN(FileStamp stamp, close_part(std::move(part), name, mtime, sync));
  GOFER_TRY(rename_part(name));
  if (sync) {
    uint64_t ticket = syncs_->renamed(directory_of(name));
    GOFER_TRY(syncs_->wait(ticket, [this](const std::string& dir) { return sync_directory(dir); }));
  }
  return stamp;
}

Status DownloadDir::sync_directory(const std::string& directory) const {
  if (directory.empty()) {
    if (::fsync(fd_.get()) != 0) return fail_errno(label_);
    return {};
  }
  GOFER_TRY_ASSIGN(Place where, place(directory + "/", false));
  if (::fsync(where.directory) != 0) return fail_errno(directory);
  return {};
}

Status DownloadDir::sync_directories(std::span<const std::string> names) const {
  uint64_t ticket = 0;
  for (const std::string& name : names) ticket = syncs_->renamed(directory_of(name));
  return syncs_->wait(ticket, [this](const std::string& dir) { return sync_directory(dir); });
}

Status DownloadDir::sync_filesystems(std::span<const std::string> names) const {
  std::set<std::string> directories;
  for (const std::string& name : names) directories.insert(directory_of(name));
  std::set<dev_t> synced;
  for (const std::string& directory : directories) {
    Place where;
    where.directory = fd_.get();
    if (!directory.empty()) {
      GOFER_TRY_ASSIGN(where, place(directory + "/", false));
    }
    const std::string& shown = directory.empty() ? label_ : directory;
    struct stat info {};
    if (::fstat(where.directory, &info) != 0) return fail_errno(shown);
    // A directory under -d may be another file system's mount point: each is synced once.
    if (!synced.insert(info.st_dev).second) continue;
    if (::syncfs(where.directory) != 0) return fail_errno(shown);
  }
  return {};
}

void DownloadDir::remove_part(const std::string& name) const {
  if (auto where = place(name, false)) {
    ::unlinkat(where->directory, part_name(where->leaf).c_str(), 0);
  }
}

std::string directory_of(const std::string& name) {
  size_t slash = name.rfind('/');
  return slash == name.npos ? std::string() : name.substr(0, slash);
}

}  // namespace gofer::fetch
