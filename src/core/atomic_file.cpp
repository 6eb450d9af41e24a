// Temp-file + fsync + rename writer; see atomic_file.hpp.
#include "gofer/atomic_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <string>
#include <utility>

namespace gofer {
namespace {

mode_t current_umask() {
  // umask(2) can only be read by setting it; restore at once (single-threaded at startup
  // is not guaranteed, but every writer applies the same value back).
  mode_t mask = ::umask(022);
  ::umask(mask);
  return mask;
}

}  // namespace

AtomicFile::AtomicFile(std::filesystem::path target, std::filesystem::path temp_path,
                       UniqueFd fd)
    : target_(std::move(target)), temp_path_(std::move(temp_path)), fd_(std::move(fd)) {}

Result<AtomicFile> AtomicFile::create(std::filesystem::path target, mode_t mode) {
  std::filesystem::path directory = target.parent_path();
  if (directory.empty()) directory = ".";
  std::string pattern =
      (directory / ("." + target.filename().string() + ".gofer-tmp-XXXXXX")).string();
  int fd = ::mkostemp(pattern.data(), O_CLOEXEC);
  if (fd < 0) {
    return fail(Error::from_errno(errno)
                    .with_context("cannot create a temporary file in " + directory.string())
                    .with_subject(target.string()));
  }
  UniqueFd owned(fd);
  if (::fchmod(fd, mode & ~current_umask()) != 0) {
    int saved = errno;
    ::unlink(pattern.c_str());
    return fail(Error::from_errno(saved).with_context("cannot set file mode").with_subject(
        target.string()));
  }
  return AtomicFile(std::move(target), std::filesystem::path(pattern), std::move(owned));
}

// A moved-from writer must not delete the temp file the new owner is writing.
AtomicFile::AtomicFile(AtomicFile&& other) noexcept
    : target_(std::move(other.target_)),
      temp_path_(std::move(other.temp_path_)),
      fd_(std::move(other.fd_)),
      done_(std::exchange(other.done_, true)) {}

AtomicFile& AtomicFile::operator=(AtomicFile&& other) noexcept {
  if (this != &other) {
    discard();
    target_ = std::move(other.target_);
    temp_path_ = std::move(other.temp_path_);
    fd_ = std::move(other.fd_);
    done_ = std::exchange(other.done_, true);
  }
  return *this;
}

AtomicFile::~AtomicFile() { discard(); }

void AtomicFile::discard() {
  if (done_ || temp_path_.empty()) return;
  fd_.reset();
  ::unlink(temp_path_.c_str());
  done_ = true;
}

Status AtomicFile::write(std::string_view data) {
  if (auto written = write_all(fd_.get(), data); !written) {
    return fail(std::move(written.error())
                    .with_context("cannot write " + temp_path_.string())
                    .with_subject(target_.string()));
  }
  return {};
}

Status AtomicFile::commit() {
  auto failed = [this](const char* what) {
    Error error = Error::from_errno(errno);
    discard();
    return fail(std::move(error).with_context(what).with_subject(target_.string()));
  };
  if (done_) return fail(ErrorCategory::kInternal, "atomic file committed twice");
  if (::fsync(fd_.get()) != 0) return failed("cannot flush to disk");
  if (::close(fd_.release()) != 0) return failed("cannot close");
  if (::rename(temp_path_.c_str(), target_.c_str()) != 0) return failed("cannot replace");
  done_ = true;
  std::filesystem::path directory = target_.parent_path();
  // The rename is only durable once the directory entry is flushed too.
  return with_context(fsync_directory(directory.empty() ? "." : directory),
                      "cannot flush directory");
}

Status write_file_atomically(const std::filesystem::path& target, std::string_view content,
                             mode_t mode) {
  return write_whole(AtomicFile::create(target, mode), content);
}

}  // namespace gofer
