// curl's and wget's habits that cost nothing in `gofer fetch`: -L, -O, -s, -S, -f and `-C -`
// are accepted (each already is, or maps onto, what fetch does); what they cannot mean here
// fails with a one-line hint instead of an "unknown option".
#pragma once

#include <span>
#include <string>

#include <CLI/CLI.hpp>

#include "gofer/error.hpp"

namespace gofer::cli {

struct CurlHabitFlags {
  bool location = false;     // -L: redirects are always followed (up to --max-redirects)
  bool remote_name = false;  // -O: files are named from the URL by default
  bool silent = false;       // -s: = -q
  bool show_error = false;   // -S: errors always show, -q or not
  bool fail = false;         // -f: an HTTP error always fails its URL, and no file is written
  std::string continue_at;   // -C: only "-" (= -c: resume each NAME.part where it ends)
};

// Hidden from --help (it lists gofer's own spellings) but accepted.
void add_curl_habit_flags(CLI::App& app, CurlHabitFlags& flags);
// A usage error with a hint for what gofer cannot do: `-C OFFSET`, and wget's `-O FILE` (the
// FILE then stands where a URL should).
[[nodiscard]] Status check_curl_habit_flags(const CurlHabitFlags& flags,
                                            std::span<const std::string> urls);
// -C - asks for what -c does.
[[nodiscard]] inline bool resume_asked(const CurlHabitFlags& flags) {
  return flags.continue_at == "-";
}

}  // namespace gofer::cli
