// Unit tests of job file parsing: settings, steps, option order, and errors at file:line:column.
#include "gofer/job/job.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "matchers.hpp"
#include "temp_dir.hpp"

namespace gofer::job {
namespace {

using testing::ErrorIs;
using ::testing::HasSubstr;
using testing::IsOk;

Result<JobFile> parse(const std::string& text) { return parse_job_text(text, "jobs/nightly.toml"); }

std::string error_of(const std::string& text) {
  auto job = parse(text);
  EXPECT_THAT(job, ErrorIs(ErrorCategory::kInvalidArgument)) << text;
  return job ? "" : job.error().message();
}

TEST(JobFileTest, ReadsSettingsAndSteps) {
  auto job = parse(R"([job]
name = "nightly-prices"
lock = true
log = "/var/log/gofer/{job}.log"
on_failure = "continue"
vars = { out = "/srv/prices", day = "{date:%Y-%m-%d}" }
ping = "https://hc.example/UUID"
timeout = "2h"
shard = "auto"

[[step]]
name = "download"
fetch = { input = "urls.txt", dir = "{out}/raw/{day}", jobs = 16, refresh = true }
)");
  ASSERT_THAT(job, IsOk());
  EXPECT_EQ(job->job.name, "nightly-prices");
  EXPECT_TRUE(job->job.lock);
  EXPECT_EQ(job->job.log, "/var/log/gofer/{job}.log");
  EXPECT_EQ(job->job.on_failure, OnFailure::kContinue);
  ASSERT_EQ(job->job.vars.size(), 2u);
  EXPECT_EQ(job->job.vars[0].name, "out");  // file order, not TOML's sorted order
  EXPECT_EQ(job->job.vars[1].name, "day");
  EXPECT_EQ(job->job.ping, "https://hc.example/UUID");
  EXPECT_EQ(job->job.timeout_seconds, 7200);
  EXPECT_EQ(job->job.shard, "auto");
  ASSERT_EQ(job->steps.size(), 1u);
  const Step& step = job->steps[0];
  EXPECT_EQ(step.name, "download");
  EXPECT_EQ(step.command, std::vector<std::string>{"fetch"});
  ASSERT_EQ(step.options.size(), 4u);
  EXPECT_EQ(step.options[0].name, "input");
  EXPECT_EQ(step.options[2].type, ValueType::kInteger);
  EXPECT_EQ(step.options[2].values, std::vector<std::string>{"16"});
  EXPECT_EQ(step.options[3].type, ValueType::kBool);
  EXPECT_EQ(step.options[3].position.line, 13u);
  EXPECT_EQ(step.options[3].position.column, 67u);
}

TEST(JobFileTest, DefaultsNameFromTheFileAndStepsFromTheirCommand) {
  auto job = parse("[[step]]\nfetch = { urls = [\"https://a\"] }\n[[step]]\nfetch = {}\n");
  ASSERT_THAT(job, IsOk());
  EXPECT_EQ(job->job.name, "nightly");
  EXPECT_FALSE(job->job.lock);
  EXPECT_EQ(job->job.on_failure, OnFailure::kStop);
  EXPECT_EQ(job->steps[0].name, "fetch");
  EXPECT_EQ(job->steps[1].name, "fetch #2");
  EXPECT_TRUE(job->steps[0].options[0].positional);
  EXPECT_TRUE(job->steps[0].options[0].is_array);
}

TEST(JobFileTest, DottedKeysNameSubcommandsAndUnderscoresMeanDashes) {
  auto job = parse(
      "[[step]]\ncsv.normalize = { inputs = [\"a.csv\"], out_dir = \"c\", "
      "dates = \"iso\", max-field-size = 4, in-place = false }\n");
  ASSERT_THAT(job, IsOk());
  const Step& step = job->steps[0];
  EXPECT_EQ(step.command, (std::vector<std::string>{"csv", "normalize"}));
  EXPECT_EQ(step.options[1].key, "out_dir");
  EXPECT_EQ(step.options[1].name, "out-dir");
  EXPECT_EQ(step.options[3].name, "max-field-size");
}

TEST(JobFileTest, KeepsTheOrderOfRulesAsWritten) {
  auto job = parse(R"([[step]]
rename = { paths = ["."], case = "lower", find = " ", replace = "_", rules = [
  { template = "{n:03}.{ext}" }, { find = "a", replace = "b" }, { slug = true } ] }
)");
  ASSERT_THAT(job, IsOk());
  std::vector<std::string> names;
  for (const StepOption& option : job->steps[0].options) names.push_back(option.name);
  EXPECT_EQ(names, (std::vector<std::string>{"paths", "case", "find", "replace", "template", "find",
                                             "replace", "slug"}));
}

TEST(JobFileTest, LockMayNameItsFile) {
  auto job = parse("[job]\nlock = \"/run/lock/x.lock\"\n[[step]]\nfetch = {}\n");
  ASSERT_THAT(job, IsOk());
  EXPECT_TRUE(job->job.lock);
  EXPECT_EQ(job->job.lock_path, "/run/lock/x.lock");
}

TEST(JobFileTest, ErrorsPointAtFileLineColumn) {
  EXPECT_THAT(error_of(""), HasSubstr("jobs/nightly.toml:1:1: no steps"));
  EXPECT_THAT(error_of("this is not toml"), HasSubstr("jobs/nightly.toml:1:6: not valid TOML"));
  EXPECT_THAT(error_of("[[step]]\nfetch = {}\nrename = {}\n"),
              HasSubstr("nightly.toml:3:1: a step names two commands: 'fetch' and 'rename'"));
  EXPECT_THAT(error_of("[[step]]\nname = \"x\"\n"), HasSubstr(":1:1: a step names no command"));
  EXPECT_THAT(error_of("[[step]]\nretries = 3\n"),
              HasSubstr(":2:1: unknown key 'retries' in a step"));
  EXPECT_THAT(error_of("[job]\nschedule = \"daily\"\n[[step]]\nfetch = {}\n"),
              HasSubstr(":2:1: unknown key 'schedule' in [job]"));
  EXPECT_THAT(error_of("[jobs]\n[[step]]\nfetch = {}\n"), HasSubstr(":1:2: unknown key 'jobs'"));
  EXPECT_THAT(error_of("[job]\non_failure = \"retry\"\n[[step]]\nfetch = {}\n"),
              HasSubstr(":2:14: on_failure must be"));
  EXPECT_THAT(error_of("[job]\ntimeout = 5\n[[step]]\nfetch = {}\n"),
              HasSubstr(":2:11: 'timeout' must be a string, not an integer"));
  EXPECT_THAT(error_of("[job]\ntimeout = \"soon\"\n[[step]]\nfetch = {}\n"),
              HasSubstr(":2:11: expected a duration"));
  EXPECT_THAT(error_of("[job]\nvars = 3\n[[step]]\nfetch = {}\n"),
              HasSubstr(":2:8: 'vars' must be a table"));
  EXPECT_THAT(error_of("[job]\nvars = { a = true }\n[[step]]\nfetch = {}\n"),
              HasSubstr("var 'a' must be a string or number"));
  EXPECT_THAT(error_of("step = 3\n"), HasSubstr(":1:8: 'step' must be an array of tables"));
  EXPECT_THAT(error_of("[[step]]\nfetch = { when = 1979-05-27 }\n"),
              HasSubstr(":2:18: 'when' must be a string, number or boolean"));
  EXPECT_THAT(error_of("[[step]]\nfetch = { urls = [\"a\", 1] }\n"),
              HasSubstr("mixes value types"));
  EXPECT_THAT(error_of("[[step]]\nfetch = { extra = { a = 1 }, b = 2 }\n"),
              HasSubstr(":2:11: 'extra' is a table"));
  EXPECT_THAT(error_of("[[step]]\nrename = { rules = [1] }\n"), HasSubstr("array of tables"));
  EXPECT_THAT(error_of("[[step]]\nname = \"a\"\nfetch = {}\n[[step]]\nname = \"a\"\nfetch = {}\n"),
              HasSubstr(":4:1: two steps are named 'a'"));
}

// toml++ 3.3.0 reached __builtin_unreachable() on these (found by fuzz.job_file); under UBSan
// (the asan preset) each aborted the test binary.
TEST(JobFileTest, NonAsciiTextIsParsedOrRefusedCleanly) {
  EXPECT_THAT(error_of("\xcc\xaa"), HasSubstr("jobs/nightly.toml:1:1: not valid TOML"));
  EXPECT_THAT(error_of("[[step]]\nfetch = {}\nn\xc3\xa9 = 1\n"), HasSubstr("not valid TOML"));
  EXPECT_THAT(error_of("[[step]]\nfetch = { urls = [\"a\"] } \xe3\x80\x81\n"),
              HasSubstr("not valid TOML"));
  EXPECT_THAT(error_of("[\\"), HasSubstr(":1:2: not valid TOML"));  // an assert in Debug builds
  auto job = parse("[job]\nname = \"\"\"\\\n\xc2\xa7 caf\xc3\xa9\"\"\"\n[[step]]\nfetch = {}\n");
  ASSERT_THAT(job, IsOk());
  EXPECT_EQ(job->job.name, "\xc2\xa7 caf\xc3\xa9");
}

TEST(JobFileTest, RefusesAJobFileOverTheSizeLimitBeforeParsingIt) {
  testing::TempDir dir;
  std::string big = "[[step]]\nfetch = { urls = [";
  while (big.size() < 10 * 1024 * 1024) big += "\"https://example.org/a\", ";
  big += "] }\n";
  auto path = dir.write("big.toml", big);
  auto job = read_job_file(path);
  ASSERT_THAT(job, ErrorIs(ErrorCategory::kInvalidArgument));
  EXPECT_THAT(job.error().message(), HasSubstr("big.toml:1:1: the job file is"));
  EXPECT_THAT(read_job_file(dir.path() / "missing.toml"), ErrorIs(ErrorCategory::kNotFound));
}

TEST(JobFileTest, ParsesDurations) {
  EXPECT_EQ(parse_duration("45s").value_or(-1), 45);
  EXPECT_EQ(parse_duration("15m").value_or(-1), 900);
  EXPECT_EQ(parse_duration("2h").value_or(-1), 7200);
  EXPECT_EQ(parse_duration("1d").value_or(-1), 86400);
  EXPECT_EQ(parse_duration("1h30m").value_or(-1), 5400);
  EXPECT_EQ(parse_duration("90").value_or(-1), 90);
  EXPECT_EQ(parse_duration("0.5s").value_or(-1), 0.5);
  for (const char* bad : {"", "0", "-1s", "2x", "h", "1h30", "1 h"}) {
    EXPECT_THAT(parse_duration(bad), ErrorIs(ErrorCategory::kInvalidArgument)) << bad;
  }
}

}  // namespace
}  // namespace gofer::job
