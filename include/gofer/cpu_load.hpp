// How busy the CPUs are right now, for choosing how many threads a job should start.
#pragma once

#include <cstddef>
#include <optional>
#include <string_view>

namespace gofer {

// Tasks other than the caller that are running or waiting for a CPU at this moment: Linux's
// /proc/loadavg "running/total" count less the calling thread. Where there is no /proc, the
// 1-minute load average (which also counts the recent past); nullopt if neither is known.
[[nodiscard]] std::optional<double> other_runnable_tasks();

// The running count of a /proc/loadavg line ("0.50 0.40 0.30 3/120 4567" -> 3).
[[nodiscard]] std::optional<size_t> parse_running_tasks(std::string_view loadavg_line);

}  // namespace gofer
