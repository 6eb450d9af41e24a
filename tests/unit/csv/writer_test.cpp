// Writer quoting: only where needed, doubled quotes, the one-empty-field row.
#include "gofer/csv/writer.hpp"

#include <gtest/gtest.h>

#include <random>
#include <string>

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

// The byte-at-a-time definition of RFC 4180 quoting the word/SIMD checks must agree with.
std::string reference_field(std::string_view field, char delimiter) {
  if (field.find_first_of(std::string{delimiter, '"', '\n', '\r'}) == std::string_view::npos) {
    return std::string(field);
  }
  std::string out = "\"";
  for (char c : field) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

// The quoting check reads short fields with overlapping loads and long ones 16 bytes at a
// time: every length up to well past 16 with one special byte at every position, and random
// fields, must quote exactly where the definition says.
TEST(CsvWriter, QuotingCheckEqualsTheByteByByteDefinitionAtEveryLengthAndPosition) {
  for (char delimiter : {',', ';', '\t'}) {
    CsvWriter writer({delimiter, false});
    for (size_t length = 0; length <= 70; ++length) {
      for (size_t at = 0; at <= length; ++at) {
        for (char special : {',', ';', '\t', '"', '\n', '\r', '\0', '\x80'}) {
          std::string field(length, 'x');
          if (at < length) field[at] = special;
          std::string out;
          writer.write_field(field, out);
          ASSERT_EQ(out, reference_field(field, delimiter))
              << "length " << length << " at " << at << " delimiter " << int(delimiter);
        }
      }
    }
  }
  std::mt19937 rng(7);
  const std::string alphabet = "ab ,;\"\n\r\t\xC3\xA9";
  CsvWriter writer({',', false});
  for (int i = 0; i < 20000; ++i) {
    std::string field(rng() % 40, 'x');
    for (char& c : field) c = alphabet[rng() % alphabet.size()];
    if (rng() % 2 == 0) {
      for (char& c : field) c = c == ',' || c == '"' || c == '\n' || c == '\r' ? 'z' : c;
    }
    std::string out;
    writer.write_field(field, out);
    ASSERT_EQ(out, reference_field(field, ','));
  }
}

}  // namespace
}  // namespace gofer::csv::testing
