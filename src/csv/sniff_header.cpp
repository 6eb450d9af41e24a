// Parsing the sniff sample under one dialect, and guessing whether its first row is a header.
#include <algorithm>
#include <cctype>
#include <map>
#include <set>

#include <fmt/format.h>

#include "gofer/csv/parser.hpp"
#include "sniff_sample.hpp"

namespace gofer::csv {
namespace {

// Enough rows to see the shape; more only costs time (each candidate parses the sample).
constexpr size_t kSampleRecords = 200;
// A first row this wide with most cells empty is a title, not a header (see guess_header).
constexpr size_t kTitleRowMinColumns = 4;

class CollectSink final : public RecordSink {
 public:
  Status on_record(const Record& record) override {
    if (rows.size() < kSampleRecords) {
      rows.push_back({{record.fields.begin(), record.fields.end()}, record.line});
    }
    return {};
  }
  std::vector<SampleRow> rows;
};

}  // namespace

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

namespace {

// `FR` -> "AA", `ab12` -> "aa99", `x-1` -> "a-9": codes of one format share a pattern.
std::string pattern_of(std::string_view value) {
  std::string pattern(value);
  for (char& c : pattern) {
    auto byte = static_cast<unsigned char>(c);
    if (std::isupper(byte) != 0) c = 'A';
    else if (std::islower(byte) != 0) c = 'a';
    else if (std::isdigit(byte) != 0) c = '9';
  }
  return pattern;
}

// 1500..2099 written as four digits.
bool looks_like_year(std::string_view text) {
  if (text.size() != 4 || !std::all_of(text.begin(), text.end(), [](char c) {
        return std::isdigit(static_cast<unsigned char>(c)) != 0;
      })) {
    return false;
  }
  return (text[0] == '1' && text[1] >= '5') || (text[0] == '2' && text[1] == '0');
}

// What the values under the first row of one column look like.
struct ColumnShape {
  bool any = false;
  size_t values = 0;  // one value is always "all of one length": it takes two to agree
  bool all_numeric = true;
  bool same_length = true;
  size_t length = 0;
  bool same_pattern = true;  // every value has one pattern of letters, digits and signs
  std::string pattern;
  bool repeats = false;          // some value occurs twice: a column of categories
  bool has_first_value = false;  // the first row's value occurs again below it
  bool has_year = false;         // some value looks like a year (see looks_like_year)
  size_t others = 0;             // values that differ from the first row's
};

ColumnShape shape_of(const std::vector<SampleRow>& rows, size_t column) {
  ColumnShape shape;
  std::set<std::string_view> seen;
  const std::string& first = rows[0].fields[column];
  for (size_t r = 1; r < rows.size(); ++r) {
    if (column >= rows[r].fields.size() || rows[r].fields[column].empty()) continue;
    const std::string& value = rows[r].fields[column];
    // A name met again is a repeated header (tables stacked in one file), not a text value.
    shape.all_numeric = shape.all_numeric && (looks_numeric(value) || value == first);
    if (value != first) ++shape.others;
    shape.same_length = shape.same_length && (!shape.any || value.size() == shape.length);
    std::string value_pattern = pattern_of(value);
    shape.same_pattern = shape.same_pattern && (!shape.any || value_pattern == shape.pattern);
    shape.pattern = std::move(value_pattern);
    shape.length = value.size();
    shape.any = true;
    ++shape.values;
    shape.repeats = shape.repeats || !seen.insert(value).second;
    shape.has_first_value = shape.has_first_value || value == first;
    shape.has_year = shape.has_year || looks_like_year(value);
  }
  return shape;
}

// +1: this column says "header", -1: "data", 0: it cannot tell. Python's csv.Sniffer idea
// (numbers, or values all of one length, under a first value that is not like them), plus:
// a value of the first row met again below it is data; a category column whose values the
// first one is not among is a header.
int column_vote(const std::string& first, const ColumnShape& shape) {
  if (!shape.any) return 0;
  bool first_numeric = looks_numeric(first);
  // `x` over numbers and again over the next stacked table's numbers: a header.
  if (shape.has_first_value && !first_numeric && shape.all_numeric && shape.others >= 2) return 1;
  if (shape.has_first_value) return -1;
  // Numbers under a number: data, unless they all have one length the first does not have
  // (years over small counts: `2019` above `1`, `2`, `3`).
  bool agree = shape.values >= 2;
  // A year over values none of which is a year: the wide tables of statistics offices
  // (`Country,1960,1961` over `Aruba,4.82,4.655`).
  if (shape.all_numeric && looks_like_year(first) && !shape.has_year) return 1;
  if (shape.all_numeric && first_numeric) {
    return agree && shape.same_length && first.size() != shape.length ? 1 : -1;
  }
  if (shape.all_numeric) return 1;
  // Codes of one format (`FR`, `DE`) under a name of another (`cc`).
  if (agree && shape.same_pattern) return pattern_of(first) != shape.pattern ? 1 : -1;
  if (agree && shape.same_length) return first.size() != shape.length ? 1 : -1;
  if (shape.repeats && !first_numeric && !first.empty()) return 1;
  return 0;
}

}  // namespace

SampleParse parse_sample(std::string_view sample, const Dialect& dialect) {
  CollectSink sink;
  Parser parser(dialect, sink);
  parser.set_max_record_bytes(sample.size() + 1);
  SampleParse parse;
  bool parsed = parser.feed(sample).has_value();
  if (parsed && !parser.finish()) {
    parse.open_quote_line = std::max<uint64_t>(parser.open_quote_line(), 1);
  }
  parse.lines = parser.lines();
  parse.rows = std::move(sink.rows);
  // A sample cut inside a record (the first 64 KiB of a longer file) ends in a partial one
  // that would count as a row of another width. A sole record is kept: it is all there is.
  bool cut = !sample.empty() && sample.back() != '\n' && sample.back() != '\r';
  if (cut && parse.rows.size() > 1 && parse.rows.size() < kSampleRecords) parse.rows.pop_back();
  parse.sole_record_cut = cut && parse.rows.size() == 1 && parse.open_quote_line == 0;
  return parse;
}

std::pair<size_t, double> regularity(const std::vector<SampleRow>& rows) {
  std::map<size_t, size_t> counts;
  for (const auto& row : rows) ++counts[row.fields.size()];
  size_t mode = 0, best = 0;
  for (auto [width, n] : counts) {
    if (n > best) std::tie(mode, best) = std::tie(width, n);
  }
  return {mode, rows.empty() ? 0.0 : static_cast<double>(best) / static_cast<double>(rows.size())};
}

HeaderGuess guess_header(const std::vector<SampleRow>& rows) {
  if (rows.empty()) return {};
  const auto& first = rows[0].fields;
  bool all_text = std::none_of(first.begin(), first.end(), [](const std::string& f) {
    return f.empty() || looks_numeric(f);
  });
  if (rows.size() == 1) {
    if (!all_text) return {};
    return {true, "the input has one row: read as a header (--header no reads it as data)"};
  }
  // A spreadsheet's title row ("CMOR Table Amon: ...",,,,,Amon,mon,,,,): most cells empty.
  // A header names most of its columns.
  size_t filled = static_cast<size_t>(
      std::count_if(first.begin(), first.end(), [](const std::string& f) { return !f.empty(); }));
  if (first.size() >= kTitleRowMinColumns && filled * 2 < first.size()) {
    return {false, fmt::format("the first row fills {} of {} cells, like a title: it is read as "
                               "data; say --header yes if it is the header",
                               filled, first.size())};
  }
  int for_header = 0, against = 0;
  bool name_over_numbers = false;
  for (size_t column = 0; column < first.size(); ++column) {
    ColumnShape shape = shape_of(rows, column);
    int vote = column_vote(first[column], shape);
    if (vote > 0) ++for_header;
    if (vote < 0) ++against;
    name_over_numbers = name_over_numbers || (vote > 0 && shape.all_numeric && shape.values >= 2 &&
                                              !looks_numeric(first[column]));
  }
  // A tie with a name over a column of numbers (`x,.1` over `0.00123,0.086311`): a number
  // over numbers is weak evidence (headers can be years or sizes), a name over them is not.
  if (for_header == against && name_over_numbers) return {true, {}};
  if (for_header == against) {
    if (!all_text && for_header == 0) return {};
    return {all_text, fmt::format("no column tells a header from data ({} for, {} against): the "
                                  "first row is read as {}; say --header yes or --header no",
                                  for_header, against, all_text ? "the header" : "data")};
  }
  HeaderGuess guess{for_header > against, {}};
  // A close vote: a third of the columns disagree with the decision.
  if (std::min(for_header, against) * 3 >= std::max(for_header, against)) {
    guess.doubt = fmt::format("the header guess is close ({} columns for a header, {} against): "
                              "the first row is read as {}; say --header yes or --header no",
                              for_header, against, guess.header ? "the header" : "data");
  }
  return guess;
}

}  // namespace gofer::csv
