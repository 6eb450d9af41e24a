// Blackbox tests of --shard on the commands: csv normalize splits its inputs by a stable hash
// of the path, `auto` reads the array job's variables, and a missing pair is a usage error.
#include <set>

#include "run_fixture.hpp"

namespace gofer::testing {
namespace {

class ShardCliTest : public RunCliTest {
 protected:
  void SetUp() override {
    RunCliTest::SetUp();
    for (int i = 0; i < 10; ++i) dir_.write("job/in/t" + std::to_string(i) + ".csv", "a\n1\n");
  }
  std::vector<std::string> inputs() const {
    std::vector<std::string> paths;
    for (int i = 0; i < 10; ++i)
      paths.push_back((dir_.path() / "job/in").string() + "/t" + std::to_string(i) + ".csv");
    return paths;
  }
  std::set<std::string> outputs(const std::string& dir) const {
    std::set<std::string> names;
    for (auto& [name, content] : job_tree(dir + "/")) names.insert(name);
    return names;
  }
};

TEST_F(ShardCliTest, CsvNormalizeShardsTakeDisjointSharesOfTheInputs) {
  std::set<std::string> all;
  size_t total = 0;
  for (int k = 1; k <= 3; ++k) {
    std::string out = (dir_.path() / "job" / ("out" + std::to_string(k))).string();
    std::vector<std::string> args{"csv",       "normalize", "--shard", std::to_string(k) + "/3",
                                  "--out-dir", out};
    auto files = inputs();
    args.insert(args.end(), files.begin(), files.end());
    auto result = gofer(args);
    ASSERT_EQ(result.exit_code, 0) << result.err;
    auto mine = outputs("out" + std::to_string(k));
    total += mine.size();
    all.insert(mine.begin(), mine.end());
  }
  EXPECT_EQ(total, 10u);       // no input in two shards
  EXPECT_EQ(all.size(), 10u);  // and none in no shard
}

TEST_F(ShardCliTest, AnEmptyShardWritesNothingAndSucceeds) {
  // 10 inputs over 64 shards: most shards are empty; none may fall back to reading stdin.
  int empty = 0;
  for (int k = 1; k <= 64 && empty == 0; ++k) {
    std::vector<std::string> args{"csv",       "normalize",
                                  "--shard",   std::to_string(k) + "/64",
                                  "--out-dir", (dir_.path() / "job/o").string()};
    auto files = inputs();
    args.insert(args.end(), files.begin(), files.end());
    auto result = gofer(args);
    ASSERT_EQ(result.exit_code, 0) << result.err;
    if (contains(result.err, "no input in this shard")) ++empty;
  }
  EXPECT_EQ(empty, 1);
}

TEST_F(ShardCliTest, AutoReadsTheEnginesVariables) {
  std::vector<std::string> args{"csv",  "normalize", "--shard",
                                "auto", "--out-dir", (dir_.path() / "job/o").string()};
  auto files = inputs();
  args.insert(args.end(), files.begin(), files.end());
  size_t total = 0;
  for (int k = 0; k < 2; ++k) {
    auto result =
        gofer(args, {{"AWS_BATCH_JOB_ARRAY_INDEX", std::to_string(k)}, {"GOFER_SHARDS", "2"}});
    ASSERT_EQ(result.exit_code, 0) << result.err;
  }
  total = outputs("o").size();
  EXPECT_EQ(total, 10u);
}

TEST_F(ShardCliTest, AutoWithoutTheVariablesIsAUsageErrorNamingThem) {
  auto fetch = gofer(
      {"fetch", "--shard", "auto", "-d", (dir_.path() / "job").string(), server_.url("/file/5/x")});
  EXPECT_EQ(fetch.exit_code, 2) << fetch.err;
  EXPECT_TRUE(
      contains(fetch.err, "JOB_COMPLETION_INDEX, SLURM_ARRAY_TASK_ID or AWS_BATCH_JOB_ARRAY_INDEX"))
      << fetch.err;
  EXPECT_EQ(server_.hits("/file/5/x"), 0);
  auto half = gofer({"fetch", "--shard", "auto", server_.url("/file/5/x")},
                    {{"JOB_COMPLETION_INDEX", "1"}});
  EXPECT_EQ(half.exit_code, 2) << half.err;
  EXPECT_TRUE(contains(half.err, "GOFER_SHARDS")) << half.err;
  // In a job, the same error comes before any step runs, at the [job] table.
  std::string path = job("[job]\nshard = \"auto\"\n[[step]]\nfetch = { urls = [\"" +
                         server_.url("/file/5/x") + "\"], dir = \"o\" }\n");
  auto run = gofer({"run", path});
  EXPECT_EQ(run.exit_code, 2) << run.err;
  EXPECT_TRUE(contains(run.err, path + ":1:1: --shard auto: no shard index")) << run.err;
  EXPECT_EQ(gofer({"run", "--check", path}).exit_code, 0);  // CI has no array job
  EXPECT_EQ(server_.hits("/file/5/x"), 0);
}

}  // namespace
}  // namespace gofer::testing
