// Dialect sniffing: try each delimiter on the first block and keep the most regular one.
#include <algorithm>
#include <array>
#include <cctype>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "gofer/csv/dialect.hpp"
#include "sniff_sample.hpp"

namespace gofer::csv {
namespace {

// ':' comes last and never wins a tie (see better_than): times (`10:30`) are common in data.
constexpr std::array<char, 6> kDelimiters = {',', ';', '\t', '|', '^', ':'};
// Scores closer than this are a tie (the sample has at most 200 rows: one row is 0.005).
constexpr double kScoreTie = 0.004;
// See choose_delimiter_and_quote.
constexpr double kClearMargin = 0.25;
// More lines than this per record in the sample is reported (see add_delimiter_warning).
constexpr uint64_t kJoinedLinesRatio = 2;
// A title, an export date, or `#` comments above the header: at most this many lines.
constexpr size_t kMaxPreambleRows = 10;
// A space-delimited reading is taken when at least this share of its data fields are numbers.
constexpr double kSpaceNumericShare = 0.9;
// The comment mark sniffed (R, numpy, pandas, tzdata and shell tools' `#`).
constexpr char kCommentChar = '#';

LineEnding line_ending_of(std::string_view sample) {
  size_t lf = 0, crlf = 0, cr = 0;
  for (size_t i = 0; i < sample.size(); ++i) {
    if (sample[i] == '\r') {
      if (i + 1 < sample.size() && sample[i + 1] == '\n') {
        ++crlf;
        ++i;
      } else {
        ++cr;
      }
    } else if (sample[i] == '\n') {
      ++lf;
    }
  }
  int kinds = (lf > 0 ? 1 : 0) + (crlf > 0 ? 1 : 0) + (cr > 0 ? 1 : 0);
  if (kinds > 1) return LineEnding::kMixed;
  if (crlf > 0) return LineEnding::kCrlf;
  if (cr > 0) return LineEnding::kCr;
  return lf > 0 ? LineEnding::kLf : LineEnding::kNone;
}

char sniff_quote(std::string_view sample) {
  size_t doubles = 0, singles = 0;
  for (size_t i = 0; i < sample.size(); ++i) {
    char c = sample[i];
    if (c != '"' && c != '\'') continue;
    char before = i == 0 ? '\n' : sample[i - 1];
    bool at_start = before == '\n' || before == '\r' ||
                    std::find(kDelimiters.begin(), kDelimiters.end(), before) != kDelimiters.end();
    if (at_start) (c == '"' ? doubles : singles) += 1;
  }
  return singles > doubles ? '\'' : '"';
}

EscapeStyle sniff_escape(std::string_view sample, char quote) {
  const std::string backslashed{'\\', quote};
  size_t backslash = 0;
  for (size_t at = sample.find(backslashed); at != std::string_view::npos;
       at = sample.find(backslashed, at + 2)) {
    ++backslash;
  }
  const std::string doubled{quote, quote};
  size_t inner_doubled = 0;  // "" inside a field, not an empty quoted field
  for (size_t at = sample.find(doubled); at != std::string_view::npos;
       at = sample.find(doubled, at + 2)) {
    bool empty_field = at + 2 < sample.size() &&
                       std::string_view(",;\t|^:\r\n").find(sample[at + 2]) != std::string_view::npos;
    if (!empty_field) ++inner_doubled;
  }
  return backslash > inner_doubled ? EscapeStyle::kBackslash : EscapeStyle::kDoubled;
}


// One dialect tried on the sample: how regular its rows are.
struct Candidate {
  Dialect dialect;
  double score = 0;  // share of rows of the modal width, times the share of lines read
  size_t width = 0;
};

Candidate try_candidate(std::string_view sample, const Dialect& dialect) {
  SampleParse parse = parse_sample(sample, dialect);
  auto [width, share] = regularity(parse.rows);
  // A quote that never closes swallows the rest of the sample into one field (an apostrophe
  // taken for a quote): the rows it left unread count against it.
  double read = 1.0;
  if (parse.open_quote_line > 0 && parse.lines > 1) {
    read = static_cast<double>(parse.open_quote_line - 1) / static_cast<double>(parse.lines);
  }
  // A first row of another width (a header the delimiter does not split) is evidence
  // against: headers are split like the data, and so is a first data row (R's header over
  // row names too: excusing it let ':' split `Name,URL` and `x,https://h/` alike).
  double first_fits = !parse.rows.empty() && parse.rows[0].fields.size() != width ? 0.8 : 1.0;
  return {dialect, width > 1 ? share * read * first_fits : 0.0, width};
}

// Ties go to more columns (a tab file whose text holds one ';' a row), then to the earlier,
// more common delimiter; ':' wins only on its score.
bool better_than(const Candidate& a, const Candidate& b) {
  if (a.score > b.score + kScoreTie) return true;
  if (a.score + kScoreTie < b.score || a.score == 0) return false;
  auto tie_width = [](const Candidate& c) { return c.dialect.delimiter == ':' ? 0 : c.width; };
  return tie_width(a) > tie_width(b);
}

// A score, lowered as the runner-up's comes close to it.
double confidence_against(double best, double runner) {
  double closeness = std::clamp((runner - (best - kClearMargin)) / kClearMargin, 0.0, 1.0);
  return best * (1.0 - closeness);
}

// The quotes worth trying: the forced one, else the sniffed one and the other if it occurs.
std::vector<char> quote_candidates(std::string_view sample, const DialectOverrides& overrides,
                                   std::optional<char> fixed_delimiter) {
  if (overrides.quote) return {*overrides.quote};
  char sniffed = sniff_quote(sample);
  char other = sniffed == '"' ? '\'' : '"';
  std::vector<char> quotes{sniffed};
  if (sample.find(other) != std::string_view::npos) quotes.push_back(other);
  std::erase(quotes, fixed_delimiter.value_or('\0'));
  if (quotes.empty()) quotes.push_back(other);
  return quotes;
}

// Every delimiter and quote tried; the best one goes into `dialect`, with the confidence:
// its score, lowered as the best score of another delimiter comes close to it.
void choose_delimiter_and_quote(std::string_view sample, const DialectOverrides& overrides,
                                std::optional<char> fixed_delimiter, Dialect& dialect) {
  std::vector<Candidate> tried;
  std::vector<char> delimiters(kDelimiters.begin(), kDelimiters.end());
  if (fixed_delimiter) delimiters = {*fixed_delimiter};
  for (char delimiter : delimiters) {
    for (char quote : quote_candidates(sample, overrides, fixed_delimiter)) {
      // A comment mark is not the delimiter: a row starting with an empty field would be a
      // comment (see also drop_clashing_comment).
      bool marked = dialect.comment != '\0' && delimiter == dialect.comment && !fixed_delimiter;
      if (quote == delimiter || marked) continue;
      Dialect candidate = dialect;
      candidate.delimiter = delimiter;
      candidate.quote = quote;
      candidate.escape = overrides.escape.value_or(sniff_escape(sample, quote));
      tried.push_back(try_candidate(sample, candidate));
    }
  }
  const Candidate* best = &tried[0];
  for (const Candidate& c : tried) best = better_than(c, *best) ? &c : best;
  const Candidate* second = nullptr;
  for (const Candidate& c : tried) {
    if (c.dialect.delimiter == best->dialect.delimiter || c.score == 0) continue;
    if (second == nullptr || better_than(c, *second)) second = &c;
  }
  Dialect chosen = best->dialect;
  if (!fixed_delimiter) {
    // A runner-up scoring kClearMargin below the best leaves no doubt; one as good leaves
    // nothing but doubt.
    chosen.confidence = confidence_against(best->score, second ? second->score : 0.0);
    chosen.runner_up.reset();
    chosen.runner_up_confidence = 0.0;
    if (second != nullptr) {
      chosen.runner_up = second->dialect.delimiter;
      chosen.runner_up_confidence = second->score;
    }
  }
  dialect = std::move(chosen);
}

// Share of the fields below the first row that are numbers.
double numeric_share(const std::vector<SampleRow>& rows) {
  size_t fields = 0, numbers = 0;
  for (size_t i = 1; i < rows.size(); ++i) {
    for (const std::string& field : rows[i].fields) {
      ++fields;
      if (looks_numeric(field)) ++numbers;
    }
  }
  return fields == 0 ? 0.0 : static_cast<double>(numbers) / static_cast<double>(fields);
}

// numpy.savetxt, R's write.table and Fortran programs write numbers split by one space. Tried
// only when no delimiter splits the sample, and taken only for numbers: a list of names
// ("Ada Lovelace") is one column, not two.
void try_space_delimiter(std::string_view sample, const DialectOverrides& overrides, Dialect& dialect) {
  for (char quote : quote_candidates(sample, overrides, ' ')) {
    Dialect candidate = dialect;
    candidate.delimiter = ' ';
    candidate.quote = quote;
    candidate.escape = overrides.escape.value_or(sniff_escape(sample, quote));
    Candidate tried = try_candidate(sample, candidate);
    if (tried.score < kLowConfidence) continue;
    if (numeric_share(parse_sample(sample, candidate).rows) < kSpaceNumericShare) continue;
    dialect = std::move(candidate);
    dialect.confidence = tried.score;
    return;
  }
}

// Byte offset of the start of line `line` (1-based) of `text`; CRLF, LF and CR each end one.
size_t offset_of_line(std::string_view text, uint64_t line) {
  size_t at = 0;
  for (uint64_t n = 1; n < line && at < text.size(); ++n) {
    size_t end = text.find_first_of("\r\n", at);
    if (end == std::string_view::npos) return text.size();
    at = end + (text.substr(end, 2) == "\r\n" ? 2 : 1);
  }
  return at;
}

// R's write.csv over a data frame with row names: `"a","b"` then `"r1",1,2`. The first row is
// one field short and every other row has the table's width.
// A `#` first row is a comment (`##format=4` over VCF's `#CHROM` header), not R's.
bool has_row_names(const std::vector<SampleRow>& rows, size_t width) {
  if (width < 2 || rows.size() < 2 || rows[0].fields.size() + 1 != width) return false;
  if (!rows[0].fields.empty() && rows[0].fields[0].starts_with('#')) return false;
  return std::all_of(rows.begin() + 1, rows.end(),
                     [&](const SampleRow& row) { return row.fields.size() == width; });
}

// Leading rows narrower than the table: `#` comments (a `#CHROM` line as wide as the table
// is its header), or a title or export date of a field or two. The first `lines` of the
// sample are not part of the table.
uint64_t preamble_lines(const std::vector<SampleRow>& rows, size_t width) {
  if (width < 2 || has_row_names(rows, width)) return 0;
  size_t skipped = 0;
  while (skipped < rows.size() && skipped < kMaxPreambleRows) {
    const SampleRow& row = rows[skipped];
    bool comment = !row.fields.empty() && row.fields[0].starts_with('#');
    bool narrow = row.fields.size() < width && (comment || row.fields.size() * 2 <= width);
    if (!narrow) break;
    ++skipped;
  }
  if (skipped == 0 || skipped == rows.size()) return 0;
  return rows[skipped].line - 1;
}

}  // namespace

size_t excel_sep_line_size(std::string_view text) {
  bool sep_line = text.size() >= 5 && text.starts_with("sep=") && text[4] != '\n' &&
                  text[4] != '\r' && (text.size() == 5 || text[5] == '\n' || text[5] == '\r');
  if (!sep_line) return 0;
  // The line is exactly `sep=X` and its break: LF, CRLF, or a bare CR (old Mac files).
  return text.size() == 5 ? 5 : text.substr(5, 2) == "\r\n" ? 7 : 6;
}

namespace {
// Records spanning many lines on average: stray quotes joining rows, more often than quoted
// line breaks in every row.
bool records_join_lines(const SampleParse& parse) {
  return parse.rows.size() > 1 && parse.lines > kJoinedLinesRatio * parse.rows.size();
}
}  // namespace

void add_delimiter_warning(Dialect& dialect, const SampleParse& parse) {
  if (records_join_lines(parse)) {
    dialect.warnings.push_back(fmt::format(
        "the first {} records span {} lines: a stray quote {} may be joining rows; `gofer csv "
        "check` lists them, --quote sets another quote character",
        parse.rows.size(), parse.lines, dialect.quote));
  }
  if (dialect.confidence >= kLowConfidence) return;
  // One column (a list of e-mails) has no delimiter to doubt.
  if (dialect.columns < 2) return;
  std::string other = dialect.runner_up
                          ? fmt::format(", '{}' reads {:.2f}", delimiter_name(*dialect.runner_up),
                                        dialect.runner_up_confidence)
                          : std::string();
  dialect.warnings.push_back(fmt::format(
      "delimiter '{}' guessed with low confidence {:.2f} ({} columns{}); say --delimiter to "
      "be sure",
      delimiter_name(dialect.delimiter), dialect.confidence, dialect.columns, other));
}

// Records the `lines` skipped after the first `lines_before` (a sep= line); returns their bytes.
size_t skip_preamble(std::string_view sample, uint64_t lines, uint64_t lines_before,
                     Dialect& dialect) {
  size_t bytes = offset_of_line(sample, lines + 1);
  std::string where = lines > 1 ? fmt::format("lines {}-{}", lines_before + 1, lines_before + lines)
                                : fmt::format("line {}", lines_before + 1);
  dialect.warnings.push_back(
      fmt::format("skipped {} before the header (comments or a title)", where));
  dialect.skipped_lines = lines;
  dialect.skipped_bytes += bytes;
  return bytes;
}

namespace {

// A comment mark that is the delimiter or the quote the dialect ended with (a `sep=;` line
// under --comment ';') would drop rows: then there are no comments.
void drop_clashing_comment(Dialect& dialect) {
  if (dialect.comment == dialect.delimiter || dialect.comment == dialect.quote) dialect.comment = '\0';
}

// One reading of the sample and how regular its rows are: the share of rows of the modal
// width, halved when records join lines (a quote inside a comment swallowing rows).
struct Reading {
  Dialect dialect;
  double regularity = 0;
};

// The sniff with `comment` ('\0': none) as the comment mark.
Reading read_sample(std::string_view sample, const DialectOverrides& overrides, char comment) {
  Dialect dialect;
  dialect.comment = comment;
  std::optional<char> fixed_delimiter = overrides.delimiter;
  uint64_t lines_before = 0;
  if (size_t sep_line = excel_sep_line_size(sample); sep_line > 0) {
    dialect.excel_sep_line = true;
    // --quote "'" over a `sep='` line: the quote given wins, and the delimiter is sniffed.
    if (!fixed_delimiter && overrides.quote != sample[4]) fixed_delimiter = sample[4];
    sample.remove_prefix(sep_line);
    dialect.skipped_bytes = sep_line;
    lines_before = 1;
  }
  dialect.line_ending = line_ending_of(sample);
  choose_delimiter_and_quote(sample, overrides, fixed_delimiter, dialect);
  if (!fixed_delimiter && dialect.confidence == 0.0) try_space_delimiter(sample, overrides, dialect);
  drop_clashing_comment(dialect);
  SampleParse parse = parse_sample(sample, dialect);
  size_t width = regularity(parse.rows).first;
  if (uint64_t preamble = preamble_lines(parse.rows, width); preamble > 0) {
    sample.remove_prefix(skip_preamble(sample, preamble, lines_before, dialect));
    // The preamble's lines made every delimiter look less regular: choose again without them.
    if (!fixed_delimiter) choose_delimiter_and_quote(sample, overrides, fixed_delimiter, dialect);
    drop_clashing_comment(dialect);
    parse = parse_sample(sample, dialect);
  }
  auto [final_width, modal_share] = regularity(parse.rows);
  // A row longer than the sample: the first record gives the width, not its cut start.
  dialect.columns = parse.sole_record_cut ? 0 : final_width;
  // --header no: the short first row is data, a ragged one.
  if (overrides.header.value_or(true) && has_row_names(parse.rows, dialect.columns)) {
    // Every data row has the width and the header one less: as sure as a table gets.
    dialect.row_names = true;
    if (!fixed_delimiter) dialect.confidence = confidence_against(1.0, dialect.runner_up_confidence);
  }
  add_delimiter_warning(dialect, parse);
  if (overrides.header) {
    dialect.header = *overrides.header;
  } else {
    HeaderGuess guess = guess_header(parse.rows);
    dialect.header = guess.header;
    if (!guess.doubt.empty()) dialect.warnings.push_back(std::move(guess.doubt));
  }
  dialect.row_names = dialect.row_names && dialect.header;
  return {std::move(dialect), modal_share * (records_join_lines(parse) ? 0.5 : 1.0)};
}

// A line after the first starts with the comment mark.
bool has_marked_lines(std::string_view sample) {
  for (size_t at = sample.find('\n'); at != std::string_view::npos; at = sample.find('\n', at + 1)) {
    if (at + 1 < sample.size() && sample[at + 1] == kCommentChar) return true;
  }
  return false;
}

}  // namespace

// `#` lines are comments when leaving them out makes the table strictly more regular: numpy's
// `## +ve denormals ##` between rows, tzdata's notes (with quotes that would join rows). `#`
// rows as regular as the rest (`#1 hit,...`, VCF's `#CHROM` header) stay.
Dialect sniff_dialect(std::string_view sample, const DialectOverrides& overrides) {
  if (overrides.comment) return read_sample(sample, overrides, *overrides.comment).dialect;
  Reading plain = read_sample(sample, overrides, '\0');
  if (!has_marked_lines(sample)) return std::move(plain.dialect);
  Reading commented = read_sample(sample, overrides, kCommentChar);
  const Dialect& d = commented.dialect;
  bool better = d.delimiter != kCommentChar && d.quote != kCommentChar && d.columns >= 2 &&
                commented.regularity > plain.regularity;
  if (!better) return std::move(plain.dialect);
  commented.dialect.warnings.push_back(
      "lines starting with # are comments and are left out; --comment none reads them as data");
  return std::move(commented.dialect);
}

std::string_view to_string(LineEnding ending) {
  switch (ending) {
    case LineEnding::kNone: return "none";
    case LineEnding::kLf: return "LF";
    case LineEnding::kCrlf: return "CRLF";
    case LineEnding::kCr: return "CR";
    case LineEnding::kMixed: return "mixed";
  }
  return "none";
}

std::string_view to_string(EscapeStyle escape) {
  return escape == EscapeStyle::kBackslash ? "backslash" : "doubled";
}

std::string delimiter_name(char delimiter) {
  return delimiter == '\t' ? std::string("\\t") : std::string(1, delimiter);
}

}  // namespace gofer::csv
