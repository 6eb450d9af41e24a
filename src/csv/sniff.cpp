// Dialect sniffing: try each delimiter on the first block and keep the most regular one.
#include <algorithm>
#include <array>
#include <cctype>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "gofer/csv/dialect.hpp"
#include "gofer/csv/parser.hpp"

namespace gofer::csv {
namespace {

constexpr std::array<char, 5> kDelimiters = {',', ';', '\t', '|', '^'};
// Enough rows to see the shape; more only costs time (each candidate parses the sample).
constexpr size_t kSampleRecords = 200;

using Rows = std::vector<std::vector<std::string>>;

class CollectSink final : public RecordSink {
 public:
  Status on_record(const Record& record) override {
    if (rows.size() < kSampleRecords) rows.emplace_back(record.fields.begin(), record.fields.end());
    return {};
  }
  Rows rows;
};

Rows parse_sample(std::string_view sample, const Dialect& dialect) {
  CollectSink sink;
  Parser parser(dialect, sink);
  parser.set_max_record_bytes(sample.size() + 1);
  if (parser.feed(sample) && parser.finish()) return std::move(sink.rows);
  return std::move(sink.rows);  // a quote still open at the sample's end: use what we have
}

// The most common field count and the share of rows that have it.
std::pair<size_t, double> regularity(const Rows& rows) {
  std::map<size_t, size_t> counts;
  for (const auto& row : rows) ++counts[row.size()];
  size_t mode = 0, best = 0;
  for (auto [width, n] : counts) {
    if (n > best) std::tie(mode, best) = std::tie(width, n);
  }
  return {mode, rows.empty() ? 0.0 : static_cast<double>(best) / static_cast<double>(rows.size())};
}

bool looks_numeric(std::string_view text) {
  if (text.empty()) return false;
  bool digit = false;
  for (char c : text) {
    if (std::isdigit(static_cast<unsigned char>(c)) != 0) {
      digit = true;
    } else if (std::string_view("+-.,:/ $%eE").find(c) == std::string_view::npos) {
      return false;
    }
  }
  return digit;
}

// Python csv.Sniffer.has_header's idea: columns whose values are numbers, or all of one
// length, under a first row that is not, vote for a header.
bool has_header(const Rows& rows) {
  if (rows.empty()) return false;
  const auto& first = rows[0];
  int votes = 0;
  for (size_t column = 0; column < first.size(); ++column) {
    bool all_numeric = true, same_length = true, any = false;
    size_t length = 0;
    for (size_t r = 1; r < rows.size(); ++r) {
      if (column >= rows[r].size() || rows[r][column].empty()) continue;
      const std::string& value = rows[r][column];
      all_numeric = all_numeric && looks_numeric(value);
      same_length = same_length && (!any || value.size() == length);
      length = value.size();
      any = true;
    }
    if (!any) continue;
    if (all_numeric) votes += looks_numeric(first[column]) ? -1 : 1;
    else if (same_length) votes += first[column].size() != length ? 1 : -1;
  }
  if (votes != 0) return votes > 0;
  return std::none_of(first.begin(), first.end(),
                      [](const std::string& f) { return f.empty() || looks_numeric(f); });
}

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
                       std::string_view(",;\t|^\r\n").find(sample[at + 2]) != std::string_view::npos;
    if (!empty_field) ++inner_doubled;
  }
  return backslash > inner_doubled ? EscapeStyle::kBackslash : EscapeStyle::kDoubled;
}

}  // namespace

size_t excel_sep_line_size(std::string_view text) {
  bool sep_line = text.size() >= 5 && text.starts_with("sep=") && text[4] != '\n' &&
                  text[4] != '\r' && (text.size() == 5 || text[5] == '\n' || text[5] == '\r');
  if (!sep_line) return 0;
  // The line is exactly `sep=X` and its break: LF, CRLF, or a bare CR (old Mac files).
  return text.size() == 5 ? 5 : text.substr(5, 2) == "\r\n" ? 7 : 6;
}

Dialect sniff_dialect(std::string_view sample, const DialectOverrides& overrides) {
  Dialect dialect;
  std::optional<char> fixed_delimiter = overrides.delimiter;
  if (size_t sep_line = excel_sep_line_size(sample); sep_line > 0) {
    dialect.excel_sep_line = true;
    // --quote "'" over a `sep='` line: the quote given wins, and the delimiter is sniffed.
    if (!fixed_delimiter && overrides.quote != sample[4]) fixed_delimiter = sample[4];
    sample.remove_prefix(sep_line);
  }
  dialect.line_ending = line_ending_of(sample);
  dialect.quote = overrides.quote.value_or(sniff_quote(sample));
  // A delimiter that is a quote character (`sep='`, --delimiter "'") leaves the other one to
  // quote with: one byte cannot both open a field and end it.
  if (!overrides.quote && fixed_delimiter == dialect.quote) {
    dialect.quote = dialect.quote == '"' ? '\'' : '"';
  }
  dialect.escape = overrides.escape.value_or(sniff_escape(sample, dialect.quote));
  if (fixed_delimiter) {
    dialect.delimiter = *fixed_delimiter;
  } else {
    double best_score = -1;
    char best = ',';
    for (char candidate : kDelimiters) {  // ties go to the earlier, more common delimiter
      dialect.delimiter = candidate;
      auto [width, share] = regularity(parse_sample(sample, dialect));
      double score = width > 1 ? share : 0.0;
      if (score > best_score) std::tie(best_score, best) = std::tie(score, candidate);
    }
    dialect.delimiter = best;
  }
  Rows rows = parse_sample(sample, dialect);
  dialect.columns = regularity(rows).first;
  dialect.header = !overrides.no_header && has_header(rows);
  return dialect;
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
