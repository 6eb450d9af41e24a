// normalize with the typed rules: the --infer-rows window, misfits after it, counts, warnings.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "csv_test_util.hpp"
#include "matchers.hpp"

namespace gofer::csv::testing {
namespace {

using gofer::testing::IsOk;

NormalizeOptions typed(size_t infer_rows) {
  NormalizeOptions options;
  options.clean.types = {
      .dates = true, .numbers = true, .booleans = true, .infer_rows = infer_rows};
  return options;
}

TEST(CsvTypedNormalize, MisfitAfterTheInferredRowsIsLeftAndCounted) {
  auto result = normalize_text(
      "d,n\n13/01/2024,\"1,5\"\n14/01/2024,2\nsoon,x\n15/01/2024,\"3,25\"\n", typed(2));
  ASSERT_THAT(result.report, IsOk());
  EXPECT_EQ(result.out, "d,n\n2024-01-13,1.5\n2024-01-14,2\nsoon,x\n2024-01-15,3.25\n");
  EXPECT_EQ(result.report->inferred_rows, 2U);
  EXPECT_EQ(result.report->clean.dates, 3U);
  EXPECT_EQ(result.report->clean.dates_not_fitting, 1U);
  EXPECT_EQ(result.report->clean.numbers, 2U);
  EXPECT_EQ(result.report->clean.numbers_not_fitting, 1U);
}

TEST(CsvTypedNormalize, MisfitInsideTheInferredRowsKeepsTheColumnText) {
  auto result = normalize_text("d\n13/01/2024\nsoon\n15/01/2024\n", typed(2));
  ASSERT_THAT(result.report, IsOk());
  EXPECT_EQ(result.out, "d\n13/01/2024\nsoon\n15/01/2024\n");
  EXPECT_EQ(result.report->clean.dates, 0U);
  EXPECT_EQ(result.report->clean.dates_not_fitting, 0U);
}

TEST(CsvTypedNormalize, ProofAfterTheWindowDoesNotChangeTheDecision) {
  // 01/02 and 03/04 are ambiguous; 13/01 would prove dmy but comes after the window.
  auto result = normalize_text("d\n01/02/2024\n03/04/2024\n13/01/2024\n", typed(2));
  ASSERT_THAT(result.report, IsOk());
  EXPECT_EQ(result.out, "d\n01/02/2024\n03/04/2024\n13/01/2024\n");
  ASSERT_EQ(result.report->warnings.size(), 1U);
  EXPECT_NE(result.report->warnings[0].find("column 'd'"), std::string::npos);
  auto whole = normalize_text("d\n01/02/2024\n03/04/2024\n13/01/2024\n", typed(3));
  EXPECT_EQ(whole.out, "d\n2024-02-01\n2024-04-03\n2024-01-13\n");
  EXPECT_TRUE(whole.report->warnings.empty());
}

TEST(CsvTypedNormalize, WorksWithCleanRaggedRejectsAndNoHeader) {
  NormalizeOptions options = typed(kDefaultInferRows);
  options.clean.trim = true;
  options.clean.headers = HeaderStyle::kSnake;
  options.clean.nulls = default_null_tokens();
  auto result = normalize_text(
      "Flag;  Amount ($) ;Day\nyes; $1,234.50 ;2024-01-13\nN;N/A;13/01/2024\nno;2;x;y\nY\n",
      options);
  ASSERT_THAT(result.report, IsOk());
  EXPECT_EQ(result.out, "flag,amount,day\ntrue,1234.50,2024-01-13\nfalse,,2024-01-13\ntrue,,\n");
  EXPECT_EQ(result.rejects, "4,no,2,x,y\n");
  EXPECT_EQ(result.report->clean.booleans, 3U);
  NormalizeOptions bare = typed(kDefaultInferRows);
  bare.dialect.header = false;
  auto headless = normalize_text("1/13/2024,FALSE\n2/1/2024,true\n", bare);
  EXPECT_EQ(headless.out, "2024-01-13,false\n2024-02-01,true\n");
}

TEST(CsvTypedNormalize, RulesNotAskedForChangeNothing) {
  NormalizeOptions options;
  options.clean.types.dates = true;
  auto result = normalize_text("a,b\nyes,\"1,5\"\nno,2\n", options);
  EXPECT_EQ(result.out, "a,b\nyes,\"1,5\"\nno,2\n");
  EXPECT_EQ(result.report->inferred_rows, 2U);
}

}  // namespace
}  // namespace gofer::csv::testing
