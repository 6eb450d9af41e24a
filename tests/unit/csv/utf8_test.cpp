// UTF-8 validation: the SIMD block check must find exactly the prefix the portable loop does.
#include "csv/utf8.hpp"

#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

namespace gofer::csv {
namespace {

// Valid sequences at the edges of each length class, and the usual invalid ones (overlong,
// surrogate, above U+10FFFF, stray and missing continuation bytes, bytes never used).
const std::vector<std::string> kValid = {"a",
                                         ",",
                                         "\n",
                                         "\x7F",
                                         "\xC2\x80",
                                         "\xDF\xBF",
                                         "\xC3\xA9",
                                         "\xE0\xA0\x80",
                                         "\xE2\x82\xAC",
                                         "\xED\x9F\xBF",
                                         "\xEE\x80\x80",
                                         "\xEF\xBF\xBF",
                                         "\xF0\x90\x80\x80",
                                         "\xF4\x8F\xBF\xBF",
                                         "\xF3\xA0\x80\x80"};
const std::vector<std::string> kInvalid = {"\x80",
                                           "\xBF",
                                           "\xC0\x80",
                                           "\xC1\xBF",
                                           "\xE0\x80\x80",
                                           "\xE0\x9F\xBF",
                                           "\xED\xA0\x80",
                                           "\xED\xBF\xBF",
                                           "\xF0\x80\x80\x80",
                                           "\xF0\x8F\xBF\xBF",
                                           "\xF4\x90\x80\x80",
                                           "\xF5\x80\x80\x80",
                                           "\xFF",
                                           "\xFE",
                                           "\xC3",
                                           "\xE2\x82",
                                           "\xF0\x90\x80",
                                           "\xC3\xA9\xA9",
                                           "\xE2\x82\xAC\x80"};

std::string valid_text(std::mt19937& rng, size_t bytes) {
  std::string text;
  while (text.size() < bytes) {
    // Mostly ASCII with runs of other characters, like real CSV (and long pure-ASCII runs).
    text += rng() % 3 == 0 ? kValid[rng() % kValid.size()] : std::string(rng() % 40, 'x');
  }
  return text;
}

void expect_same_prefix(std::string_view text) {
  ASSERT_EQ(utf8_valid_prefix(text), utf8_valid_prefix_scalar(text, 0))
      << "text of " << text.size() << " bytes";
}

TEST(CsvUtf8, BlockCheckFindsTheSamePrefixForOneErrorAnywhere) {
  std::mt19937 rng(11);
  for (int round = 0; round < 40; ++round) {
    std::string text = valid_text(rng, 200);
    expect_same_prefix(text);
    EXPECT_EQ(utf8_valid_prefix(text), text.size());
    for (size_t at = 0; at <= text.size(); ++at) {
      const std::string& bad = kInvalid[(at + static_cast<size_t>(round)) % kInvalid.size()];
      expect_same_prefix(text.substr(0, at) + bad + text.substr(at));
      expect_same_prefix(text.substr(0, at));  // cut anywhere, mid-character included
    }
  }
}

TEST(CsvUtf8, BlockCheckFindsTheSamePrefixOnRandomMixtures) {
  std::mt19937 rng(12);
  for (int round = 0; round < 20000; ++round) {
    std::string text;
    size_t size = 64 + rng() % 256;
    while (text.size() < size) {
      auto pick = rng() % 100;
      if (pick < 2) {
        text += kInvalid[rng() % kInvalid.size()];
      } else if (pick < 4) {
        text += static_cast<char>(rng() % 256);
      } else {
        text += kValid[rng() % kValid.size()];
      }
    }
    expect_same_prefix(text);
  }
}

}  // namespace
}  // namespace gofer::csv
