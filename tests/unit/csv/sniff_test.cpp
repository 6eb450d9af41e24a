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

// numpy.savetxt / R write.table output: numbers split by one space, a quoted header.
TEST(CsvSniff, SpaceSplitNumbersWhenNoOtherDelimiterSplits) {
  Dialect d = sniff_dialect("'OBS' 'GPA' 'TUCE'\n1 2.66 20\n2 2.89 22\n3 3.28 24\n", {});
  EXPECT_EQ(d.delimiter, ' ');
  EXPECT_EQ(d.quote, '\'');
  EXPECT_EQ(d.columns, 3u);
  EXPECT_TRUE(d.header);
  Dialect e = sniff_dialect("-0.0031 0.083\n0.0188 0.083\n0.0248 0.087\n", {});
  EXPECT_EQ(e.delimiter, ' ');
  EXPECT_FALSE(e.header);
}

// `#` lines among the rows are comments when the table is more regular without them; `#`
// rows that are table rows stay data, and so does a `#` header as wide as the table.
TEST(CsvSniff, HashLinesThatAreNotTableRowsAreComments) {
  Dialect numpy = sniff_dialect("dtype,in,out\n## denormals ##\nf,1,2\nf,3,4\n## big ##\nf,5,6\n", {});
  EXPECT_EQ(numpy.comment, '#');
  EXPECT_EQ(numpy.columns, 3u);
  EXPECT_TRUE(numpy.header);
  EXPECT_FALSE(numpy.warnings.empty());
  Dialect tab = sniff_dialect("# \"quoted\nAD\tAndorra\n# it's\nAE\tUAE\nAF\tAfghanistan\n", {});
  EXPECT_EQ(tab.delimiter, '\t');
  EXPECT_EQ(tab.comment, '#');
  Dialect hits = sniff_dialect("rank,song\n#1,Hey Jude\n#2,Let It Be\n#3,Yesterday\n", {});
  EXPECT_EQ(hits.comment, '\0');
  Dialect vcf = sniff_dialect("#CHROM\tPOS\tID\n1\t100\trs1\n1\t200\trs2\n", {});
  EXPECT_EQ(vcf.comment, '\0');
  EXPECT_TRUE(vcf.header);
  DialectOverrides none;
  none.comment = '\0';
  EXPECT_EQ(sniff_dialect("a,b,c\n## x ##\n1,2,3\n4,5,6\n", none).comment, '\0');
  DialectOverrides semicolon;
  semicolon.comment = ';';
  EXPECT_EQ(sniff_dialect("a,b\n;x\n1,2\n", semicolon).comment, ';');
  // A sep= line naming the mark as delimiter, or a quote that is the mark: no comments.
  Dialect sep = sniff_dialect("sep=;\na;b\n;2\n", semicolon);
  EXPECT_EQ(sep.delimiter, ';');
  EXPECT_EQ(sep.comment, '\0');
  DialectOverrides quote_mark;
  quote_mark.comment = '"';
  EXPECT_EQ(sniff_dialect("a,b\n\"x\",1\n", quote_mark).comment, '\0');
  DialectOverrides nul_sep;
  nul_sep.comment = '\0';
  EXPECT_EQ(sniff_dialect(std::string_view("sep=\0\n\r", 8), nul_sep).delimiter, '\0');
}

// A spreadsheet export's title row (most cells empty) is not a header, and says so; a header
// with one empty cell (R's row-names column) is still one.
TEST(CsvSniff, ATitleRowIsDataWithAWarning) {
  Dialect title = sniff_dialect("CMOR Table Amon,,,,,mon\n,,,,,\nname,units,a,b,c,d\nta,K,1,2,3,4\n", {});
  EXPECT_FALSE(title.header);
  ASSERT_FALSE(title.warnings.empty());
  EXPECT_EQ(title.warnings.back(), "the first row fills 2 of 6 cells, like a title: it is read as "
                                   "data; say --header yes if it is the header");
  Dialect rownames = sniff_dialect(",height,weight,age\nann,1.70,60,30\nbob,1.80,80,40\n", {});
  EXPECT_TRUE(rownames.header);
}

// R's write.csv with row names: the header is one field short of every other row.
TEST(CsvSniff, RsHeaderOverRowNamesIsOneFieldShort) {
  Dialect r = sniff_dialect("\"RDA1\",\"RDA2\"\n\"18\",-0.7,1.3\n\"15\",-1.9,-0.8\n\"24\",-1.8,-0.9\n", {});
  EXPECT_TRUE(r.header);
  EXPECT_TRUE(r.row_names);
  EXPECT_EQ(r.columns, 3u);
  EXPECT_EQ(r.skipped_lines, 0u);
  Dialect one = sniff_dialect("\"x\"\n\"RDA1\",820.1\n\"RDA2\",400.2\n\"RDA3\",100.5\n", {});
  EXPECT_TRUE(one.header);
  EXPECT_TRUE(one.row_names);
  EXPECT_EQ(one.skipped_lines, 0u);
  // A short row further down is ragged data, not row names.
  Dialect ragged = sniff_dialect("a,b\n1,2,3\n4,5\n6,7,8\n", {});
  EXPECT_FALSE(ragged.row_names);
  Dialect plain = sniff_dialect("a,b,c\n1,2,3\n4,5,6\n", {});
  EXPECT_FALSE(plain.row_names);
}

// Years over rates (a statistics office's wide table), and a tie broken by a name over a
// column of numbers; years over years stay data.
TEST(CsvSniff, YearsOverRatesAndANameOverNumbersAreHeaders) {
  Dialect wide = sniff_dialect("1960,1961,1962\n4.82,4.655,4.471\n7.671,7.671,7.5\n", {});
  EXPECT_TRUE(wide.header);
  Dialect years = sniff_dialect("1960,3\n1961,4\n1962,5\n", {});
  EXPECT_FALSE(years.header);
  Dialect tie = sniff_dialect("x,45\n3.46945e-18,0.517486\n0.002245,0.50302\n0.005,0.3\n", {});
  EXPECT_TRUE(tie.header);
  EXPECT_TRUE(tie.warnings.empty()) << tie.warnings.front();
}

// Tables stacked in one file repeat their header (`x,.1` ... `x,.04`): still a header. Rows
// all alike (`hello,1` again and again) and categories (`MA`) are no such evidence.
TEST(CsvSniff, ARepeatedNameOverNumbersIsAStackedHeader) {
  Dialect stacked = sniff_dialect("x,.1\n0.001,0.0863\n0.034,0.0868\n\nx,.04\n0.002,0.51\n0.003,0.5\n", {});
  EXPECT_TRUE(stacked.header);
  Dialect same = sniff_dialect("hello,1\nhello,1\nhello,1\nhello,1\n", {});
  EXPECT_FALSE(same.header);
  Dialect towns = sniff_dialect("Boston,MA,617594\nWorcester,MA,181045\nLowell,MA,106519\n"
                                "Quincy,MA,92271\nNewton,MA,85146\n", {});
  EXPECT_FALSE(towns.header);
}

// Names with a space are one column; a comma file whose cells hold spaces stays comma.
TEST(CsvSniff, SpacesInTextAreNotADelimiter) {
  Dialect names = sniff_dialect("name\nAda Lovelace\nAlan Turing\nGrace Hopper\n", {});
  EXPECT_NE(names.delimiter, ' ');
  EXPECT_EQ(names.columns, 1u);
  Dialect cities = sniff_dialect("city,pop\nNew York,8 336 817\nLos Angeles,3 979 576\n", {});
  EXPECT_EQ(cities.delimiter, ',');
  EXPECT_EQ(cities.columns, 2u);
  DialectOverrides forced;
  forced.delimiter = ',';
  EXPECT_EQ(sniff_dialect("1 2\n3 4\n5 6\n", forced).delimiter, ',');
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
  EXPECT_FALSE(sniff_dialect("name,city\nann,oslo\n", {.header = false}).header);
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

// Reproducers of the misreads found on real files (issue 26), one per failure class.
TEST(CsvSniff, YearsAsHeaderOverSmallCountsAreAHeader) {
  Dialect d = sniff_dialect("country,2019,2020,2021\nFR,1,2,3\nDE,4,5,6\n", {});
  EXPECT_TRUE(d.header);
  EXPECT_TRUE(d.warnings.empty());
}

TEST(CsvSniff, AllTextWithoutEvidenceIsAHeaderWithAWarning) {
  Dialect d = sniff_dialect("alice,paris,red\nbob,london,blue\ncarol,rome,green\n", {});
  EXPECT_TRUE(d.header);
  ASSERT_EQ(d.warnings.size(), 1U);
  EXPECT_NE(d.warnings[0].find("--header"), std::string::npos) << d.warnings[0];
  EXPECT_TRUE(sniff_dialect("alice,paris,red\nbob,london,blue\n", {.header = false}).warnings.empty());
  EXPECT_TRUE(sniff_dialect("name,city\nann,oslo\n", {.header = true}).header);
}

TEST(CsvSniff, ARowLongerThanTheSampleLeavesTheWidthToTheFirstRecord) {
  std::string row;
  for (int i = 0; i < 20190; ++i) row += std::to_string(i) + ",";
  row.pop_back();
  Dialect d = sniff_dialect(std::string_view(row).substr(0, 64 << 10), {});
  EXPECT_FALSE(d.header);
  EXPECT_EQ(d.columns, 0U);  // the cut start of the row is not its width
  EXPECT_EQ(d.delimiter, ',');
}

TEST(CsvSniff, TabFileWithCommasAndSemicolonsInTextIsTab) {
  std::string text;
  for (int j = 0; j < 14; ++j) text += "col" + std::to_string(j) + (j < 13 ? "\t" : "\n");
  for (int i = 0; i < 30; ++i) {
    for (int j = 0; j < 14; ++j) {
      text += j % 3 == 0 ? "a, b, c" : j % 3 == 1 ? "x;y" : std::to_string(i * j);
      text += j < 13 ? "\t" : "\n";
    }
  }
  Dialect d = sniff_dialect(text, {});
  EXPECT_EQ(d.delimiter, '\t');
  EXPECT_EQ(d.columns, 14U);
  EXPECT_EQ(d.runner_up, ',');
  EXPECT_GE(d.confidence, kLowConfidence);
}

TEST(CsvSniff, TwoRegularDelimitersLowerTheConfidenceAndWarn) {
  Dialect d = sniff_dialect("1;2,3\n4;5,6\n7;8,9\n", {});
  EXPECT_LT(d.confidence, kLowConfidence);
  ASSERT_FALSE(d.warnings.empty());
  EXPECT_NE(d.warnings[0].find("low confidence"), std::string::npos) << d.warnings[0];
  EXPECT_EQ(sniff_dialect("1;2,3\n4;5,6\n", {.delimiter = ';'}).confidence, 1.0);
}

TEST(CsvSniff, CommentsAndATitleAboveTheHeaderAreSkippedAndSaid) {
  Dialect c = sniff_dialect("# generated by tool\n# 2024\nname,age\nann,3\nbob,4\n", {});
  EXPECT_EQ(c.skipped_lines, 2U);
  EXPECT_EQ(c.skipped_bytes, 27U);
  EXPECT_TRUE(c.header);
  ASSERT_EQ(c.warnings.size(), 1U);
  EXPECT_NE(c.warnings[0].find("lines 1-2"), std::string::npos) << c.warnings[0];
  Dialect t = sniff_dialect("Sales report\n\nname;age;city\nann;3;x\nbob;4;y\n", {});
  EXPECT_EQ(t.delimiter, ';');
  EXPECT_EQ(t.skipped_lines, 2U);
  // A `#` line as wide as the table is its header (VCF's #CHROM).
  Dialect v = sniff_dialect("##format=4\n#CHROM\tPOS\nchr1\t10\nchr2\t20\n", {});
  EXPECT_EQ(v.skipped_lines, 1U);
  EXPECT_TRUE(v.header);
}

TEST(CsvSniff, ColonAndPipeDelimitersButTimesStayInTheirFields) {
  EXPECT_EQ(sniff_dialect("user:uid:home\nroot:0:/root\nbin:1:/bin\n", {}).delimiter, ':');
  EXPECT_EQ(sniff_dialect("a|b|c\n1|2|3\n4|5|6\n", {}).delimiter, '|');
  Dialect t = sniff_dialect("name,start,end\nann,10:00,11:30\nbob,09:15,10:45\n", {});
  EXPECT_EQ(t.delimiter, ',');
  EXPECT_TRUE(t.warnings.empty());
}

}  // namespace
}  // namespace gofer::csv
