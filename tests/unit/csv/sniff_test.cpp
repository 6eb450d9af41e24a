// Sniffer cases: each delimiter, quote character, escape style, header, line endings, sep=.
#include <gtest/gtest.h>

#include "gofer/csv/dialect.hpp"

namespace gofer::csv {
namespace {

TEST(CsvSniff, EachDelimiter) {
  for (char delimiter : {',', ';', '\t', '|', '^'}) {
    std::string d(1, delimiter);
    std::string text = "name" + d + "city" + d + "amount\n";
    text += "Smith, J." + d + "Paris" + d + "1\n";
    text += "Doe; K." + d + "Rome" + d + "2\n";
    text += "Roe" + d + "Oslo" + d + "3\n";
    EXPECT_EQ(sniff_dialect(text, {}).delimiter, delimiter) << delimiter_name(delimiter);
  }
}

TEST(CsvSniff, SingleQuoteAndBackslashEscape) {
  Dialect d = sniff_dialect("a,b\n'x, y',1\n'z, w',2\n", {});
  EXPECT_EQ(d.quote, '\'');
  Dialect e = sniff_dialect("a,b\n\"x \\\"y\\\"\",1\n\"z\",2\n", {});
  EXPECT_EQ(e.quote, '"');
  EXPECT_EQ(e.escape, EscapeStyle::kBackslash);
  Dialect f = sniff_dialect("a,b\n\"x \"\"y\"\"\",1\n\"\",2\n", {});
  EXPECT_EQ(f.escape, EscapeStyle::kDoubled);
}

TEST(CsvSniff, HeaderPresentOrNot) {
  EXPECT_TRUE(sniff_dialect("id,amount\n1,2.5\n2,3.5\n", {}).header);
  EXPECT_FALSE(sniff_dialect("1,2.5\n2,3.5\n3,4.5\n", {}).header);
  EXPECT_TRUE(sniff_dialect("name,city\nann,oslo\nbob,rome\n", {}).header);
  EXPECT_FALSE(sniff_dialect("name,city\nann,oslo\n", {.no_header = true}).header);
}

TEST(CsvSniff, LineEndings) {
  EXPECT_EQ(sniff_dialect("a,b\n1,2\n", {}).line_ending, LineEnding::kLf);
  EXPECT_EQ(sniff_dialect("a,b\r\n1,2\r\n", {}).line_ending, LineEnding::kCrlf);
  EXPECT_EQ(sniff_dialect("a,b\r1,2\r", {}).line_ending, LineEnding::kCr);
  EXPECT_EQ(sniff_dialect("a,b\r\n1,2\n", {}).line_ending, LineEnding::kMixed);
  EXPECT_EQ(sniff_dialect("a,b", {}).line_ending, LineEnding::kNone);
}

TEST(CsvSniff, ExcelSepLine) {
  Dialect d = sniff_dialect("sep=|\r\na|b\r\n1|2\r\n", {});
  EXPECT_TRUE(d.excel_sep_line);
  EXPECT_EQ(d.delimiter, '|');
  EXPECT_EQ(d.columns, 2U);
  EXPECT_EQ(d.line_ending, LineEnding::kCrlf);
}

TEST(CsvSniff, ExcelSepLineEndsInAnyLineBreak) {
  // Only the `sep=` line is skipped, whatever ends it: the rest of the sample is sniffed.
  Dialect cr = sniff_dialect("sep=;\ra;b;c\r1;2;3\r", {});
  EXPECT_TRUE(cr.excel_sep_line);
  EXPECT_EQ(cr.line_ending, LineEnding::kCr);
  EXPECT_EQ(cr.columns, 3U);
  EXPECT_TRUE(cr.header);
  Dialect lf = sniff_dialect("sep=;\na;b\n1;2\n", {});
  EXPECT_EQ(lf.line_ending, LineEnding::kLf);
  EXPECT_EQ(lf.columns, 2U);
  Dialect alone = sniff_dialect("sep=;", {});
  EXPECT_TRUE(alone.excel_sep_line);
  EXPECT_EQ(alone.delimiter, ';');
  EXPECT_EQ(alone.line_ending, LineEnding::kNone);
}

TEST(CsvSniff, ExcelSepLineSizeCountsTheLineAndItsBreak) {
  EXPECT_EQ(excel_sep_line_size("sep=;\na;b\n"), 6U);
  EXPECT_EQ(excel_sep_line_size("sep=;\r\na;b\r\n"), 7U);
  EXPECT_EQ(excel_sep_line_size("sep=;\ra;b\r"), 6U);
  EXPECT_EQ(excel_sep_line_size("sep=;"), 5U);
  EXPECT_EQ(excel_sep_line_size("sep=;;\n"), 0U);  // two characters: a data line
  EXPECT_EQ(excel_sep_line_size("sep=\n"), 0U);
  EXPECT_EQ(excel_sep_line_size("sep="), 0U);
  EXPECT_EQ(excel_sep_line_size("a;b\nsep=;\n"), 0U);
}

TEST(CsvSniff, ADelimiterThatIsAQuoteCharacterLeavesTheOtherToQuote) {
  Dialect single = sniff_dialect("sep='\na'b\n''''\n", {});
  EXPECT_TRUE(single.excel_sep_line);
  EXPECT_EQ(single.delimiter, '\'');
  EXPECT_EQ(single.quote, '"');
  Dialect doubled = sniff_dialect("sep=\"\na\"b\n\"\"\"\"\n", {});
  EXPECT_EQ(doubled.delimiter, '"');
  EXPECT_EQ(doubled.quote, '\'');
  EXPECT_EQ(sniff_dialect("'a';b\n'c';d\n", {.delimiter = '\''}).quote, '"');
  // --quote "'" over a `sep='` line: the quote given wins, and the delimiter is sniffed.
  Dialect forced = sniff_dialect("sep='\na;b\n1;2\n", {.quote = '\''});
  EXPECT_TRUE(forced.excel_sep_line);
  EXPECT_EQ(forced.quote, '\'');
  EXPECT_EQ(forced.delimiter, ';');
}

TEST(CsvSniff, OverridesWin) {
  Dialect d = sniff_dialect("a;b\n1;2\n", {.delimiter = ',', .quote = '\''});
  EXPECT_EQ(d.delimiter, ',');
  EXPECT_EQ(d.quote, '\'');
}

}  // namespace
}  // namespace gofer::csv
