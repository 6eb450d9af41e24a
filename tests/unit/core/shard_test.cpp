// Unit tests of shard selection: K/N, and `auto` from each array-job engine's variables.
#include "gofer/shard.hpp"

#include <map>
#include <string>

#include <gtest/gtest.h>

#include "matchers.hpp"

namespace gofer {
namespace {

using testing::ErrorIs;
using testing::IsOk;

EnvironmentLookup env_of(const std::map<std::string, std::string>& vars) {
  return [vars](const char* name) -> const char* {
    auto it = vars.find(name);
    return it == vars.end() ? nullptr : it->second.c_str();
  };
}

Result<Shard> auto_shard(const std::map<std::string, std::string>& vars) {
  return resolve_shard("auto", env_of(vars));
}

TEST(ShardTest, ParsesKOfN) {
  ASSERT_THAT(resolve_shard("2/3", env_of({})), IsOk());
  EXPECT_EQ(resolve_shard("2/3", env_of({}))->index, 1u);
  EXPECT_EQ(resolve_shard("2/3", env_of({}))->count, 3u);
  for (const char* bad : {"0/3", "4/3", "x", "1/0", "", "1/", "/2", "1/2/3", "-1/2", "auto/2"}) {
    EXPECT_THAT(resolve_shard(bad, env_of({})), ErrorIs(ErrorCategory::kInvalidArgument)) << bad;
  }
}

TEST(ShardTest, KubernetesIndexedJobTakesTheCountFromGoferShards) {
  auto shard = auto_shard({{"JOB_COMPLETION_INDEX", "2"}, {"GOFER_SHARDS", "4"}});
  ASSERT_THAT(shard, IsOk());
  EXPECT_EQ(shard->index, 2u);
  EXPECT_EQ(shard->count, 4u);
}

TEST(ShardTest, SlurmArrayCountsFromTheArraysFirstIndex) {
  // sbatch --array=1-4: ids 1..4, SLURM_ARRAY_TASK_MIN=1, SLURM_ARRAY_TASK_COUNT=4.
  auto shard = auto_shard({{"SLURM_ARRAY_TASK_ID", "4"},
                           {"SLURM_ARRAY_TASK_MIN", "1"},
                           {"SLURM_ARRAY_TASK_COUNT", "4"}});
  ASSERT_THAT(shard, IsOk());
  EXPECT_EQ(shard->index, 3u);
  EXPECT_EQ(shard->count, 4u);
  // Without SLURM_ARRAY_TASK_MIN the ids are taken as 0-based.
  auto zero = auto_shard({{"SLURM_ARRAY_TASK_ID", "0"}, {"SLURM_ARRAY_TASK_COUNT", "2"}});
  ASSERT_THAT(zero, IsOk());
  EXPECT_EQ(zero->index, 0u);
}

TEST(ShardTest, AwsBatchArrayIndexWithGoferShards) {
  auto shard = auto_shard({{"AWS_BATCH_JOB_ARRAY_INDEX", "0"}, {"GOFER_SHARDS", "3"}});
  ASSERT_THAT(shard, IsOk());
  EXPECT_EQ(shard->index, 0u);
  EXPECT_EQ(shard->count, 3u);
}

// Each message must name the variables, so the fix is obvious from the log of one task.
void expect_usage_error_naming(const std::map<std::string, std::string>& vars,
                               const std::string& names) {
  auto shard = auto_shard(vars);
  ASSERT_THAT(shard, ErrorIs(ErrorCategory::kInvalidArgument));
  EXPECT_NE(shard.error().message().find(names), std::string::npos) << shard.error().message();
}

TEST(ShardTest, MissingOrInconsistentVariablesAreUsageErrorsNamingThem) {
  expect_usage_error_naming({}, "JOB_COMPLETION_INDEX");
  expect_usage_error_naming({{"GOFER_SHARDS", "3"}}, "SLURM_ARRAY_TASK_ID");
  expect_usage_error_naming({{"JOB_COMPLETION_INDEX", "1"}}, "GOFER_SHARDS");
  expect_usage_error_naming({{"JOB_COMPLETION_INDEX", "3"}, {"GOFER_SHARDS", "3"}},
                            "JOB_COMPLETION_INDEX=3 is not below GOFER_SHARDS=3");
  expect_usage_error_naming({{"JOB_COMPLETION_INDEX", "x"}, {"GOFER_SHARDS", "3"}},
                            "JOB_COMPLETION_INDEX='x'");
  expect_usage_error_naming(
      {{"JOB_COMPLETION_INDEX", "1"}, {"AWS_BATCH_JOB_ARRAY_INDEX", "2"}, {"GOFER_SHARDS", "3"}},
      "JOB_COMPLETION_INDEX=1 but AWS_BATCH_JOB_ARRAY_INDEX=2");
  expect_usage_error_naming(
      {{"SLURM_ARRAY_TASK_ID", "1"}, {"SLURM_ARRAY_TASK_COUNT", "2"}, {"GOFER_SHARDS", "3"}},
      "GOFER_SHARDS=3 but SLURM_ARRAY_TASK_COUNT=2");
  expect_usage_error_naming({{"SLURM_ARRAY_TASK_ID", "1"},
                             {"SLURM_ARRAY_TASK_MIN", "5"},
                             {"SLURM_ARRAY_TASK_COUNT", "2"}},
                            "below SLURM_ARRAY_TASK_MIN=5");
  expect_usage_error_naming({{"JOB_COMPLETION_INDEX", "0"}, {"GOFER_SHARDS", "0"}},
                            "GOFER_SHARDS=0");
}

TEST(ShardTest, EveryItemLandsInExactlyOneShard) {
  for (uint64_t n : {1u, 2u, 3u, 7u}) {
    for (int i = 0; i < 200; ++i) {
      std::string item = "https://example.org/file/" + std::to_string(i);
      int owners = 0;
      for (uint64_t k = 0; k < n; ++k) owners += in_shard(item, Shard{k, n}) ? 1 : 0;
      EXPECT_EQ(owners, 1) << item << " of " << n;
    }
  }
  // FNV-1a 64's published test vectors: the split must not change between versions.
  EXPECT_EQ(stable_hash("foobar"), 0x85944171f73967e8ULL);
}

}  // namespace
}  // namespace gofer
