// Fuzz target for the job file reader (`gofer run JOB.toml`): any text is a job or an error
// that points into the file, never a crash. A job that parses has steps with unique names,
// and resolving its placeholders and building its command lines either works or fails cleanly.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <set>
#include <string>
#include <string_view>

#include "gofer/job/arguments.hpp"
#include "gofer/job/job.hpp"

namespace {

// An environment with one variable, so {env:HOME} resolves and {env:X:-d} takes its default.
const char* fake_environment(const char* name) {
  return std::string_view(name) == "HOME" ? "/home/fuzz" : nullptr;
}

void check_job(const gofer::job::JobFile& job) {
  if (job.steps.empty() || job.job.name.empty()) std::abort();
  std::set<std::string> names;
  for (const auto& step : job.steps) {
    if (step.command.empty() || !names.insert(step.name).second) std::abort();
  }
  // 2026-11-28 12:00 UTC: a fixed start keeps runs reproducible.
  auto context = gofer::job::make_placeholder_context(job, 1'795'867'200, fake_environment);
  if (!context) return;
  for (const auto& step : job.steps) {
    auto resolved = gofer::job::resolve_step(step, *context);
    if (!resolved) continue;
    auto arguments = gofer::job::step_arguments(*resolved);
    if (arguments.size() < resolved->command.size()) std::abort();
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > gofer::job::kMaxJobFileBytes) return 0;  // read_job_file refuses these
  std::string_view text(reinterpret_cast<const char*>(data), size);
  if (auto job = gofer::job::parse_job_text(text, "fuzz.toml")) check_job(*job);
  (void)gofer::job::parse_duration(text.substr(0, 64));
  return 0;
}
