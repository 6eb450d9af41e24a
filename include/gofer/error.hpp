// Error values: what failed, on which subject, why — with context added on the way up.
#pragma once

#include <expected>
#include <string>
#include <string_view>
#include <system_error>
#include <utility>
#include <vector>

#include <fmt/format.h>

namespace gofer {

// A small closed set, so callers can branch on the kind of failure (abseil Status style).
enum class ErrorCategory {
  kInvalidArgument,  // bad flag value, bad pattern: the user must change the command
  kNotFound,
  kAlreadyExists,
  kPermissionDenied,
  kIo,               // any other OS-level failure
  kInvalidData,      // malformed input file contents
  kConflict,         // a plan that cannot be carried out safely
  kBusy,             // a lock held by another run
  kNetwork,
  kTimeout,
  kHttp,
  kChecksum,
  kInterrupted,
  kUnsupported,
  kInternal,
};

[[nodiscard]] std::string_view to_string(ErrorCategory category);
[[nodiscard]] ErrorCategory category_from_errno(int errno_value);

class Error {
 public:
  Error(ErrorCategory category, std::string cause);

  // The leaf error for a failed system call: category from errno, cause = strerror text.
  [[nodiscard]] static Error from_errno(int errno_value);
  [[nodiscard]] static Error from_error_code(std::error_code code);

  // Builders used while the error bubbles up. Context added later renders further left.
  Error& with_subject(std::string subject) &;
  Error&& with_subject(std::string subject) &&;
  Error& with_context(std::string context) &;
  Error&& with_context(std::string context) &&;

  [[nodiscard]] ErrorCategory category() const { return category_; }
  [[nodiscard]] std::error_code code() const { return code_; }
  [[nodiscard]] const std::string& subject() const { return subject_; }
  [[nodiscard]] const std::string& cause() const { return cause_; }
  // Outermost context first.
  [[nodiscard]] std::vector<std::string> context_chain() const;
  [[nodiscard]] bool is_errno(int errno_value) const;

  // "subject: outer context: inner context: cause"
  [[nodiscard]] std::string message() const;

 private:
  ErrorCategory category_;
  std::error_code code_;
  std::string subject_;
  std::vector<std::string> contexts_;  // innermost first, as added
  std::string cause_;
};

template <class T>
using Result = std::expected<T, Error>;
using Status = std::expected<void, Error>;

[[nodiscard]] inline std::unexpected<Error> fail(ErrorCategory category, std::string cause) {
  return std::unexpected<Error>(Error(category, std::move(cause)));
}
[[nodiscard]] inline std::unexpected<Error> fail(Error error) {
  return std::unexpected<Error>(std::move(error));
}
[[nodiscard]] std::unexpected<Error> fail_errno(std::string_view subject);

// Adds a context line to a failed result and passes a successful one through, like Go's
// fmt.Errorf("context: %w", err).
template <class T>
[[nodiscard]] Result<T> with_context(Result<T>&& result, std::string context) {
  if (!result) result.error().with_context(std::move(context));
  return std::move(result);
}

}  // namespace gofer

#define GOFER_CONCAT_INNER(a, b) a##b
#define GOFER_CONCAT(a, b) GOFER_CONCAT_INNER(a, b)

// Returns the error of `expr` from the enclosing function (which must return a Result).
#define GOFER_TRY(expr)                                                     \
  do {                                                                      \
    if (auto gofer_try_result = (expr); !gofer_try_result) {               \
      return std::unexpected(std::move(gofer_try_result).error());          \
    }                                                                       \
  } while (false)

// `GOFER_TRY_ASSIGN(auto value, parse(x));` declares/assigns on success, returns on failure.
#define GOFER_TRY_ASSIGN(lhs, expr) \
  GOFER_TRY_ASSIGN_IMPL(GOFER_CONCAT(gofer_try_tmp_, __LINE__), lhs, expr)
#define GOFER_TRY_ASSIGN_IMPL(tmp, lhs, expr)          \
  auto tmp = (expr);                                   \
  if (!tmp) return std::unexpected(std::move(tmp).error()); \
  lhs = std::move(*tmp)

template <>
struct fmt::formatter<gofer::Error> : fmt::formatter<std::string_view> {
  auto format(const gofer::Error& error, fmt::format_context& ctx) const {
    return fmt::formatter<std::string_view>::format(error.message(), ctx);
  }
};
