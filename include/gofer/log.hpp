// Diagnostics on stderr (and optionally a log file) through spdlog.
#pragma once

#include <string>

#include "gofer/error.hpp"

namespace gofer {

struct LogOptions {
  int verbosity = 0;   // -v count
  bool quiet = false;  // -q: errors only
  std::string log_file;  // --log-file: append timestamped lines
  std::string context;   // `gofer run`: the step's name, put on each log file line
};

// Replaces the default logger. Lines on stderr read "gofer: message"; the file sink adds a
// timestamp and level, and always records at least info so cron runs leave a trail.
[[nodiscard]] Status setup_logging(const LogOptions& options);
// -q after the fact, for a command's own spelling of it (fetch -s, as curl's): stderr then
// shows errors only; the log file keeps its level.
void quiet_stderr_logging();

}  // namespace gofer
