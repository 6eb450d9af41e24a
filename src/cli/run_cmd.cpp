// `gofer run JOB.toml`: a job file's steps in order, under one lock and one log, with a
// dry run, a check, a summary, pings and a timeout.
#include "run_cmd.hpp"

#include <unistd.h>

#include <chrono>
#include <condition_variable>
#include <cstdlib>
#include <ctime>
#include <mutex>
#include <optional>
#include <thread>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "gofer/fs.hpp"
#include "gofer/job/arguments.hpp"
#include "gofer/json_lines.hpp"
#include "gofer/lock.hpp"
#include "gofer/log.hpp"
#include "gofer/shard.hpp"
#include "gofer/signals.hpp"
#include "gofer/std_streams.hpp"
#include "gofer/terminal.hpp"
#include "job_ping.hpp"
#include "job_render.hpp"
#include "job_schedule.hpp"
#include "job_steps.hpp"
#include "json_report.hpp"
#include "plural.hpp"

namespace gofer::cli {

const std::string_view kRunExamples = R"(Examples:
  gofer run --check nightly.toml                 validate a job file (CI of job repositories)
  gofer run --dry-run nightly.toml               what each step would do; writes and fetches nothing
  gofer run nightly.toml                         run the steps in order, then a summary table
  gofer run --print-cron '15 2 * * *' nightly.toml    a crontab line with --lock and --log-file
  gofer run --print-systemd --on-calendar daily nightly.toml   a .service + .timer pair

Exit codes: 0 all steps ok; the first failing step's code (on_failure = "stop"); 1 when a step
failed with on_failure = "continue"; 2 bad job file (nothing ran); 75 the job's lock is held;
124 the job's timeout passed; 130 interrupted.)";

namespace {

struct RunFlags {
  std::string job_file;
  bool dry_run = false, check = false, print_systemd = false;
  std::string on_calendar = "daily", print_cron;
};

// `[job] timeout`: when it passes, the job stops the way Ctrl-C stops it (the step in flight
// finishes or rolls back its item), and the run exits 124.
class Deadline {
 public:
  explicit Deadline(double seconds)
      : thread_([this, seconds](std::stop_token stop) {
          std::mutex mutex;
          std::condition_variable_any wake;
          std::unique_lock lock(mutex);
          auto duration = std::chrono::duration<double>(seconds);
          wake.wait_for(lock, stop, duration, [] { return false; });
          if (stop.stop_requested()) return;
          fired_ = true;
          request_stop();
        }) {}
  [[nodiscard]] bool fired() const { return fired_; }

 private:
  std::atomic<bool> fired_{false};
  std::jthread thread_;  // last: joined (and stopped) before fired_ goes away
};

struct JobRun {
  job::JobFile job;
  std::vector<job::Step> steps;  // resolved and checked
  job::PlaceholderContext context;
  std::optional<Shard> shard;  // `[job] shard`, resolved (not for --check: CI has no array job)
};

Result<JobRun> load_job(const std::string& path, bool resolve_shard_now) {
  JobRun run;
  GOFER_TRY_ASSIGN(run.job, job::read_job_file(path));
  GOFER_TRY_ASSIGN(run.context,
                   job::make_placeholder_context(run.job, std::time(nullptr), &std::getenv));
  auto shard = job::expand_placeholders(run.job.job.shard, run.context);
  if (!shard) return fail(job::error_at(run.job.job.position, "shard: " + shard.error().message()));
  if (resolve_shard_now && !shard->empty()) {
    auto resolved = resolve_shard(*shard, &std::getenv);
    if (!resolved) return fail(job::error_at(run.job.job.position, resolved.error().message()));
    run.shard = *resolved;
  }
  for (const job::Step& step : run.job.steps) {
    GOFER_TRY_ASSIGN(job::Step resolved, job::resolve_step(step, run.context));
    GOFER_TRY_ASSIGN(job::Step checked, check_step(resolved, *shard));
    run.steps.push_back(std::move(checked));
  }
  return run;
}

std::filesystem::path absolute_path(const std::filesystem::path& path) {
  std::error_code ignored;
  return path.empty() ? path : std::filesystem::absolute(path, ignored);
}

class RunCommand final : public Command {
 public:
  void configure(CLI::App& app) override;
  Result<ExitCode> execute(const Invocation& invocation) override;

 private:
  Result<ExitCode> print_schedule(const job::JobFile& job, const Invocation& invocation);
  Result<std::optional<LockFile>> take_lock(const JobRun& run, const GlobalOptions& globals);
  Result<std::string> log_file(const JobRun& run, const GlobalOptions& globals);
  JobReport run_steps(const JobRun& run, const Invocation& invocation, const GlobalOptions& globals,
                      const std::string& log);
  RunFlags flags_;
};

Result<ExitCode> RunCommand::print_schedule(const job::JobFile& job, const Invocation& invocation) {
  std::error_code error;
  ScheduleTarget target{
      std::filesystem::read_symlink("/proc/self/exe", error), absolute_path(flags_.job_file), {}};
  if (error) target.gofer = "gofer";  // no /proc (macOS): rely on PATH
  GOFER_TRY_ASSIGN(std::filesystem::path state, state_directory(invocation.globals.state_dir));
  target.state_dir = absolute_path(state);
  std::string text = flags_.print_systemd ? systemd_units(job, target, flags_.on_calendar)
                                          : crontab_line(job, target, flags_.print_cron);
  if (invocation.globals.json) {
    JsonLinesWriter(stdout).write({{"type", "schedule"},
                                   {"format", flags_.print_systemd ? "systemd" : "cron"},
                                   {"text", text}});
  } else {
    print_out("{}", text);
  }
  return ExitCode::kOk;
}

// `lock = true` locks STATE/locks/NAME.lock; `lock = "PATH"` that file. A lock already taken
// with --lock on the same file is not taken twice (flock would refuse our own second open).
Result<std::optional<LockFile>> RunCommand::take_lock(const JobRun& run,
                                                      const GlobalOptions& globals) {
  if (!run.job.job.lock) return std::optional<LockFile>();
  std::filesystem::path path;
  if (!run.job.job.lock_path.empty()) {
    GOFER_TRY_ASSIGN(std::string expanded,
                     job::expand_placeholders(run.job.job.lock_path, run.context));
    path = absolute_path(expanded);
  } else {
    GOFER_TRY_ASSIGN(std::filesystem::path state, state_directory(globals.state_dir));
    // Tasks of one array job share the job's name (and often the state directory, on NFS):
    // each shard locks its own file, so they exclude only a second copy of themselves.
    std::string name = run.job.job.name;
    if (run.shard) name += fmt::format(".shard-{}-of-{}", run.shard->index + 1, run.shard->count);
    path = default_lock_path(absolute_path(state), name);
    GOFER_TRY(make_directories(path.parent_path()));
  }
  if (path == absolute_path(globals.lock_file)) return std::optional<LockFile>();
  GOFER_TRY_ASSIGN(LockFile lock, LockFile::acquire(path));
  return std::optional<LockFile>(std::move(lock));
}

// --log-file wins over `[job] log`; both are appended to with the step's name on each line.
Result<std::string> RunCommand::log_file(const JobRun& run, const GlobalOptions& globals) {
  if (!globals.log_file.empty()) return globals.log_file;
  if (run.job.job.log.empty()) return std::string();
  GOFER_TRY_ASSIGN(std::string log, job::expand_placeholders(run.job.job.log, run.context));
  return absolute_path(log).string();
}

JobReport RunCommand::run_steps(const JobRun& run, const Invocation& invocation,
                                const GlobalOptions& globals, const std::string& log) {
  auto started = std::chrono::steady_clock::now();
  std::optional<Deadline> deadline;
  if (run.job.job.timeout_seconds && !flags_.dry_run)
    deadline.emplace(*run.job.job.timeout_seconds);
  JobReport report{run.job.job.name, flags_.dry_run, {}, ExitCode::kOk, 0};
  std::optional<ExitCode> first_failure;
  bool stopped = false;
  StepRun step_run{globals, invocation.color_stdout, invocation.color_stderr, flags_.dry_run};
  for (size_t i = 0; i < run.steps.size(); ++i) {
    const job::Step& step = run.steps[i];
    if (stopped) {
      report.steps.push_back({step.name, "skipped", std::nullopt, kItemsUnknown, std::nullopt});
      continue;
    }
    (void)setup_logging({globals.verbosity, globals.quiet, log, step.name});
    spdlog::info("step {}/{} {}: {}", i + 1, run.steps.size(), step.name, step_command_line(step));
    StepOutcome outcome = run_step(step, step_run);
    if (outcome.error) {
      spdlog::error("{}: {}", fmt::join(step.command, " "), outcome.error->message());
    }
    ExitCode code = outcome.code;
    if (stop_requested())
      code = deadline && deadline->fired() ? ExitCode::kTimeout : interrupted_exit_code();
    StepReport step_report{step.name, status_of(code, flags_.dry_run), to_int(code), outcome.items,
                           outcome.seconds};
    spdlog::info("step {}: {} (exit {}) in {:.2f} s", step.name, step_report.status, to_int(code),
                 outcome.seconds);
    render_step_report(step_report, globals);
    report.steps.push_back(std::move(step_report));
    if (code == ExitCode::kTimeout || code == ExitCode::kInterrupted ||
        code == ExitCode::kTerminated) {
      report.code = code;
      stopped = true;
    } else if (code != ExitCode::kOk && !flags_.dry_run) {
      if (!first_failure) first_failure = code;
      stopped = run.job.job.on_failure == job::OnFailure::kStop;
    }
  }
  (void)setup_logging({globals.verbosity, globals.quiet, log, ""});
  if (report.code == ExitCode::kOk && first_failure) {
    report.code = run.job.job.on_failure == job::OnFailure::kStop ? *first_failure
                                                                  : ExitCode::kPartialFailure;
  }
  report.seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return report;
}

Result<ExitCode> RunCommand::execute(const Invocation& invocation) {
  if (flags_.print_systemd || !flags_.print_cron.empty()) {
    GOFER_TRY_ASSIGN(job::JobFile job, job::read_job_file(flags_.job_file));
    return print_schedule(job, invocation);
  }
  GOFER_TRY_ASSIGN(JobRun run, load_job(flags_.job_file, !flags_.check));
  if (flags_.check) {
    add_summary_counts(invocation,
                       {{"job", run.job.job.name}, {"checked_steps", run.steps.size()}});
    if (!invocation.globals.quiet) {
      print_err("{}: job '{}' is valid: {}\n", escape_for_terminal(flags_.job_file),
                escape_for_terminal(run.job.job.name), counted(run.steps.size(), "step"));
    }
    return ExitCode::kOk;
  }
  // Paths given on the command line keep meaning what they meant where gofer was started.
  GlobalOptions globals = invocation.globals;
  globals.state_dir = absolute_path(globals.state_dir).string();
  globals.log_file = absolute_path(globals.log_file).string();
  globals.lock_file = absolute_path(globals.lock_file).string();
  // Relative paths in a job are relative to its file, so cron's working directory is moot.
  std::filesystem::path directory = absolute_path(flags_.job_file).parent_path();
  if (::chdir(directory.c_str()) != 0) return fail_errno(directory.string());
  if (flags_.dry_run) {
    JobReport report = run_steps(run, invocation, globals, globals.log_file);
    render_job_report(report, invocation);
    return report.code;
  }
  GOFER_TRY_ASSIGN(std::optional<LockFile> lock, take_lock(run, globals));
  GOFER_TRY_ASSIGN(std::string log, log_file(run, globals));
  if (auto logging = setup_logging({globals.verbosity, globals.quiet, log, ""}); !logging) {
    // As for --log-file: a log that cannot be opened is a mistake in the job, before any step.
    return fail(Error(ErrorCategory::kInvalidArgument, logging.error().message()));
  }
  spdlog::info("job {} started ({})", run.job.job.name, counted(run.steps.size(), "step"));
  if (!run.job.job.ping.empty()) send_ping(run.job.job.ping + "/start", "start");
  JobReport report = run_steps(run, invocation, globals, log);
  spdlog::info("job {}: {} (exit {}) in {:.2f} s", report.name, status_of(report.code, false),
               to_int(report.code), report.seconds);
  render_job_report(report, invocation);
  if (!run.job.job.ping.empty()) {
    bool ok = report.code == ExitCode::kOk;
    send_ping(run.job.job.ping + (ok ? "" : "/fail"), ok ? "success" : "failure");
  }
  return report.code;
}

void RunCommand::configure(CLI::App& app) {
  RunFlags& f = flags_;
  app.add_option("job", f.job_file, "The job file (TOML): [job] settings and [[step]] tables")
      ->required()
      ->type_name("JOB.toml");
  app.add_flag(
      "-n,--dry-run", f.dry_run,
      "Resolve every placeholder and show what each step would do; write and fetch nothing");
  app.add_flag("--check", f.check,
               "Only validate the job file (exit 0, or 2 with file:line:column)");
  app.add_flag("--print-systemd", f.print_systemd, "Print a .service and .timer pair for this job");
  app.add_option("--on-calendar", f.on_calendar,
                 "With --print-systemd: systemd calendar expression (default daily)")
      ->type_name("SPEC");
  app.add_option("--print-cron", f.print_cron,
                 "Print a crontab line running this job on SCHEDULE, e.g. '15 2 * * *'")
      ->type_name("SCHEDULE");
}

}  // namespace

std::unique_ptr<Command> make_run_command() { return std::make_unique<RunCommand>(); }

}  // namespace gofer::cli
