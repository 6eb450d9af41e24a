// Properties over thousands of generated tables: round trip, idempotence, block-split
// invariance, and agreement with Python's csv module.
#include <filesystem>
#include <random>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "csv_test_util.hpp"
#include "matchers.hpp"
#include "run_binary.hpp"
#include "temp_dir.hpp"

namespace gofer::csv::testing {
namespace {

using gofer::testing::IsOk;

constexpr int kTables = 2000;

// Fields built from the characters that matter to CSV, plus multibyte UTF-8.
std::string random_field(std::mt19937& rng) {
  static constexpr std::string_view kPieces[] = {"a", "b", "1", " ", ",", "\"", "\n", "\r\n",
                                                 "\r", ";", "'", "\t", "\xC3\xA9", "xyz", ""};
  std::uniform_int_distribution<size_t> length(0, 6), piece(0, std::size(kPieces) - 1);
  std::string field;
  for (size_t n = length(rng); n > 0; --n) field += kPieces[piece(rng)];
  return field;
}

Rows random_table(std::mt19937& rng) {
  std::uniform_int_distribution<size_t> rows(1, 8), columns(1, 5);
  size_t width = columns(rng);
  Rows table;
  for (size_t r = rows(rng); r > 0; --r) {
    std::vector<std::string> row;
    for (size_t c = 0; c < width; ++c) row.push_back(random_field(rng));
    table.push_back(std::move(row));
  }
  return table;
}

TEST(CsvProperties, ParseOfWriteIsIdentity) {
  std::mt19937 rng(1);
  for (int i = 0; i < kTables; ++i) {
    Rows table = random_table(rng);
    for (bool crlf : {false, true}) {
      std::string text = write_rows(table, {',', crlf});
      auto parsed = parse_text(text);
      ASSERT_THAT(parsed, IsOk());
      ASSERT_EQ(*parsed, table) << text;
    }
  }
}

TEST(CsvProperties, ParsingInAnyBlockSizeEqualsOneBlock) {
  std::mt19937 rng(2);
  for (int i = 0; i < kTables; ++i) {
    std::string text = write_rows(random_table(rng));
    auto whole = parse_text(text);
    ASSERT_THAT(whole, IsOk());
    size_t piece = std::uniform_int_distribution<size_t>(1, 7)(rng);
    auto split = parse_text(text, {}, piece);
    ASSERT_THAT(split, IsOk());
    ASSERT_EQ(*split, *whole) << "piece " << piece << ": " << text;
  }
}

TEST(CsvProperties, NormalizeIsIdempotent) {
  std::mt19937 rng(3);
  for (int i = 0; i < kTables / 4; ++i) {
    // Mess the table up first: another delimiter, CRLF, ragged rows.
    Rows table = random_table(rng);
    if (i % 3 == 0 && !table.empty()) table.back().pop_back();
    std::string messy = write_rows(table, {i % 2 == 0 ? ';' : ',', i % 4 == 0});
    auto once = normalize_text(messy);
    if (!once.report) continue;  // e.g. a sniffed quote that leaves a field open
    auto twice = normalize_text(once.out);
    ASSERT_THAT(twice.report, IsOk());
    ASSERT_EQ(twice.out, once.out) << messy;
  }
}

TEST(CsvProperties, AgreesWithPythonCsvModule) {
  if (gofer::testing::run_program({"python3", "-c", "import csv"}).exit_code != 0) {
    GTEST_SKIP() << "python3 not available";
  }
  gofer::testing::TempDir dir;
  std::mt19937 rng(4);
  std::vector<Rows> tables;
  for (int i = 0; i < 500; ++i) {
    tables.push_back(random_table(rng));
    dir.write(std::to_string(i) + ".csv", write_rows(tables.back(), {',', i % 2 == 1}));
  }
  auto python = gofer::testing::run_program(
      {"python3", "-c",
       "import csv, json, sys\n"
       "out = []\n"
       "for i in range(500):\n"
       "    with open(f'{sys.argv[1]}/{i}.csv', newline='', encoding='utf-8') as f:\n"
       "        out.append(list(csv.reader(f)))\n"
       "print(json.dumps(out))\n",
       dir.path().string()});
  ASSERT_EQ(python.exit_code, 0) << python.err;
  auto expected = nlohmann::json::parse(python.out);
  for (size_t i = 0; i < tables.size(); ++i) {
    auto parsed = parse_text(dir.read(std::to_string(i) + ".csv"));
    ASSERT_THAT(parsed, IsOk());
    ASSERT_EQ(nlohmann::json(*parsed), expected[i]) << i;
  }
}

}  // namespace
}  // namespace gofer::csv::testing
