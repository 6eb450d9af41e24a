// Chunked (multithreaded) normalize equals the serial one byte for byte: output, rejects,
// report and errors, with chunk edges put at every awkward place.
#include <random>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "csv_test_util.hpp"
#include "gofer/csv/scan.hpp"
#include "matchers.hpp"

namespace gofer::csv::testing {
namespace {

using gofer::testing::IsOk;

// What a caller can observe of one normalize run.
struct Observed {
  std::string out;
  std::string rejects;
  std::string error;
  std::string report;
  bool operator==(const Observed&) const = default;
};

std::string describe(const NormalizeReport& r) {
  std::string text = r.encoding + " cols " + std::to_string(r.columns);
  for (uint64_t n :
       {r.bytes_in, r.bytes_out, r.rows_in, r.rows_out, r.padded, r.trimmed, r.rejected,
        r.blank_lines, r.replaced_chars, r.clean.trimmed, r.clean.nulled, r.clean.headers_renamed,
        r.clean.dates, r.clean.numbers, r.clean.booleans, r.clean.dates_not_fitting,
        r.clean.numbers_not_fitting, r.clean.booleans_not_fitting, r.inferred_rows}) {
    text += " " + std::to_string(n);
  }
  for (uint64_t line : r.reject_lines) text += " L" + std::to_string(line);
  for (const std::string& warning : r.warnings) text += " W" + warning;
  return text;
}

Observed run(std::string_view input, NormalizeOptions options, size_t threads, size_t chunk) {
  options.threads = threads;
  options.chunk_bytes = chunk;
  Normalized result = normalize_text(input, options);
  Observed observed{result.out, result.rejects, "", ""};
  if (result.report) {
    observed.report = describe(*result.report);
  } else {
    observed.error = result.report.error().message();
    // On error the caller discards the output; only the error must match.
    observed.out.clear();
    observed.rejects.clear();
  }
  return observed;
}

void expect_chunked_equals_serial(std::string_view input, const NormalizeOptions& options = {}) {
  Observed serial = run(input, options, 1, 0);
  for (size_t chunk = 1; chunk <= 9; ++chunk) {
    ASSERT_EQ(run(input, options, 3, chunk), serial)
        << "chunk " << chunk << ": " << ::testing::PrintToString(std::string(input));
  }
}

// A comment line with a quote in it falls on every chunk edge for some chunk size.
TEST(CsvNormalizeChunks, CommentLinesAcrossEdges) {
  NormalizeOptions options;
  options.dialect.comment = '#';
  expect_chunked_equals_serial("a,b\n# it's \"quoted\nx,1\n## more ##\ny,2\n", options);
  auto out = run("a,b\n# it's \"quoted\nx,1\n## more ##\ny,2\n", options, 2, 8);
  EXPECT_EQ(out.out, "a,b\nx,1\ny,2\n");
}

TEST(CsvNormalizeChunks, QuotedNewlineExactlyOnAChunkEdge) {
  // With 4-byte chunks the quoted LF is the last byte of the second chunk.
  expect_chunked_equals_serial("a,b\n\"x\ny\",2\nc,3\n");
  auto out = run("a,b\n\"x\ny\",2\nc,3\n", {}, 2, 8);
  EXPECT_EQ(out.out, "a,b\n\"x\ny\",2\nc,3\n");
}

TEST(CsvNormalizeChunks, DoubledQuoteSplitAcrossAnEdge) {
  expect_chunked_equals_serial("a,b\n\"q\"\"r\",1\n\"\"\"\",2\n");
}

TEST(CsvNormalizeChunks, CrlfSplitAcrossAnEdge) {
  expect_chunked_equals_serial("a,b\r\n1,2\r\n\"3\r\n4\",5\r\n6,7\r");
  expect_chunked_equals_serial("a,b\r1,2\r3,4\r\n\r\n5,6");
}

TEST(CsvNormalizeChunks, BackslashEscapesAcrossAnEdge) {
  NormalizeOptions options;
  options.dialect.escape = EscapeStyle::kBackslash;
  expect_chunked_equals_serial("a,b\n\"x\\\"y\",1\n\"p\\\nq\",2\nr\\,s,3\n", options);
}

TEST(CsvNormalizeChunks, UnterminatedQuoteReportsTheLineItOpened) {
  std::string input = "a,b\n1,2\n3,4\n5,\"never\nclosed\n6,7\n";
  expect_chunked_equals_serial(input);
  auto chunked = run(input, {}, 2, 2);
  EXPECT_THAT(chunked.error, ::testing::HasSubstr("line 4: unterminated quoted field"));
}

TEST(CsvNormalizeChunks, RejectsKeepTheirOrderAndLines) {
  std::string input = "a,b\n";
  for (int i = 0; i < 40; ++i) input += i % 7 == 3 ? "1,2,3\n" : i % 5 == 0 ? "x\n" : "p,q\n";
  expect_chunked_equals_serial(input);
  auto chunked = run(input, {}, 2, 5);
  EXPECT_EQ(chunked.rejects.substr(0, 13), "5,1,2,3\n12,1,");
}

TEST(CsvNormalizeChunks, RaggedErrorIsTheFirstInInputOrder) {
  NormalizeOptions options;
  options.ragged = RaggedPolicy::kError;
  std::string input = "a,b\n1,2\n3\n4,5,6\n";
  expect_chunked_equals_serial(input, options);
  EXPECT_THAT(run(input, options, 2, 3).error, ::testing::HasSubstr("line 3:"));
}

TEST(CsvNormalizeChunks, OverLongRecordFailsLikeTheSerialParse) {
  NormalizeOptions options;
  options.max_record_bytes = 16;
  expect_chunked_equals_serial("a,b\n1,2\n\"0123456789abcdefghijkl\",3\n4,5\n", options);
}

TEST(CsvNormalizeChunks, CleaningAndSelectionPerChunk) {
  NormalizeOptions options;
  options.clean.trim = true;
  options.clean.nulls = default_null_tokens();
  options.clean.headers = HeaderStyle::kSnake;
  options.clean.select = {"b", "a"};
  expect_chunked_equals_serial(" A ,B\n 1 ,NA\n\n\"x,y\", N/A \n3,4,5\n", options);
}

TEST(CsvNormalizeChunks, TypedRulesDecidedOnceThenAppliedPerChunk) {
  // The first 3 rows decide the column types; the later chunks share the decision, including
  // a value that no longer fits (left alone and counted) and an ambiguous date column.
  NormalizeOptions options;
  options.clean.types.dates = true;
  options.clean.types.numbers = true;
  options.clean.types.booleans = true;
  options.clean.types.infer_rows = 3;
  std::string input = "when,amount,ok,maybe\n";
  for (int i = 1; i <= 30; ++i) {
    std::string day = std::to_string(i % 15 + 13);  // 13..27: proves day-month-year
    input += day + "/01/2024,\"1.234," + std::to_string(i % 10) + "\"," + (i % 2 ? "yes" : "no") +
             ",0" + std::to_string(i % 9 + 1) + "/02/2024\n";
  }
  input += "soon,abc,maybe,x\n";
  expect_chunked_equals_serial(input, options);
  Observed chunked = run(input, options, 3, 17);
  EXPECT_THAT(chunked.out, ::testing::HasSubstr("\n2024-01-14,1234.1,true,02/02/2024\n"));
  EXPECT_THAT(chunked.out, ::testing::HasSubstr("\nsoon,abc,maybe,x\n"));
  EXPECT_THAT(chunked.report, ::testing::HasSubstr(" Wcolumn"));
}

// Random messy tables: ragged rows, quotes, CR/LF/CRLF, blank lines, bare quotes.
std::string random_input(std::mt19937& rng) {
  static constexpr std::string_view kPieces[] = {
      "a",      "bb",       " c ",      ",",          ",",  ",",        "\n", "\n", "\r\n", "\r",
      "\"q,\"", "\"\"\"\"", "\"x\ny\"", "\"r\r\ns\"", "NA", "\xC3\xA9", "\"", ";",  "\n\n"};
  std::uniform_int_distribution<size_t> length(1, 60), piece(0, std::size(kPieces) - 1);
  std::string text = "h1,h2,h3\n";
  for (size_t n = length(rng); n > 0; --n) text += kPieces[piece(rng)];
  return text;
}

TEST(CsvNormalizeChunks, ChunkedEqualsSerialOnThousandsOfFiles) {
  std::mt19937 rng(11);
  std::uniform_int_distribution<size_t> chunk(1, 40), threads(2, 4);
  for (int i = 0; i < 3000; ++i) {
    std::string input = random_input(rng);
    NormalizeOptions options;
    options.clean.trim = i % 3 == 0;
    options.ragged = i % 5 == 0 ? RaggedPolicy::kKeep : RaggedPolicy::kFix;
    options.dialect.delimiter = ',';
    Observed serial = run(input, options, 1, 0);
    size_t size = chunk(rng);
    ASSERT_EQ(run(input, options, threads(rng), size), serial)
        << "chunk " << size << ": " << ::testing::PrintToString(input);
  }
}

// Skimming settles a whole 64-byte window at once (record ends and quoted line breaks counted,
// only the first record checked against the size limit): long files cut in chunks of many
// windows, some with a limit a little above a window, must still match the serial parse,
// reject line numbers and errors included.
TEST(CsvNormalizeChunks, SkimmingWholeWindowsEqualsSerialOnLongFiles) {
  std::mt19937 rng(13);
  std::uniform_int_distribution<size_t> chunk(256, 4096), parts(20, 120);
  for (int i = 0; i < 300; ++i) {
    std::string input = random_input(rng);
    for (size_t n = parts(rng); n > 0; --n) input += random_input(rng).substr(9);
    NormalizeOptions options;
    options.dialect.delimiter = ',';
    options.max_record_bytes = i % 4 == 0 ? 64 + static_cast<size_t>(i % 40) : 0;
    Observed serial = run(input, options, 1, 0);
    size_t size = chunk(rng);
    ASSERT_EQ(run(input, options, 2, size), serial)
        << "chunk " << size << ": " << ::testing::PrintToString(input);
  }
}

TEST(CsvNormalizeChunks, PortableScanChunkedEqualsSerial) {
  use_simd_scan(false);
  std::mt19937 rng(12);
  for (int i = 0; i < 500; ++i) {
    std::string input = random_input(rng);
    NormalizeOptions options;
    options.dialect.delimiter = ',';
    EXPECT_EQ(run(input, options, 2, 1 + static_cast<size_t>(i % 13)), run(input, options, 1, 0));
  }
  use_simd_scan(true);
}

TEST(CsvNormalizeChunks, DedupeRunsSerially) {
  NormalizeOptions options;
  options.clean.dedupe = true;
  auto out = run("a\n1\n2\n1\n2\n3\n", options, 3, 2);
  EXPECT_EQ(out.out, "a\n1\n2\n3\n");
}

TEST(CsvNormalize, LeadingByteOrderMarkInAFieldIsQuotedToStayIdempotent) {
  // U+FEFF inside the first field, after a blank line: unquoted it would read back as a BOM.
  auto once = run("\n\xEF\xBB\xBFi,j\n1,2\n", {}, 1, 0);
  EXPECT_EQ(once.out, "\"\xEF\xBB\xBFi\",j\n1,2\n");
  EXPECT_EQ(run(once.out, {}, 1, 0).out, once.out);
  NormalizeOptions bom;
  bom.bom = true;
  EXPECT_EQ(run("\n\xEF\xBB\xBFi\n", bom, 1, 0).out, "\xEF\xBB\xBF\xEF\xBB\xBFi\n");
}

TEST(CsvNormalize, FirstLineLookingLikeExcelSepLineIsQuoted) {
  auto once = run("\"sep=;\"\n1\n", {}, 1, 0);
  EXPECT_EQ(once.out, "\"sep=;\"\n1\n");
  EXPECT_EQ(run(once.out, {}, 1, 0).out, once.out);
  // "sep=" and a line end is a header named sep=, not a delimiter line.
  EXPECT_EQ(run("sep=\n1\n", {}, 1, 0).out, "sep=\n1\n");
}

}  // namespace
}  // namespace gofer::csv::testing
