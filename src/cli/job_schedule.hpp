// `gofer run --print-systemd` and `--print-cron`: scheduling a job with what the system has.
#pragma once

#include <filesystem>
#include <string>

#include "gofer/job/job.hpp"

namespace gofer::cli {

struct ScheduleTarget {
  std::filesystem::path gofer;      // absolute path of this binary
  std::filesystem::path job_file;   // absolute
  std::filesystem::path state_dir;  // absolute: where a lock and log go when the job has none
};

// A .service and a .timer, each after a "# NAME" line: Type=oneshot, OnCalendar=`calendar`,
// Persistent=true (a missed run happens at boot), RandomizedDelaySec (machines sharing a
// schedule do not all start at once), and a lock unless the job takes its own.
[[nodiscard]] std::string systemd_units(const job::JobFile& job, const ScheduleTarget& target,
                                        const std::string& calendar);
// One crontab line with --lock and --log-file set (unless the job sets its own lock and log).
[[nodiscard]] std::string crontab_line(const job::JobFile& job, const ScheduleTarget& target,
                                       const std::string& schedule);

// The lock file `lock = true` means: STATE/locks/NAME.lock.
[[nodiscard]] std::filesystem::path default_lock_path(const std::filesystem::path& state_dir,
                                                      const std::string& job_name);

}  // namespace gofer::cli
