// stdout and stderr as cron sees them: on a disk that fills up, or closed by the caller.
// coreutils' close_stdout convention: a failed write or close of stdout is an error of the
// run; a failed write to stderr is ignored, because diagnostics must never stop the work.
#pragma once

#include <string>
#include <string_view>
#include <utility>

#include <fmt/format.h>

#include "gofer/error.hpp"

namespace gofer {

// Call first thing. A closed descriptor 0, 1 or 2 gets /dev/null opened on it in the wrong
// direction (stdout read-only), so that no file gofer opens later takes that number and
// receives output meant for the terminal, while writes to it still fail with EBADF.
void guard_standard_descriptors();

// Appends to stdout's stdio buffer; a failure is kept for finish_stdout().
void write_stdout(std::string_view text);

// Pushes stdout's buffer out now (streamed JSON lines, a finished preview); a failure is kept.
void flush_stdout();

// Writes to stderr and ignores any failure (full disk, closed descriptor).
void write_stderr(std::string_view text) noexcept;

// Flushes and closes stdout. Fails when any earlier write to it failed, naming the cause.
[[nodiscard]] Status finish_stdout();

template <typename... Args>
void print_out(fmt::format_string<Args...> format, Args&&... args) {
  write_stdout(fmt::format(format, std::forward<Args>(args)...));
}

template <typename... Args>
void print_err(fmt::format_string<Args...> format, Args&&... args) noexcept {
  try {
    write_stderr(fmt::format(format, std::forward<Args>(args)...));
  } catch (...) {  // only std::bad_alloc can get here; a diagnostic is not worth a crash
  }
}

}  // namespace gofer
