// Error construction, errno mapping and rendering.
#include "gofer/error.hpp"

#include <cerrno>
#include <cstring>

namespace gofer {

std::string_view to_string(ErrorCategory category) {
  switch (category) {
    case ErrorCategory::kInvalidArgument: return "invalid argument";
    case ErrorCategory::kNotFound: return "not found";
    case ErrorCategory::kAlreadyExists: return "already exists";
    case ErrorCategory::kPermissionDenied: return "permission denied";
    case ErrorCategory::kIo: return "i/o error";
    case ErrorCategory::kInvalidData: return "invalid data";
    case ErrorCategory::kConflict: return "conflict";
    case ErrorCategory::kBusy: return "busy";
    case ErrorCategory::kNetwork: return "network error";
    case ErrorCategory::kTimeout: return "timeout";
    case ErrorCategory::kHttp: return "http error";
    case ErrorCategory::kChecksum: return "checksum mismatch";
    case ErrorCategory::kInterrupted: return "interrupted";
    case ErrorCategory::kUnsupported: return "unsupported";
    case ErrorCategory::kInternal: return "internal error";
  }
  return "unknown";
}

ErrorCategory category_from_errno(int errno_value) {
  switch (errno_value) {
    case ENOENT:
    case ENOTDIR: return ErrorCategory::kNotFound;
    case EISDIR: return ErrorCategory::kIo;  // an input that cannot be read, like ENOENT: exit 1
    case EEXIST:
    case ENOTEMPTY: return ErrorCategory::kAlreadyExists;
    case EACCES:
    case EPERM:
    case EROFS: return ErrorCategory::kPermissionDenied;
    case EWOULDBLOCK: return ErrorCategory::kBusy;
    case EINTR: return ErrorCategory::kInterrupted;
    case EINVAL:
    case ENAMETOOLONG:
    case ELOOP: return ErrorCategory::kInvalidArgument;
    case EXDEV:
    case ENOSYS:
    case EOPNOTSUPP: return ErrorCategory::kUnsupported;
    case ETIMEDOUT: return ErrorCategory::kTimeout;
    case ECONNREFUSED:
    case ECONNRESET:
    case EHOSTUNREACH:
    case ENETUNREACH: return ErrorCategory::kNetwork;
    default: return ErrorCategory::kIo;
  }
}

Error::Error(ErrorCategory category, std::string cause)
    : category_(category), cause_(std::move(cause)) {}

Error Error::from_errno(int errno_value) {
  Error error(category_from_errno(errno_value), std::strerror(errno_value));
  error.code_ = std::error_code(errno_value, std::generic_category());
  return error;
}

Error Error::from_error_code(std::error_code code) {
  if (code.category() == std::generic_category() || code.category() == std::system_category()) {
    return from_errno(code.value());
  }
  Error error(ErrorCategory::kIo, code.message());
  error.code_ = code;
  return error;
}

Error& Error::with_subject(std::string subject) & {
  subject_ = std::move(subject);
  return *this;
}
Error&& Error::with_subject(std::string subject) && {
  subject_ = std::move(subject);
  return std::move(*this);
}
Error& Error::with_context(std::string context) & {
  contexts_.push_back(std::move(context));
  return *this;
}
Error&& Error::with_context(std::string context) && {
  contexts_.push_back(std::move(context));
  return std::move(*this);
}

std::vector<std::string> Error::context_chain() const {
  return {contexts_.rbegin(), contexts_.rend()};
}

bool Error::is_errno(int errno_value) const {
  return code_ == std::error_code(errno_value, std::generic_category());
}

std::string Error::message() const {
  std::string text;
  if (!subject_.empty()) text += subject_ + ": ";
  for (auto it = contexts_.rbegin(); it != contexts_.rend(); ++it) text += *it + ": ";
  text += cause_;
  return text;
}

std::unexpected<Error> fail_errno(std::string_view subject) {
  int saved = errno;
  return std::unexpected<Error>(Error::from_errno(saved).with_subject(std::string(subject)));
}

}  // namespace gofer
