// One step of a job file, as the command line would run it: checked against the command's
// CLI11 definition (same options, defaults, messages), then executed or previewed.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "command.hpp"
#include "gofer/job/job.hpp"

namespace gofer::cli {

// No count reported (csv check, sniff).
inline constexpr uint64_t kItemsUnknown = UINT64_MAX;

// Checks a step whose placeholders are resolved: the command exists and may be a step, every
// key is one of its long options (or its operands) with a value of the right type, and the
// whole argument list parses. Adds `--shard=JOB_SHARD` to commands that take --shard. Errors
// read FILE:LINE:COLUMN: ... (exit 2).
[[nodiscard]] Result<job::Step> check_step(const job::Step& step, std::string_view job_shard);

struct StepOutcome {
  ExitCode code = ExitCode::kOk;
  uint64_t items = kItemsUnknown;
  double seconds = 0;
  std::optional<Error> error;  // what made the step fail before or instead of its own exit code
  std::string command_line;    // "gofer fetch --input=urls.txt ...", for headers and logs
};

struct StepRun {
  const GlobalOptions& globals;
  bool color_stdout = false;
  bool color_stderr = false;
  bool dry_run = false;
};

// Expands the operand globs (now, after the earlier steps ran), parses the arguments and runs
// the command (or its preview). Never fails: a failure is the outcome's code and error.
[[nodiscard]] StepOutcome run_step(const job::Step& checked, const StepRun& run);

// "gofer csv normalize --out-dir=x -- a.csv": what a step runs, shell-quoted.
[[nodiscard]] std::string step_command_line(const job::Step& step);

}  // namespace gofer::cli
