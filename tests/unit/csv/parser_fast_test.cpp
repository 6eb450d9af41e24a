// The parser's mask-based fast path against its state machine (which runs alone when notices
// are on), and the SIMD window classifier against the portable one (what aarch64 runs).
#include <random>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "csv_test_util.hpp"
#include "gofer/csv/scan.hpp"
#include "matchers.hpp"

namespace gofer::csv::testing {
namespace {

using gofer::testing::IsOk;

// Everything a parse produces that normalize depends on.
struct Parsed {
  Rows rows;
  std::vector<uint64_t> lines;
  std::vector<bool> canonical;
  uint64_t blank_lines = 0;
  std::string error;
  bool operator==(const Parsed&) const = default;
};

class CanonicalSink final : public RecordSink {
 public:
  Status on_record(const Record& record) override {
    parsed.rows.emplace_back(record.fields.begin(), record.fields.end());
    parsed.lines.push_back(record.line);
    parsed.canonical.push_back(!record.canonical.empty());
    if (!record.canonical.empty()) {
      // The promise: the raw bytes are exactly what the writer makes of the fields.
      std::vector<std::string_view> fields(record.fields.begin(), record.fields.end());
      std::string written;
      CsvWriter({delimiter, false}).write(fields, written);
      EXPECT_EQ(std::string(record.canonical) + "\n", written);
    }
    // The promise of Record::plain: the writer would not quote the field (or any part of it).
    for (size_t i = 0; i < record.fields.size() && i < 64; ++i) {
      if ((record.plain >> i & 1) == 0) continue;
      ++plain_fields;
      std::string written;
      CsvWriter({delimiter, false}).write_field(record.fields[i], written);
      EXPECT_EQ(written, record.fields[i]) << "field " << i << " marked plain";
    }
    return {};
  }
  char delimiter = ',';
  Parsed parsed;
  size_t plain_fields = 0;
};

Parsed parse_with(std::string_view text, const Dialect& dialect, size_t piece, bool fast) {
  CanonicalSink sink;
  sink.delimiter = dialect.delimiter;
  Parser parser(dialect, sink);
  parser.report_notices(!fast);  // notices turn the fast path off
  Status status;
  for (size_t at = 0; at < text.size() && status; at += piece) {
    status = parser.feed(text.substr(at, piece));
  }
  if (status) status = parser.finish();
  if (!status) sink.parsed.error = status.error().message();
  // The state machine promises nothing; the fast path marks most fields plain.
  if (!fast) {
    EXPECT_EQ(sink.plain_fields, 0U);
  }
  sink.parsed.blank_lines = parser.blank_lines();
  // Only the fast path marks records canonical (checked in the sink); compare the rest.
  sink.parsed.canonical.assign(sink.parsed.canonical.size(), false);
  return sink.parsed;
}

// Text with everything that makes quoting irregular or lines odd, in long runs so that
// records cross 64-byte windows.
std::string random_text(std::mt19937& rng) {
  static constexpr std::string_view kPieces[] = {"a",
                                                 "bc",
                                                 ",",
                                                 ",",
                                                 "\"",
                                                 "\"\"",
                                                 "\n",
                                                 "\r\n",
                                                 "\r",
                                                 ";",
                                                 "'",
                                                 " ",
                                                 "\"x,y\"",
                                                 "\"q\"\"q\"",
                                                 "0123456789abcdefghij",
                                                 "\xC3\xA9",
                                                 ",\"multi\nline\",",
                                                 "\t"};
  std::uniform_int_distribution<size_t> length(0, 120), piece(0, std::size(kPieces) - 1);
  std::string text;
  for (size_t n = length(rng); n > 0; --n) text += kPieces[piece(rng)];
  return text;
}

void expect_fast_equals_state_machine(uint32_t seed) {
  std::mt19937 rng(seed);
  for (int i = 0; i < 3000; ++i) {
    std::string text = random_text(rng);
    Dialect dialect;
    dialect.delimiter = i % 3 == 0 ? ';' : ',';
    dialect.quote = i % 7 == 0 ? '\'' : '"';
    size_t piece = std::uniform_int_distribution<size_t>(1, 200)(rng);
    Parsed slow = parse_with(text, dialect, text.size() + 1, false);
    Parsed fast = parse_with(text, dialect, piece, true);
    ASSERT_EQ(fast, slow) << "piece " << piece << ": " << ::testing::PrintToString(text);
  }
}

TEST(CsvParserFast, EqualsTheStateMachineOnIrregularText) { expect_fast_equals_state_machine(7); }

TEST(CsvParserFast, PortableScanEqualsTheStateMachine) {
  use_simd_scan(false);
  EXPECT_STREQ(scan_implementation(), "scalar");
  expect_fast_equals_state_machine(8);
  use_simd_scan(true);
}

TEST(CsvParserFast, CanonicalRecordsAreWhatTheWriterWrites) {
  std::mt19937 rng(9);
  for (int i = 0; i < 1000; ++i) {
    // CanonicalSink checks each record marked canonical against the writer.
    CanonicalSink sink;
    Parser parser(Dialect{}, sink);
    std::string text = random_text(rng);
    if (parser.feed(text)) (void)parser.finish();
  }
}

class PlainSink final : public RecordSink {
 public:
  Status on_record(const Record& record) override {
    masks.push_back(record.plain);
    return {};
  }
  std::vector<uint64_t> masks;
};

std::vector<uint64_t> plain_masks(std::string_view text, char quote) {
  PlainSink sink;
  Dialect dialect;
  dialect.quote = quote;
  Parser parser(dialect, sink);
  EXPECT_THAT(parser.feed(text), IsOk());
  EXPECT_THAT(parser.finish(), IsOk());
  return sink.masks;
}

// Unquoted fields and quoted ones the writer would unquote are plain; fields that keep their
// quotes are not; with ' as the quote a '"' may sit in any field, so nothing is promised.
TEST(CsvParserFast, FieldsWithoutStructuralBytesAreMarkedPlain) {
  std::string text = "a,\"b\",\"c,d\",\"e\"\"f\",\"g\nh\",\n";
  EXPECT_EQ(plain_masks(text, '"'), (std::vector<uint64_t>{0b100011}));
  EXPECT_EQ(plain_masks("a,'b',c\n", '\''), (std::vector<uint64_t>{0}));
  std::string wide;
  for (int i = 0; i < 70; ++i) wide += "x,";
  EXPECT_EQ(plain_masks(wide + "x\n", '"'), (std::vector<uint64_t>{~uint64_t{0}}));
}

TEST(CsvParserFast, QuotedNewlineAndCrlfAcrossWindows) {
  std::string head(62, 'x');
  // The quoted field's CRLF straddles the first 64-byte window edge.
  std::string text = head + ",\"a\r\nb\"\r\nnext,row\r\n";
  auto rows = parse_text(text);
  ASSERT_THAT(rows, IsOk());
  EXPECT_EQ(*rows, (Rows{{head, "a\r\nb"}, {"next", "row"}}));
}

TEST(CsvScan, ClassifierImplementationsAgree) {
  std::mt19937 rng(10);
  std::uniform_int_distribution<int> byte(0, 255);
  for (int i = 0; i < 2000; ++i) {
    char window[64];
    for (char& c : window) c = "\",;\n\r'ab"[byte(rng) % 8];
    WindowMasks simd = classify_window(window, ',', '"');
    WindowMasks scalar = classify_window_scalar(window, ',', '"');
    ASSERT_EQ(simd.quote, scalar.quote);
    ASSERT_EQ(simd.delimiter, scalar.delimiter);
    ASSERT_EQ(simd.lf, scalar.lf);
    ASSERT_EQ(simd.cr, scalar.cr);
    const char* simd_hit = find_any(window, window + 64, {';', '\n', ';', '\n'});
    ASSERT_EQ(simd_hit, find_any_scalar(window, window + 64, {';', '\n', ';', '\n'}));
  }
}

TEST(CsvScan, PrefixXorMarksTheInsideOfQuotes) {
  // Quotes at bits 1 and 4: bits 1..3 are inside.
  EXPECT_EQ(prefix_xor(0b10010), uint64_t{0b01110});
  EXPECT_EQ(prefix_xor(0), uint64_t{0});
}

}  // namespace
}  // namespace gofer::csv::testing
