// Unit tests of placeholders, operand globs and the argument lists of job steps.
#include "gofer/job/arguments.hpp"

#include <cstdlib>
#include <map>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "matchers.hpp"
#include "temp_dir.hpp"

namespace gofer::job {
namespace {

using testing::ErrorIs;
using ::testing::HasSubstr;
using testing::IsOk;

// 2024-03-05 06:07:08 UTC.
constexpr std::time_t kStart = 1709618828;

class PlaceholderTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (const char* tz = std::getenv("TZ")) saved_tz_ = tz;
    ::setenv("TZ", "UTC", 1);
  }
  void TearDown() override {
    if (saved_tz_)
      ::setenv("TZ", saved_tz_->c_str(), 1);
    else
      ::unsetenv("TZ");
  }
  PlaceholderContext context(std::map<std::string, std::string> env = {}) {
    env_ = std::move(env);
    return {"nightly",
            kStart,
            {{"out", "/srv/prices", {}}, {"day", "2024-03-05", {}}},
            [this](const char* name) -> const char* {
              auto it = env_.find(name);
              return it == env_.end() ? nullptr : it->second.c_str();
            }};
  }
  std::string expand(const std::string& text, std::map<std::string, std::string> env = {}) {
    auto expanded = expand_placeholders(text, context(std::move(env)));
    EXPECT_THAT(expanded, IsOk()) << text;
    return expanded.value_or("");
  }
  std::map<std::string, std::string> env_;
  std::optional<std::string> saved_tz_;
};

TEST_F(PlaceholderTest, ExpandsJobDateTimeEnvAndVars) {
  EXPECT_EQ(expand("/var/log/{job}.log"), "/var/log/nightly.log");
  EXPECT_EQ(expand("{date:%Y-%m-%d}"), "2024-03-05");
  EXPECT_EQ(expand("{date}"), "2024-03-05");
  EXPECT_EQ(expand("{time:%H%M}"), "0607");
  EXPECT_EQ(expand("{time}"), "06:07:08");
  EXPECT_EQ(expand("{out}/raw/{day}"), "/srv/prices/raw/2024-03-05");
  EXPECT_EQ(expand("{env:BUCKET}", {{"BUCKET", "b1"}}), "b1");
  EXPECT_EQ(expand("{env:BUCKET:-dev}"), "dev");
  EXPECT_EQ(expand("{env:BUCKET:-dev}", {{"BUCKET", "prod"}}), "prod");
  EXPECT_EQ(expand("{env:EMPTY:-x}", {{"EMPTY", ""}}), "");
}

TEST_F(PlaceholderTest, TheRunsTimeZoneIsTz) {
  ::setenv("TZ", "Asia/Tokyo", 1);  // UTC+9, no daylight saving time
  EXPECT_EQ(expand("{time:%H}"), "15");
}

TEST_F(PlaceholderTest, LeavesOtherBracesToTheCommands) {
  EXPECT_EQ(expand("{n:03}_{stem}.{ext}"), "{n:03}_{stem}.{ext}");  // rename's template
  EXPECT_EQ(expand("{exif.date:%Y/%m|undated}/{exif.model}"),
            "{exif.date:%Y/%m|undated}/{exif.model}");  // and its metadata placeholders
  EXPECT_EQ(expand("a{2,3}|{}|x{"), "a{2,3}|{}|x{");    // regexes
  EXPECT_EQ(expand("{host}/{path}"), "{host}/{path}");  // fetch's name template
}

TEST_F(PlaceholderTest, ErrorsSayWhatIsWrong) {
  auto unclosed = expand_placeholders("{out/raw", context());
  ASSERT_THAT(unclosed, ErrorIs(ErrorCategory::kInvalidArgument));
  EXPECT_THAT(unclosed.error().message(), HasSubstr("never closes"));
  auto missing = expand_placeholders("{env:NOPE}", context());
  ASSERT_THAT(missing, ErrorIs(ErrorCategory::kInvalidArgument));
  EXPECT_THAT(missing.error().message(), HasSubstr("NOPE is not set"));
  auto unknown = expand_placeholders("out/{ouy}", context());  // never a directory "{ouy}"
  ASSERT_THAT(unknown, ErrorIs(ErrorCategory::kInvalidArgument));
  EXPECT_THAT(unknown.error().message(), HasSubstr("unknown placeholder '{ouy}'"));
  EXPECT_THAT(expand_placeholders("{env:}", context()), ErrorIs(ErrorCategory::kInvalidArgument));
  EXPECT_THAT(expand_placeholders("{date:}", context()), ErrorIs(ErrorCategory::kInvalidArgument));
  EXPECT_THAT(expand_placeholders("{date:" + std::string(300, 'Y') + "}", context()),
              ErrorIs(ErrorCategory::kInvalidArgument));
}

TEST_F(PlaceholderTest, VarsResolveInFileOrderAndErrorsPointAtTheVar) {
  auto job = parse_job_text(
      "[job]\nvars = { root = \"/srv\", out = \"{root}/{job}\", later = \"{env:NOPE}\" }\n"
      "[[step]]\nfetch = {}\n",
      "j.toml");
  ASSERT_THAT(job, IsOk());
  job->job.vars.pop_back();
  auto context = make_placeholder_context(*job, kStart, [](const char*) { return nullptr; });
  ASSERT_THAT(context, IsOk());
  EXPECT_EQ(context->vars[1].value, "/srv/j");
  auto bad =
      parse_job_text("[job]\nvars = { a = \"{env:NOPE}\" }\n[[step]]\nfetch = {}\n", "j.toml");
  ASSERT_THAT(bad, IsOk());
  auto failed = make_placeholder_context(*bad, kStart, [](const char*) { return nullptr; });
  ASSERT_THAT(failed, ErrorIs(ErrorCategory::kInvalidArgument));
  EXPECT_THAT(failed.error().message(), HasSubstr("j.toml:2:10: var 'a':"));
}

Step step_of(const std::string& text) {
  auto job = parse_job_text(text, "j.toml");
  EXPECT_THAT(job, IsOk()) << text;
  return job ? job->steps.front() : Step{};
}

TEST(StepArgumentsTest, FlagsValuesArraysAndOperands) {
  Step step = step_of(R"([[step]]
rename = { paths = ["a dir", "-b"], apply = true, hidden = false, find = ["x", "-y"], replace = ["1", ""], start = 10, max-depth = 2 }
)");
  EXPECT_EQ(
      step_arguments(step),
      (std::vector<std::string>{"rename", "--apply", "--find=x", "--find=-y", "--replace=1",
                                "--replace=", "--start=10", "--max-depth=2", "--", "a dir", "-b"}));
  Step csv = step_of("[[step]]\ncsv.normalize = { inputs = [\"a.csv\"], retry = 0.5 }\n");
  EXPECT_EQ(step_arguments(csv),
            (std::vector<std::string>{"csv", "normalize", "--retry=0.5", "--", "a.csv"}));
}

TEST(StepArgumentsTest, ResolvesPlaceholdersWithTheOptionsPosition) {
  Step step = step_of("[[step]]\nfetch = { dir = \"{job}/x\", input = \"{env:NOPE}\" }\n");
  PlaceholderContext context{"j", kStart, {}, [](const char*) { return nullptr; }};
  auto resolved = resolve_step(step, context);
  ASSERT_THAT(resolved, ErrorIs(ErrorCategory::kInvalidArgument));
  EXPECT_THAT(resolved.error().message(),
              HasSubstr("j.toml:2:28: step 'fetch': 'input': environment variable"));
  step.options.pop_back();
  auto ok = resolve_step(step, context);
  ASSERT_THAT(ok, IsOk());
  EXPECT_EQ(ok->options[0].values[0], "j/x");
}

TEST(StepArgumentsTest, GlobsInOperandsExpandSortedAndAnEmptyMatchIsAnError) {
  testing::TempDir dir;
  dir.write("in/b.csv", "");
  dir.write("in/a.csv", "");
  dir.write("in/c.txt", "");
  std::string root = dir.path().string();
  Step step = step_of("[[step]]\ncsv.normalize = { inputs = [\"" + root +
                      "/in/*.csv\", \"plain\"], "
                      "out-dir = \"" +
                      root + "/*\" }\n");
  auto expanded = expand_operand_globs(step);
  ASSERT_THAT(expanded, IsOk());
  EXPECT_EQ(expanded->options[0].values,
            (std::vector<std::string>{root + "/in/a.csv", root + "/in/b.csv", "plain"}));
  EXPECT_EQ(expanded->options[1].values[0], root + "/*");  // not an operand: left alone
  Step none = step_of("[[step]]\ncsv.normalize = { inputs = [\"" + root + "/in/*.json\"] }\n");
  auto failed = expand_operand_globs(none);
  ASSERT_THAT(failed, ErrorIs(ErrorCategory::kNotFound));
  EXPECT_THAT(failed.error().message(), HasSubstr("matched nothing"));
  // A dry run collects such globs instead: an earlier step may make the files.
  std::vector<std::string> unmatched;
  auto collected = expand_operand_globs(none, &unmatched);
  ASSERT_THAT(collected, IsOk());
  EXPECT_TRUE(collected->options[0].values.empty());
  EXPECT_EQ(unmatched, std::vector<std::string>{root + "/in/*.json"});
}

}  // namespace
}  // namespace gofer::job
