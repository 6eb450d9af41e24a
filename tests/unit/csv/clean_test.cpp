// Cleaning rules: trim (NBSP, tabs), squeeze, nulls, header styles, uniqueness, selection.
#include "gofer/csv/clean.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "matchers.hpp"

namespace gofer::csv {
namespace {

using gofer::testing::ErrorIs;
using gofer::testing::IsOk;

TEST(CsvClean, TrimStripsAsciiNbspAndUnicodeSpaces) {
  EXPECT_EQ(trim_value("  a b \t"), "a b");
  EXPECT_EQ(trim_value("\xC2\xA0x\xC2\xA0"), "x");
  EXPECT_EQ(trim_value("\xE2\x80\x83y\xE3\x80\x80"), "y");  // EM SPACE, IDEOGRAPHIC SPACE
  EXPECT_EQ(trim_value("caf\xC3\xA9"), "caf\xC3\xA9");      // é is not a space
  EXPECT_EQ(trim_value(" \t "), "");
}

TEST(CsvClean, SqueezeCollapsesInnerRuns) {
  EXPECT_EQ(squeeze_value("a  \t b\xC2\xA0\xC2\xA0"
                          "c"),
            "a b c");
}

TEST(CsvClean, NullTokensBecomeEmptyAndAreCounted) {
  CleanOptions options;
  options.trim = true;
  options.nulls = default_null_tokens();
  CleanCounts counts;
  std::string scratch;
  EXPECT_EQ(clean_value(" N/A ", options, scratch, counts), "");
  EXPECT_EQ(clean_value("NULL", options, scratch, counts), "");
  EXPECT_EQ(clean_value("n/a", options, scratch, counts), "n/a");  // tokens are exact
  EXPECT_EQ(clean_value("Nancy", options, scratch, counts), "Nancy");
  EXPECT_EQ(counts.nulled, 2U);
  EXPECT_EQ(counts.trimmed, 1U);
}

TEST(CsvClean, NullTokenIndexFindsExactlyTheTokens) {
  const std::string long_token(70, 'x');
  NullTokens tokens({"NA", "", "-", long_token});
  EXPECT_TRUE(tokens.contains("NA"));
  EXPECT_TRUE(tokens.contains("-"));
  EXPECT_TRUE(tokens.contains(""));
  EXPECT_TRUE(tokens.contains(long_token));
  EXPECT_FALSE(tokens.contains(std::string(71, 'x')));  // same length bit (63+), not a token
  EXPECT_FALSE(tokens.contains("NB"));                  // same length and first byte
  EXPECT_FALSE(tokens.contains("na"));                  // tokens are exact
  EXPECT_FALSE(tokens.contains("\xFF"));
  EXPECT_FALSE(NullTokens({}).contains(""));
}

// Tokens of up to 8 bytes are compared as words: every value of 1-10 bytes that differs from
// a token in one byte, or only in length, must not match; the tokens themselves must.
TEST(CsvClean, NullTokenWordsMatchExactlyTheTokensOfEveryShortLength) {
  std::vector<std::string> list;
  for (size_t n = 1; n <= 10; ++n) {
    std::string token;
    for (size_t i = 0; i < n; ++i) token += static_cast<char>('a' + i);
    list.push_back(token);
  }
  NullTokens tokens(list);
  for (const std::string& token : list) {
    EXPECT_TRUE(tokens.contains(token)) << token;
    EXPECT_FALSE(tokens.contains(token + "z")) << token;
    for (size_t i = 0; i < token.size(); ++i) {
      std::string changed = token;
      changed[i] = 'Z';
      EXPECT_FALSE(tokens.contains(changed)) << changed;
    }
  }
  NullTokens sparse({"NA", "NULL", "None", "-", "n/a"});
  EXPECT_TRUE(sparse.contains("None"));
  EXPECT_FALSE(sparse.contains("Nona"));
  EXPECT_FALSE(sparse.contains("NUL"));
  EXPECT_FALSE(sparse.contains("n/b"));
  EXPECT_FALSE(sparse.contains("--"));
}

TEST(CsvClean, SnakeHeaders) {
  EXPECT_EQ(snake_header("  Amount ($) "), "amount");
  EXPECT_EQ(snake_header("Customer Name"), "customer_name");
  EXPECT_EQ(snake_header("Größe"), "grosse");
  EXPECT_EQ(snake_header("birth date (US)"), "birth_date_us");
  EXPECT_EQ(snake_header("ref-code"), "ref_code");
}

TEST(CsvClean, SafeHeadersAreIdentifiers) {
  EXPECT_EQ(safe_header("2024 Sales"), "_2024_Sales");
  EXPECT_EQ(safe_header("Café au lait"), "Cafe_au_lait");
}

TEST(CsvClean, HeadersUniqueAndEmptyNamed) {
  EXPECT_EQ(clean_headers({"  Amount ($) ", "amount", "", "Amount"}, HeaderStyle::kSnake),
            (std::vector<std::string>{"amount", "amount_2", "column_3", "amount_3"}));
  EXPECT_EQ(clean_headers({"a", "a"}, HeaderStyle::kKeep), (std::vector<std::string>{"a", "a"}));
}

TEST(CsvClean, SelectAndDropColumns) {
  CleanOptions options;
  options.select = {"c", "a"};
  EXPECT_EQ(select_columns({"a", "b", "c"}, options).value(), (std::vector<size_t>{2, 0}));
  options.select.clear();
  options.drop = {"b"};
  EXPECT_EQ(select_columns({"a", "b", "c"}, options).value(), (std::vector<size_t>{0, 2}));
  options.drop = {"zzz"};
  EXPECT_THAT(select_columns({"a"}, options), ErrorIs(ErrorCategory::kInvalidArgument));
}

}  // namespace
}  // namespace gofer::csv
