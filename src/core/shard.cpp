// Shard selection by stable hash, and the array-job variables of Kubernetes, Slurm, AWS Batch.
#include "gofer/shard.hpp"

#include <array>
#include <charconv>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include <fmt/format.h>

namespace gofer {
namespace {

Error usage(std::string message) {
  return Error(ErrorCategory::kInvalidArgument, std::move(message));
}

bool parse_number(std::string_view text, uint64_t& value) {
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  return error == std::errc{} && end == text.data() + text.size() && !text.empty();
}

struct Variable {
  const char* name;
  uint64_t value;
};

// The set variables among `names`; an unparsable value is an error naming it.
Result<std::vector<Variable>> read_variables(std::span<const char* const> names,
                                             const EnvironmentLookup& env) {
  std::vector<Variable> found;
  for (const char* name : names) {
    const char* text = env(name);
    if (text == nullptr || text[0] == '\0') continue;
    uint64_t value = 0;
    if (!parse_number(text, value)) {
      return fail(usage(fmt::format("--shard auto: {}='{}' is not a number", name, text)));
    }
    found.push_back({name, value});
  }
  return found;
}

// All set variables of one kind must agree (two engines' variables in one environment).
Result<std::optional<Variable>> agreed_value(const std::vector<Variable>& found,
                                             std::string_view what) {
  if (found.empty()) return std::nullopt;
  for (const Variable& v : found) {
    if (v.value != found.front().value) {
      return fail(usage(fmt::format("--shard auto: {} disagree: {}={} but {}={}", what,
                                    found.front().name, found.front().value, v.name, v.value)));
    }
  }
  return found.front();
}

constexpr std::array<const char*, 3> kIndexVariables = {
    "JOB_COMPLETION_INDEX", "SLURM_ARRAY_TASK_ID", "AWS_BATCH_JOB_ARRAY_INDEX"};
constexpr std::array<const char*, 2> kCountVariables = {"GOFER_SHARDS", "SLURM_ARRAY_TASK_COUNT"};

Result<Shard> shard_from_environment(const EnvironmentLookup& env) {
  GOFER_TRY_ASSIGN(auto indexes, read_variables(kIndexVariables, env));
  // Slurm numbers array tasks from --array's first value (often 1, or any offset).
  uint64_t slurm_min = 0;
  if (const char* min = env("SLURM_ARRAY_TASK_MIN"); min != nullptr && min[0] != '\0') {
    if (!parse_number(min, slurm_min)) {
      return fail(
          usage(fmt::format("--shard auto: SLURM_ARRAY_TASK_MIN='{}' is not a number", min)));
    }
  }
  for (Variable& v : indexes) {
    if (std::string_view(v.name) != "SLURM_ARRAY_TASK_ID") continue;
    if (v.value < slurm_min) {
      return fail(
          usage(fmt::format("--shard auto: SLURM_ARRAY_TASK_ID={} is below "
                            "SLURM_ARRAY_TASK_MIN={}",
                            v.value, slurm_min)));
    }
    v.value -= slurm_min;
  }
  GOFER_TRY_ASSIGN(auto index, agreed_value(indexes, "shard indexes"));
  GOFER_TRY_ASSIGN(auto counts, read_variables(kCountVariables, env));
  GOFER_TRY_ASSIGN(auto count, agreed_value(counts, "shard counts"));
  if (!index) {
    return fail(
        usage("--shard auto: no shard index: set JOB_COMPLETION_INDEX, "
              "SLURM_ARRAY_TASK_ID or AWS_BATCH_JOB_ARRAY_INDEX"));
  }
  if (!count) {
    return fail(
        usage(fmt::format("--shard auto: {} is set but not the shard count: set "
                          "GOFER_SHARDS (or SLURM_ARRAY_TASK_COUNT)",
                          index->name)));
  }
  if (count->value < 1 || index->value >= count->value) {
    return fail(usage(fmt::format("--shard auto: {}={} is not below {}={}", index->name,
                                  index->value, count->name, count->value)));
  }
  return Shard{index->value, count->value};
}

}  // namespace

Result<Shard> parse_shard(std::string_view text) {
  size_t slash = text.find('/');
  uint64_t k = 0, n = 0;
  if (slash == text.npos || !parse_number(text.substr(0, slash), k) ||
      !parse_number(text.substr(slash + 1), n) || k < 1 || n < 1 || k > n) {
    return fail(
        usage(fmt::format("--shard: expected K/N with 1 <= K <= N, or auto, got '{}'", text)));
  }
  return Shard{k - 1, n};
}

uint64_t stable_hash(std::string_view text) {
  constexpr uint64_t kOffsetBasis = 14695981039346656037ULL;  // FNV-1a 64-bit parameters
  constexpr uint64_t kPrime = 1099511628211ULL;
  uint64_t hash = kOffsetBasis;
  for (char c : text) {
    hash ^= static_cast<unsigned char>(c);
    hash *= kPrime;
  }
  return hash;
}

bool in_shard(std::string_view item, const Shard& shard) {
  return stable_hash(item) % shard.count == shard.index;
}

Result<Shard> resolve_shard(std::string_view text, const EnvironmentLookup& env) {
  if (text == "auto") return shard_from_environment(env);
  return parse_shard(text);
}

}  // namespace gofer
