// Unit files and crontab lines for a job; see job_schedule.hpp.
#include "job_schedule.hpp"

#include <cctype>
#include <vector>

#include <fmt/format.h>

namespace gofer::cli {
namespace {

// Spreads machines that share a calendar; systemd's own example value.
constexpr std::string_view kRandomizedDelay = "15min";

// A job name as a file name: [A-Za-z0-9._-], anything else '_'.
std::string file_safe(const std::string& name) {
  std::string out;
  for (char c : name) {
    bool safe =
        std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '.' || c == '_' || c == '-';
    out += safe ? c : '_';
  }
  return out.empty() || out[0] == '.' ? "_" + out : out;
}

// systemd's ExecStart= quoting: double quotes, backslash escapes, '%' doubled (specifiers).
std::string systemd_quote(const std::string& word) {
  std::string out = "\"";
  for (char c : word) {
    if (c == '"' || c == '\\') out += '\\';
    out += c == '%' ? std::string("%%") : std::string(1, c);
  }
  return out + "\"";
}

// POSIX sh single quotes; cron also reads an unescaped '%' as a newline.
std::string cron_quote(const std::string& word) {
  std::string out = "'";
  for (char c : word) {
    if (c == '\'')
      out += "'\\''";
    else if (c == '%')
      out += "\\%";
    else
      out += c;
  }
  return out + "'";
}

std::vector<std::string> run_arguments(const job::JobFile& job, const ScheduleTarget& target,
                                       bool with_log) {
  std::vector<std::string> args{target.gofer.string(), "run"};
  if (!job.job.lock) {
    args.insert(args.end(), {"--lock", default_lock_path(target.state_dir, job.job.name).string()});
  }
  if (with_log && job.job.log.empty()) {
    std::string log = (target.state_dir / "logs" / (file_safe(job.job.name) + ".log")).string();
    args.insert(args.end(), {"--log-file", log});
  }
  args.push_back(target.job_file.string());
  return args;
}

}  // namespace

std::filesystem::path default_lock_path(const std::filesystem::path& state_dir,
                                        const std::string& job_name) {
  return state_dir / "locks" / (file_safe(job_name) + ".lock");
}

std::string systemd_units(const job::JobFile& job, const ScheduleTarget& target,
                          const std::string& calendar) {
  std::string unit = "gofer-" + file_safe(job.job.name);
  std::string exec;
  for (const std::string& arg : run_arguments(job, target, false)) {
    exec += (exec.empty() ? "" : " ") + systemd_quote(arg);
  }
  if (!job.job.lock) {  // --lock does not create its directory (a mistyped path must fail)
    std::string locks = default_lock_path(target.state_dir, job.job.name).parent_path().string();
    exec = fmt::format("/bin/mkdir -p {}\nExecStart={}", systemd_quote(locks), exec);
    exec = "ExecStartPre=" + exec;
  } else {
    exec = "ExecStart=" + exec;
  }
  return fmt::format(R"(# {0}.service
[Unit]
Description=gofer job {1}
Wants=network-online.target
After=network-online.target

[Service]
Type=oneshot
{2}
# 75: an earlier run still holds the job's lock; this one skipped, nothing failed
SuccessExitStatus=75

# {0}.timer
[Unit]
Description=Schedule of gofer job {1}

[Timer]
OnCalendar={3}
Persistent=true
RandomizedDelaySec={4}

[Install]
WantedBy=timers.target
)",
                     unit, job.job.name, exec, calendar, kRandomizedDelay);
}

std::string crontab_line(const job::JobFile& job, const ScheduleTarget& target,
                         const std::string& schedule) {
  std::string line = schedule;
  for (const std::string& arg : run_arguments(job, target, true)) line += " " + cron_quote(arg);
  std::vector<std::string> dirs;
  if (!job.job.lock) dirs.push_back(cron_quote((target.state_dir / "locks").string()));
  if (job.job.log.empty()) dirs.push_back(cron_quote((target.state_dir / "logs").string()));
  std::string prepare = dirs.empty() ? ""
                                     : fmt::format("# once, before the first run: mkdir -p {}\n",
                                                   fmt::join(dirs, " "));
  return prepare + line + "\n";
}

}  // namespace gofer::cli
