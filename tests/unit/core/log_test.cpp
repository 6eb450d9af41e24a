#include "gofer/log.hpp"

#include <spdlog/spdlog.h>

#include <gtest/gtest.h>

#include "matchers.hpp"
#include "temp_dir.hpp"

namespace gofer {
namespace {

using testing::IsOk;

TEST(LogTest, LogFileGetsTimestampedLines) {
  testing::TempDir dir;
  auto log_path = dir.path() / "gofer.log";
  ASSERT_THAT(setup_logging({0, true, log_path.string()}), IsOk());
  spdlog::info("fetched {} files", 3);
  spdlog::debug("not recorded at default verbosity");
  std::string content = dir.read("gofer.log");
  EXPECT_NE(content.find("[info] "), std::string::npos);
  EXPECT_NE(content.find("fetched 3 files"), std::string::npos);
  EXPECT_EQ(content.find("not recorded"), std::string::npos);
  EXPECT_TRUE(content.starts_with("20")) << content;  // ISO date first
}

TEST(LogTest, UnwritableLogFileIsAnError) {
  testing::TempDir dir;
  auto result = setup_logging({0, false, (dir.path() / "no" / "dir" / "x.log").string()});
  ASSERT_FALSE(result.has_value());
  EXPECT_NE(result.error().message().find("cannot open log file"), std::string::npos);
}

}  // namespace
}  // namespace gofer
