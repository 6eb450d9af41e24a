// From a job's steps to command lines: placeholders, globs, and the argument list itself.
#pragma once

#include <ctime>
#include <string>
#include <string_view>
#include <vector>

#include "gofer/error.hpp"
#include "gofer/job/job.hpp"
#include "gofer/shard.hpp"

namespace gofer::job {

// What placeholders resolve to: {job}, {date:FMT}, {time:FMT} (strftime of the run's start in
// local time, so TZ applies), {env:NAME}, {env:NAME:-default}, and the job's vars.
struct PlaceholderContext {
  std::string job;
  std::time_t start = 0;
  std::vector<JobVariable> vars;  // resolved values
  EnvironmentLookup env;
};

// Resolves the job's placeholders in `text`. Braces that are no placeholder of gofer run (a
// rename template's {n:03}, a regex's {2,3}) pass through unchanged; a '{' opening a name that
// never closes is an error.
[[nodiscard]] Result<std::string> expand_placeholders(std::string_view text,
                                                      const PlaceholderContext& context);
// The context of one run: the job's name and vars resolved in file order (errors point at the var).
[[nodiscard]] Result<PlaceholderContext> make_placeholder_context(const JobFile& job,
                                                                  std::time_t start,
                                                                  EnvironmentLookup env);

// The step with every placeholder resolved (errors point at the option).
[[nodiscard]] Result<Step> resolve_step(const Step& step, const PlaceholderContext& context);
// Expands the globs of a step's operands (inputs, paths, urls), in the current directory, when
// the step starts; a glob that matches nothing is an error, unless `unmatched` collects such
// globs instead (a dry run: an earlier step may be what makes the files).
[[nodiscard]] Result<Step> expand_operand_globs(const Step& step,
                                                std::vector<std::string>* unmatched = nullptr);

// The command line a step means, without the leading "gofer": the command words, then
// `--name` for a true flag (nothing for false), `--name=value` for each value, then `--` and
// the operands.
[[nodiscard]] std::vector<std::string> step_arguments(const Step& step);

}  // namespace gofer::job
