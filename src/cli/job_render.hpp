// What `gofer run` prints: a step's result, and the job's summary table or JSON object.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "command.hpp"
#include "job_steps.hpp"

namespace gofer::cli {

struct StepReport {
  std::string name;
  std::string status;            // ok, partial, failed, refused, interrupted, timeout, skipped, ...
  std::optional<int> exit_code;  // none: the step did not run
  uint64_t items = kItemsUnknown;
  std::optional<double> seconds;
};

struct JobReport {
  std::string name;
  bool dry_run = false;
  std::vector<StepReport> steps;
  ExitCode code = ExitCode::kOk;
  double seconds = 0;
};

// The word for a step's exit code in the summary ("ok", "partial", "refused", ...).
[[nodiscard]] std::string status_of(ExitCode code, bool dry_run);

// --json: {"type":"step_result","step":...}; else nothing (the log lines said it).
void render_step_report(const StepReport& step, const GlobalOptions& globals);
// The summary table on stderr (unless -q), or with --json the counts of run's summary record.
void render_job_report(const JobReport& job, const Invocation& invocation);

}  // namespace gofer::cli
