// A job step -> its command line: placeholders resolved, operand globs expanded, arguments.
#include <glob.h>

#include <fmt/format.h>

#include "gofer/job/arguments.hpp"

namespace gofer::job {
namespace {

bool has_glob_characters(std::string_view text) { return text.find_first_of("*?[") != text.npos; }

// glob(3) sorts its matches, so every run (and every shard) sees the same list.
Result<std::vector<std::string>> expand_glob(const std::string& pattern) {
  glob_t matches{};
  int status = ::glob(pattern.c_str(), 0, nullptr, &matches);
  std::vector<std::string> paths;
  // Element by element, not assign(gl_pathv, ...): GCC 12 at -O3 cannot see that gl_pathv is
  // non-null here and fails -Werror=null-dereference in the static build.
  for (size_t i = 0; status == 0 && matches.gl_pathv != nullptr && i < matches.gl_pathc; ++i) {
    paths.emplace_back(matches.gl_pathv[i]);
  }
  ::globfree(&matches);
  if (status == GLOB_NOMATCH || (status == 0 && paths.empty())) {
    return fail(ErrorCategory::kNotFound, fmt::format("'{}' matched nothing", pattern));
  }
  if (status != 0) return fail(ErrorCategory::kIo, fmt::format("cannot expand '{}'", pattern));
  return paths;
}

}  // namespace

Error error_at(const SourcePosition& position, std::string_view message) {
  return Error(ErrorCategory::kInvalidArgument,
               fmt::format("{}:{}:{}: {}", position.file, position.line, position.column, message));
}

Result<Step> resolve_step(const Step& step, const PlaceholderContext& context) {
  Step resolved = step;
  for (StepOption& option : resolved.options) {
    for (std::string& value : option.values) {
      auto expanded = expand_placeholders(value, context);
      if (!expanded) {
        return fail(error_at(option.position, fmt::format("step '{}': '{}': {}", step.name,
                                                          option.key, expanded.error().message())));
      }
      value = std::move(*expanded);
    }
  }
  return resolved;
}

Result<Step> expand_operand_globs(const Step& step, std::vector<std::string>* unmatched) {
  Step expanded = step;
  for (StepOption& option : expanded.options) {
    if (!option.positional) continue;
    std::vector<std::string> values;
    for (const std::string& value : option.values) {
      if (!has_glob_characters(value)) {
        values.push_back(value);
        continue;
      }
      auto matches = expand_glob(value);
      if (!matches && unmatched != nullptr &&
          matches.error().category() == ErrorCategory::kNotFound) {
        unmatched->push_back(value);
        continue;
      }
      if (!matches) return fail(std::move(matches.error()).with_context(option.key));
      values.insert(values.end(), matches->begin(), matches->end());
    }
    option.values = std::move(values);
  }
  return expanded;
}

std::vector<std::string> step_arguments(const Step& step) {
  std::vector<std::string> args = step.command;
  std::vector<std::string> operands;
  for (const StepOption& option : step.options) {
    for (const std::string& value : option.values) {
      if (option.positional) {
        operands.push_back(value);
      } else if (option.type == ValueType::kBool) {
        if (value == "true") args.push_back("--" + option.name);
      } else {
        args.push_back(fmt::format("--{}={}", option.name, value));
      }
    }
  }
  if (!operands.empty()) {
    args.emplace_back("--");
    args.insert(args.end(), operands.begin(), operands.end());
  }
  return args;
}

}  // namespace gofer::job
