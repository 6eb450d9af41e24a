#include "gofer/cpu_load.hpp"

#include <gtest/gtest.h>

namespace gofer {
namespace {

TEST(CpuLoadTest, RunningCountOfALoadavgLine) {
  EXPECT_EQ(parse_running_tasks("0.50 0.40 0.30 3/120 4567\n"), 3U);
  EXPECT_EQ(parse_running_tasks("11.02 9.80 7.01 17/1203 99"), 17U);
}

TEST(CpuLoadTest, MalformedLinesGiveNothing) {
  EXPECT_EQ(parse_running_tasks(""), std::nullopt);
  EXPECT_EQ(parse_running_tasks("0.50 0.40"), std::nullopt);
  EXPECT_EQ(parse_running_tasks("0.50 0.40 0.30 "), std::nullopt);
  EXPECT_EQ(parse_running_tasks("0.50 0.40 0.30 x/120"), std::nullopt);
  EXPECT_EQ(parse_running_tasks("0.50 0.40 0.30 3"), std::nullopt);
  EXPECT_EQ(parse_running_tasks("0.50 0.40 0.30 3 120"), std::nullopt);
}

TEST(CpuLoadTest, ThisMachineSaysSomethingAndNotLessThanNothing) {
  auto busy = other_runnable_tasks();
  ASSERT_TRUE(busy.has_value());  // Linux has /proc/loadavg
  EXPECT_GE(*busy, 0.0);
}

}  // namespace
}  // namespace gofer
