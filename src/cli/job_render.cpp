// Rendering of `gofer run`'s step results and job summary.
#include "job_render.hpp"

#include <algorithm>
#include <cstdio>

#include <fmt/format.h>

#include "gofer/json_lines.hpp"
#include "gofer/std_streams.hpp"
#include "gofer/terminal.hpp"
#include "json_report.hpp"

namespace gofer::cli {
namespace {

nlohmann::json step_json(const StepReport& step) {
  // What a step that did not run cannot have is left out, never null.
  nlohmann::json object{{"step", step.name}, {"status", step.status}};
  if (step.exit_code) object["exit_code"] = *step.exit_code;
  if (step.items != kItemsUnknown) object["items"] = step.items;
  if (step.seconds) object["seconds"] = *step.seconds;
  return object;
}

}  // namespace

std::string status_of(ExitCode code, bool dry_run) {
  // A dry run cannot always preview a step: its inputs may be what earlier steps make.
  if (dry_run && code != ExitCode::kOk) return "no preview";
  switch (code) {
    case ExitCode::kOk: return dry_run ? "previewed" : "ok";
    case ExitCode::kPartialFailure: return "failed";
    case ExitCode::kUsage: return "usage error";
    case ExitCode::kRefused: return "refused";
    case ExitCode::kLockHeld: return "locked";
    case ExitCode::kTimeout: return "timeout";
    case ExitCode::kInterrupted: return "interrupted";
    case ExitCode::kTerminated: return "terminated";
  }
  return "failed";
}

void render_step_report(const StepReport& step, const GlobalOptions& globals) {
  if (!globals.json) return;
  nlohmann::json object = step_json(step);
  object["type"] = "step_result";
  JsonLinesWriter(stdout).write(object);
}

void render_job_report(const JobReport& job, const Invocation& invocation) {
  const GlobalOptions& globals = invocation.globals;
  if (globals.json) {
    nlohmann::json steps = nlohmann::json::array();
    for (const StepReport& step : job.steps) steps.push_back(step_json(step));
    add_summary_counts(invocation, {{"job", job.name},
                                    {"dry_run", job.dry_run},
                                    {"status", status_of(job.code, job.dry_run)},
                                    {"steps", steps}});
    return;
  }
  if (globals.quiet) return;
  size_t width = 4;
  for (const StepReport& step : job.steps) width = std::max(width, step.name.size());
  std::string table = fmt::format("{:<{}}  {:<11}  {:>4}  {:>8}  {:>8}\n", "step", width, "status",
                                  "exit", "items", "seconds");
  for (const StepReport& step : job.steps) {
    table += fmt::format("{:<{}}  {:<11}  {:>4}  {:>8}  {:>8}\n", escape_for_terminal(step.name),
                         width, step.status, step.exit_code ? std::to_string(*step.exit_code) : "-",
                         step.items == kItemsUnknown ? "-" : std::to_string(step.items),
                         step.seconds ? fmt::format("{:.2f}", *step.seconds) : "-");
  }
  table += fmt::format("job {}: {} (exit {}) in {:.2f} s\n", escape_for_terminal(job.name),
                       status_of(job.code, job.dry_run), to_int(job.code), job.seconds);
  write_stderr(table);
}

}  // namespace gofer::cli
