// The normalize pipeline: ragged policies, rejects, cleaning, canonical output, encodings.
#include "gofer/csv/normalize.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "csv_test_util.hpp"
#include "matchers.hpp"

namespace gofer::csv::testing {
namespace {

using gofer::testing::ErrorIs;
using gofer::testing::IsOk;

constexpr std::string_view kRagged = "a;b;c\r\n1;2;3\r\nshort;1\r\nlong;1;2;3\r\nempty;1;2;;\r\n";

TEST(CsvNormalize, FixPadsTrimsAndRejects) {
  auto result = normalize_text(kRagged);
  ASSERT_THAT(result.report, IsOk());
  EXPECT_EQ(result.out, "a,b,c\n1,2,3\nshort,1,\nempty,1,2\n");
  EXPECT_EQ(result.rejects, "4,long,1,2,3\n");
  EXPECT_EQ(result.report->padded, 1U);
  EXPECT_EQ(result.report->trimmed, 1U);
  EXPECT_EQ(result.report->rejected, 1U);
  EXPECT_EQ(result.report->reject_lines, (std::vector<uint64_t>{4}));
  EXPECT_EQ(result.report->dialect.delimiter, ';');
}

TEST(CsvNormalize, ErrorModeStopsAtTheFirstRaggedRow) {
  NormalizeOptions options;
  options.ragged = RaggedPolicy::kError;
  auto result = normalize_text(kRagged, options);
  ASSERT_THAT(result.report, ErrorIs(ErrorCategory::kConflict));
  EXPECT_NE(result.report.error().message().find("line 3"), std::string::npos);
}

TEST(CsvNormalize, KeepModeWritesRowsAsTheyAre) {
  NormalizeOptions options;
  options.ragged = RaggedPolicy::kKeep;
  auto result = normalize_text(kRagged, options);
  ASSERT_THAT(result.report, IsOk());
  EXPECT_EQ(result.out, "a,b,c\n1,2,3\nshort,1\nlong,1,2,3\nempty,1,2,,\n");
}

TEST(CsvNormalize, CleanRulesAndColumnSelection) {
  NormalizeOptions options;
  options.clean.trim = true;
  options.clean.headers = HeaderStyle::kSnake;
  options.clean.nulls = default_null_tokens();
  options.clean.drop = {"notes"};
  options.clean.rename = {{"amount", "total"}};
  options.clean.dedupe = true;
  auto result = normalize_text(
      "  Amount ($) ,Name,Notes, Name\n 1 ,N/A,x,y\n 1 ,N/A,z,y\n2,\xC2\xA0" "b,,\n", options);
  ASSERT_THAT(result.report, IsOk());
  EXPECT_EQ(result.out, "total,name,name_2\n1,,y\n2,b,\n");
  EXPECT_EQ(result.report->clean.duplicates_dropped, 1U);
  EXPECT_EQ(result.report->clean.nulled, 2U);
}

TEST(CsvNormalize, ExcelWindows1252WithSepLine) {
  std::string input = "sep=;\r\nName;City\r\n";
  for (int i = 0; i < 10; ++i) input += "Jos\xE9;K\xF6ln \x80\r\n";
  auto result = normalize_text(input);
  ASSERT_THAT(result.report, IsOk());
  EXPECT_EQ(result.report->encoding, "WINDOWS-1252");
  EXPECT_TRUE(result.out.starts_with("Name,City\nJos\xC3\xA9,K\xC3\xB6ln \xE2\x82\xAC\n"));
}

TEST(CsvNormalize, OutputOptionsBomCrlfDelimiter) {
  NormalizeOptions options;
  options.bom = true;
  options.crlf = true;
  options.out_delimiter = '\t';
  auto result = normalize_text("a,b\n1,\"x\ty\"\n", options);
  ASSERT_THAT(result.report, IsOk());
  EXPECT_EQ(result.out, "\xEF\xBB\xBF" "a\tb\r\n1\t\"x\ty\"\r\n");
}

TEST(CsvNormalize, IdempotentOnMessyInput) {
  std::string messy = "\xEF\xBB\xBF" "x;y\r\n\"a;b\";'q'\r\n\r\n\"multi\r\nline\";\"\"\r\n1;2;3\r\nlast";
  auto once = normalize_text(messy);
  ASSERT_THAT(once.report, IsOk());
  auto twice = normalize_text(once.out);
  ASSERT_THAT(twice.report, IsOk());
  EXPECT_EQ(once.out, twice.out);
}

TEST(CsvNormalize, BadInputsAreHandled) {
  auto empty = normalize_text("");
  ASSERT_THAT(empty.report, IsOk());
  EXPECT_EQ(empty.out, "");
  auto header_only = normalize_text("a,b\n");
  ASSERT_THAT(header_only.report, IsOk());
  EXPECT_EQ(header_only.out, "a,b\n");
  auto nul = normalize_text(std::string("a,b\n1,\0\n", 8));
  ASSERT_THAT(nul.report, IsOk());
  EXPECT_EQ(nul.out, std::string("a,b\n1,\0\n", 8));
  auto open_quote = normalize_text("a,b\n1,\"never closed\n2,3\n");
  EXPECT_THAT(open_quote.report, ErrorIs(ErrorCategory::kInvalidData));
  std::string garbage;
  for (int i = 0; i < 5000; ++i) garbage += static_cast<char>((i * 7919) % 256);
  auto binary = normalize_text(garbage);  // some encoding, some rows, or a clear error
  if (!binary.report) {
    EXPECT_FALSE(binary.report.error().message().empty());
  }
}

}  // namespace
}  // namespace gofer::csv::testing
