// Runnable tasks now (/proc/loadavg), with the load average where /proc is missing.
#include "gofer/cpu_load.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <charconv>
#include <cstdlib>

namespace gofer {

std::optional<size_t> parse_running_tasks(std::string_view loadavg_line) {
  // Three load averages, then "running/total".
  size_t at = 0;
  for (int field = 0; field < 3; ++field) {
    at = loadavg_line.find(' ', at);
    if (at == std::string_view::npos) return std::nullopt;
    ++at;
  }
  size_t running = 0;
  auto [end, error] =
      std::from_chars(loadavg_line.data() + at, loadavg_line.data() + loadavg_line.size(), running);
  if (error != std::errc() || end == loadavg_line.data() + loadavg_line.size() || *end != '/') {
    return std::nullopt;
  }
  return running;
}

namespace {

std::optional<size_t> running_tasks_from_proc() {
  int fd = ::open("/proc/loadavg", O_RDONLY | O_CLOEXEC);
  if (fd < 0) return std::nullopt;
  char buffer[128];
  ssize_t size = ::read(fd, buffer, sizeof buffer);
  ::close(fd);
  if (size <= 0) return std::nullopt;
  return parse_running_tasks(std::string_view(buffer, static_cast<size_t>(size)));
}

}  // namespace

std::optional<double> other_runnable_tasks() {
  // The 1-minute average lags: a job run right after another (a script, a benchmark) would
  // see its predecessor's load and go serial on idle cores. The instant count does not.
  if (auto running = running_tasks_from_proc()) {
    return static_cast<double>(*running > 0 ? *running - 1 : 0);  // less the caller itself
  }
  double load = 0;
  if (::getloadavg(&load, 1) == 1) return load;
  return std::nullopt;
}

}  // namespace gofer
