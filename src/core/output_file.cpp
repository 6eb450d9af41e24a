// The one output decision for every writer; see output_file.hpp.
#include "gofer/output_file.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <string>
#include <string_view>

#include "gofer/std_streams.hpp"

namespace gofer {
namespace {

constexpr int kMaxSymlinkHops = 40;  // Linux's own limit (ELOOP)

// /dev/stdout, /dev/stderr, /dev/fd/N, /proc/self/fd/N name a descriptor this process already
// has: writing through it must reach what the shell connected (a pipe, a socket, a file opened
// with >>), which reopening the path cannot always do (sockets refuse open with ENXIO).
int descriptor_named_by(std::string_view path) {
  if (path == "/dev/stdout") return STDOUT_FILENO;
  if (path == "/dev/stderr") return STDERR_FILENO;
  for (std::string_view prefix : {"/dev/fd/", "/proc/self/fd/"}) {
    if (!path.starts_with(prefix)) continue;
    std::string_view digits = path.substr(prefix.size());
    int fd = -1;
    auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), fd);
    if (ec == std::errc() && end == digits.data() + digits.size() && fd >= 0) return fd;
  }
  return -1;
}

Error path_error(int errno_value, const std::filesystem::path& target, const char* what) {
  return Error::from_errno(errno_value).with_context(what).with_subject(target.string());
}

// A dangling symlink: the file will be created where the link points, as `>` in a shell does.
Result<std::filesystem::path> follow_dangling_links(std::filesystem::path path) {
  for (int hop = 0; hop < kMaxSymlinkHops; ++hop) {
    struct stat link_status {};
    if (::lstat(path.c_str(), &link_status) != 0 || !S_ISLNK(link_status.st_mode)) return path;
    std::error_code error;
    std::filesystem::path next = std::filesystem::read_symlink(path, error);
    if (error) return fail(Error::from_error_code(error).with_subject(path.string()));
    path = next.is_absolute() ? next : path.parent_path() / next;
  }
  return fail(path_error(ELOOP, path, "cannot resolve symlink"));
}

Result<OutputTarget> resolve_existing(const std::filesystem::path& target,
                                      const struct stat& status) {
  if (S_ISDIR(status.st_mode)) {
    return fail(Error(ErrorCategory::kInvalidArgument, "is a directory; name a file inside it")
                    .with_subject(target.string()));
  }
  if (!S_ISREG(status.st_mode)) return OutputTarget{OutputKind::kWriteThrough, target, {}, -1};
  std::error_code error;
  std::filesystem::path resolved = std::filesystem::canonical(target, error);
  if (error) return fail(Error::from_error_code(error).with_subject(target.string()));
  return OutputTarget{OutputKind::kReplace, resolved, status, -1};
}

Result<UniqueFd> open_write_through(const OutputTarget& resolved) {
  if (resolved.descriptor >= 0) {
    int fd = ::fcntl(resolved.descriptor, F_DUPFD_CLOEXEC, 3);
    if (fd < 0) return fail(path_error(errno, resolved.path, "cannot write to descriptor"));
    return UniqueFd(fd);
  }
  int fd = ::open(resolved.path.c_str(), O_WRONLY | O_CLOEXEC | O_NOCTTY);
  if (fd < 0 && errno == ENXIO) {
    return fail(Error(ErrorCategory::kInvalidArgument,
                      "is a socket or a device without a reader; gofer cannot write to it")
                    .with_subject(resolved.path.string()));
  }
  if (fd < 0) return fail(path_error(errno, resolved.path, "cannot open for writing"));
  return UniqueFd(fd);
}

}  // namespace

// No umask: the replaced file's permissions were chosen already.
Status keep_file_attributes(int fd, const struct stat& original,
                            const std::filesystem::path& target) {
  if (::fchmod(fd, original.st_mode & 07777) != 0) {
    return fail(path_error(errno, target, "cannot keep the file mode"));
  }
  if (::fchown(fd, original.st_uid, original.st_gid) != 0) {
    (void)::fchown(fd, static_cast<uid_t>(-1), original.st_gid);  // the group alone, if allowed
  }
  return {};
}

Result<OutputTarget> resolve_output(const std::filesystem::path& target) {
  if (target == "-") return OutputTarget{OutputKind::kStandardOutput, target, {}, -1};
  if (int fd = descriptor_named_by(target.native()); fd >= 0) {
    return OutputTarget{OutputKind::kWriteThrough, target, {}, fd};
  }
  struct stat status {};
  if (::stat(target.c_str(), &status) == 0) return resolve_existing(target, status);
  if (errno != ENOENT) return fail(path_error(errno, target, "cannot write"));
  GOFER_TRY_ASSIGN(std::filesystem::path created, follow_dangling_links(target));
  return OutputTarget{OutputKind::kReplace, created, {}, -1};
}

Result<OutputFile> OutputFile::open(const std::filesystem::path& target, mode_t new_mode) {
  GOFER_TRY_ASSIGN(OutputTarget resolved, resolve_output(target));
  OutputFile file(target, resolved.kind);
  if (resolved.kind == OutputKind::kWriteThrough) {
    GOFER_TRY_ASSIGN(file.through_, open_write_through(resolved));
  } else if (resolved.kind == OutputKind::kReplace) {
    GOFER_TRY_ASSIGN(AtomicFile atomic, AtomicFile::create(resolved.path, new_mode));
    if (resolved.existing) GOFER_TRY(keep_file_attributes(atomic.fd(), *resolved.existing, target));
    file.atomic_.emplace(std::move(atomic));
  }
  return file;
}

Status OutputFile::write(std::string_view data) {
  switch (kind_) {
    case OutputKind::kStandardOutput: write_stdout(data); return {};
    case OutputKind::kReplace: return atomic_->write(data);
    case OutputKind::kWriteThrough: break;
  }
  if (auto written = write_all(through_.get(), data); !written) {
    return fail(
        std::move(written.error()).with_context("cannot write").with_subject(target_.string()));
  }
  return {};
}

Status OutputFile::commit() {
  if (kind_ == OutputKind::kStandardOutput) return {};
  if (kind_ == OutputKind::kReplace) return atomic_->commit();
  if (!through_.valid()) return fail(ErrorCategory::kInternal, "output committed twice");
  // Pipes, terminals and /dev/null cannot be synced (EINVAL); a disk device can, and should be.
  if (::fsync(through_.get()) != 0 && errno != EINVAL && errno != EROFS && errno != ENOTSUP) {
    return fail(path_error(errno, target_, "cannot flush"));
  }
  if (::close(through_.release()) != 0) return fail(path_error(errno, target_, "cannot close"));
  return {};
}

int OutputFile::descriptor() const {
  if (kind_ == OutputKind::kStandardOutput) return STDOUT_FILENO;
  return through_.get();
}

void OutputFile::discard() {
  if (atomic_) atomic_->discard();
  through_.reset();
}

Status write_output_file(const std::filesystem::path& target, std::string_view content,
                         mode_t new_mode) {
  return write_whole(OutputFile::open(target, new_mode), content);
}

}  // namespace gofer
