// Writer quoting: only where needed, doubled quotes, the one-empty-field row.
#include "gofer/csv/writer.hpp"

#include <gtest/gtest.h>

#include "csv_test_util.hpp"

namespace gofer::csv::testing {
namespace {

TEST(CsvWriter, QuotesOnlyWhereNeeded) {
  EXPECT_EQ(write_rows({{"plain", "a,b", "say \"hi\"", "x\ny", "cr\r", " space "}}),
            "plain,\"a,b\",\"say \"\"hi\"\"\",\"x\ny\",\"cr\r\", space \n");
}

TEST(CsvWriter, SingleEmptyFieldIsQuotedSoItIsNotABlankLine) {
  EXPECT_EQ(write_rows({{""}, {"", ""}}), "\"\"\n,\n");
}

TEST(CsvWriter, OutDelimiterAndCrlf) {
  EXPECT_EQ(write_rows({{"a;b", "c,d"}}, {';', true}), "\"a;b\";c,d\r\n");
}

}  // namespace
}  // namespace gofer::csv::testing
