#include "csv_files.hpp"

#include <gtest/gtest.h>

namespace gofer::cli {
namespace {

TEST(CsvFilesTest, ExplicitThreadsWin) {
  EXPECT_EQ(threads_per_file(3, 4, 2), 3U);
  EXPECT_EQ(threads_per_file(1, 1, 8), 1U);
}

TEST(CsvFilesTest, OneFileAtATimeLeavesTheChoiceToTheJob) {
  EXPECT_EQ(threads_per_file(0, 1, 8), 0U);
  EXPECT_EQ(threads_per_file(0, 0, 8), 0U);
}

TEST(CsvFilesTest, FilesInParallelShareTheCores) {
  EXPECT_EQ(threads_per_file(0, 2, 2), 1U);  // -j 2 on 2 cores: 2 threads in all, not 4
  EXPECT_EQ(threads_per_file(0, 2, 8), 4U);
  EXPECT_EQ(threads_per_file(0, 3, 8), 2U);
  EXPECT_EQ(threads_per_file(0, 16, 2), 1U);  // never 0: that would mean "decide yourself"
  EXPECT_EQ(threads_per_file(0, 2, 0), 1U);   // hardware_concurrency() may say 0
}

}  // namespace
}  // namespace gofer::cli
