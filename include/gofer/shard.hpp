// `--shard K/N` and `--shard auto`: which share of a job's items this process takes.
#pragma once

#include <cstdint>
#include <functional>
#include <string_view>

#include "gofer/error.hpp"

namespace gofer {

struct Shard {
  uint64_t index = 0;  // 0-based (K - 1)
  uint64_t count = 1;
};

// "K/N" with 1 <= K <= N.
[[nodiscard]] Result<Shard> parse_shard(std::string_view text);
// 64-bit FNV-1a: stable across machines, builds and versions, unlike std::hash.
[[nodiscard]] uint64_t stable_hash(std::string_view text);
// An item (a URL, an input path exactly as given) belongs to shard K of N when
// stable_hash(item) mod N == K - 1; every item lands in exactly one shard.
[[nodiscard]] bool in_shard(std::string_view item, const Shard& shard);

// Reads one environment variable; nullptr when unset (std::getenv, or a map in tests).
using EnvironmentLookup = std::function<const char*(const char*)>;

// `auto`: K from JOB_COMPLETION_INDEX (Kubernetes Indexed Job, 0-based), SLURM_ARRAY_TASK_ID
// (minus SLURM_ARRAY_TASK_MIN when set) or AWS_BATCH_JOB_ARRAY_INDEX (0-based); N from
// GOFER_SHARDS or SLURM_ARRAY_TASK_COUNT. A missing or inconsistent pair is a usage error
// naming the variables. Anything else is parsed as K/N.
[[nodiscard]] Result<Shard> resolve_shard(std::string_view text, const EnvironmentLookup& env);

}  // namespace gofer
