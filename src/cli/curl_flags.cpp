// curl/wget spellings accepted by `gofer fetch` (see curl_flags.hpp).
#include "curl_flags.hpp"

#include <fmt/format.h>

#include "command.hpp"

namespace gofer::cli {

void add_curl_habit_flags(CLI::App& app, CurlHabitFlags& f) {
  // group(""): hidden from --help and completions; these spell what fetch already does.
  app.add_flag("-L,--location", f.location, "curl: follow redirects (always done)")->group("");
  app.add_flag("-O,--remote-name", f.remote_name, "curl: name from the URL (the default)")
      ->group("");
  app.add_flag("-s,--silent", f.silent, "curl: = -q")->group("");
  app.add_flag("-S,--show-error", f.show_error, "curl: errors show anyway")->group("");
  app.add_flag("-f,--fail", f.fail, "curl: HTTP errors fail anyway")->group("");
  app.add_option("-C,--continue-at", f.continue_at, "curl: '-C -' = -c")->group("");
}

Status check_curl_habit_flags(const CurlHabitFlags& f, std::span<const std::string> urls) {
  if (!f.continue_at.empty() && f.continue_at != "-") {
    return fail(
        usage(fmt::format("-C {}: only '-C -' (= -c) is supported: it resumes each "
                          "NAME.part where it ends; a byte offset cannot be given",
                          f.continue_at)));
  }
  if (!f.remote_name) return {};
  for (const std::string& url : urls) {
    if (url.find("://") != std::string::npos) continue;
    return fail(
        usage(fmt::format("-O takes no value (as in curl: the name comes from the URL, "
                          "the default); to name the file '{}', use -o {} (wget's -O)",
                          url, url)));
  }
  return {};
}

}  // namespace gofer::cli
