// Unit tests of job steps against the commands' CLI11 definitions: every kind of option of
// every command becomes the argument the command line takes, and misuse points into the file.
#include "job_steps.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "gofer/job/arguments.hpp"
#include "matchers.hpp"

namespace gofer::cli {
namespace {

using testing::ErrorIs;
using ::testing::HasSubstr;
using testing::IsOk;

Result<job::Step> checked(const std::string& command_table, std::string_view shard = "") {
  auto job = job::parse_job_text("[[step]]\n" + command_table + "\n", "j.toml");
  if (!job) return fail(job.error());
  return check_step(job->steps.front(), shard);
}

std::vector<std::string> arguments(const std::string& command_table, std::string_view shard = "") {
  auto step = checked(command_table, shard);
  EXPECT_THAT(step, IsOk()) << command_table;
  return step ? job::step_arguments(*step) : std::vector<std::string>{};
}

using Args = std::vector<std::string>;

TEST(JobStepsTest, FetchOptionsOfEveryType) {
  EXPECT_EQ(
      arguments(
          R"(fetch = { input = "urls.txt", dir = "out", mkdir = true, refresh = true, jobs = 16, retries = 5, timeout = 2.5, header = ["A: 1", "B: 2"], spider = false })"),
      (Args{"fetch", "--input=urls.txt", "--dir=out", "--mkdir", "--refresh", "--jobs=16",
            "--retries=5", "--timeout=2.5", "--header=A: 1", "--header=B: 2"}));
  EXPECT_EQ(
      arguments(
          R"(fetch = { urls = ["https://a/x", "https://a/y"], name_template = "{host}/{path}" })"),
      (Args{"fetch", "--name-template={host}/{path}", "--", "https://a/x", "https://a/y"}));
}

TEST(JobStepsTest, CsvSubcommandsOptionsOfEveryType) {
  EXPECT_EQ(
      arguments(
          R"(csv.normalize = { inputs = ["a.csv", "b.csv"], out-dir = "c", clean = true, dates = "iso", select = ["x", "y"], rename = ["a=b"], nulls = true, threads = 2 })"),
      (Args{"csv", "normalize", "--out-dir=c", "--clean", "--dates=iso", "--select=x", "--select=y",
            "--rename=a=b", "--nulls", "--threads=2", "--", "a.csv", "b.csv"}));
  EXPECT_EQ(arguments(R"(csv.check = { files = ["a.csv"], max-errors = 5, strict = true })"),
            (Args{"csv", "check", "--max-errors=5", "--strict", "--", "a.csv"}));
  EXPECT_EQ(arguments(R"(csv = { sniff = { inputs = ["a.csv"] } })"),
            (Args{"csv", "sniff", "--", "a.csv"}));
}

TEST(JobStepsTest, RenameRulesFlagsAndFlagValues) {
  // Options in a [step.rename] table (TOML's inline tables end with their line).
  EXPECT_EQ(arguments("[step.rename]\npaths = [\"d\"]\ncase = \"lower\"\napply = true"),
            (Args{"rename", "--case=lower", "--apply", "--", "d"}));
  EXPECT_EQ(
      arguments(
          R"(rename = { paths = ["d"], glob = "*.csv", find = " ", replace = "_", case = "lower", apply = true, slug = "_", sort = "mtime", start = 0 })"),
      (Args{"rename", "--glob=*.csv", "--find= ", "--replace=_", "--case=lower", "--apply",
            "--slug=_", "--sort=mtime", "--start=0", "--", "d"}));
  EXPECT_EQ(arguments(R"(rename = { rules = [{ find = "a", replace = "b" }, { case = "upper" },
  { find = "c", replace = "d" }] })"),
            (Args{"rename", "--find=a", "--replace=b", "--case=upper", "--find=c", "--replace=d"}));
}

TEST(JobStepsTest, TheJobsShardGoesToCommandsThatTakeIt) {
  EXPECT_EQ(arguments(R"(fetch = { input = "u" })", "auto"),
            (Args{"fetch", "--input=u", "--shard=auto"}));
  EXPECT_EQ(arguments(R"(fetch = { input = "u", shard = "1/2" })", "auto"),
            (Args{"fetch", "--input=u", "--shard=1/2"}));
  EXPECT_EQ(arguments(R"(csv.normalize = { inputs = ["a"], out-dir = "o" })", "2/3"),
            (Args{"csv", "normalize", "--out-dir=o", "--shard=2/3", "--", "a"}));
  EXPECT_EQ(arguments(R"(rename = { paths = ["d"], slug = true })", "auto"),
            (Args{"rename", "--slug", "--", "d"}));
}

std::string error_of(const std::string& command_table) {
  auto step = checked(command_table);
  EXPECT_THAT(step, ErrorIs(ErrorCategory::kInvalidArgument)) << command_table;
  return step ? "" : step.error().message();
}

TEST(JobStepsTest, MisusePointsAtTheKey) {
  EXPECT_THAT(error_of(R"(fetch = { input = "u", bogus = 1 })"),
              HasSubstr("j.toml:2:24: unknown option 'bogus' for fetch"));
  EXPECT_THAT(error_of(R"(fetch = { input = "u", jobs = "many" })"),
              HasSubstr("j.toml:2:24: fetch: Could not convert: --jobs = many"));
  EXPECT_THAT(error_of(R"(fetch = { refresh = "yes" })"), HasSubstr("2:11: 'refresh' is a flag"));
  EXPECT_THAT(error_of(R"(fetch = { dir = true })"), HasSubstr("2:11: 'dir' takes a value"));
  EXPECT_THAT(error_of(R"(fetch = { dir = ["a", "b"] })"), HasSubstr("'dir' takes one value"));
  EXPECT_THAT(error_of(R"(fetch = { json = true })"), HasSubstr("'json' is a global option"));
  EXPECT_THAT(error_of(R"(csv.normalize = { threads = 0 })"),
              HasSubstr("2:19: csv normalize: --threads: Value 0 not in range"));
  EXPECT_THAT(error_of(R"(rename = { sort = "random" })"), HasSubstr("2:12: rename: --sort"));
  EXPECT_THAT(error_of(R"(frob = {})"), HasSubstr("2:1: unknown command 'frob'"));
  EXPECT_THAT(error_of(R"(run = { job = "x.toml" })"), HasSubstr("unknown command 'run'"));
  EXPECT_THAT(error_of(R"(completions = {})"), HasSubstr("unknown command 'completions'"));
  EXPECT_THAT(error_of(R"(csv = { out-dir = "x" })"), HasSubstr("'csv' needs a subcommand table"));
  EXPECT_THAT(error_of(R"(csv.tidy = {})"), HasSubstr("unknown command 'csv.tidy'"));
}

}  // namespace
}  // namespace gofer::cli
