// `csv sniff`: the dialect plus a type for each column, from the first block only.
#include <algorithm>
#include <cctype>
#include <regex>

#include "gofer/csv/check.hpp"
#include "gofer/csv/parser.hpp"
#include "input.hpp"

namespace gofer::csv {
namespace {

// Enough rows to guess types; the first block holds at least this many for typical files.
constexpr size_t kTypeSampleRows = 1000;

class SampleSink final : public RecordSink {
 public:
  Status on_record(const Record& record) override {
    if (rows.size() < kTypeSampleRows) rows.emplace_back(record.fields.begin(), record.fields.end());
    return {};
  }
  std::vector<std::vector<std::string>> rows;
};

bool all_match(const std::vector<std::string>& values, bool (*test)(std::string_view)) {
  return std::all_of(values.begin(), values.end(), [&](const std::string& v) { return test(v); });
}

bool is_int(std::string_view v) {
  if (!v.empty() && (v[0] == '-' || v[0] == '+')) v.remove_prefix(1);
  return !v.empty() && std::all_of(v.begin(), v.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)) != 0; });
}

bool is_number_with(std::string_view v, char point) {
  if (!v.empty() && (v[0] == '-' || v[0] == '+')) v.remove_prefix(1);
  size_t at = v.find(point);
  if (at == std::string_view::npos || v.find(point, at + 1) != std::string_view::npos) return false;
  return is_int(v.substr(0, at)) && is_int(v.substr(at + 1));
}

bool is_float(std::string_view v) { return is_number_with(v, '.') || is_int(v); }
bool is_decimal_comma(std::string_view v) { return is_number_with(v, ',') || is_int(v); }

bool is_bool(std::string_view v) {
  static constexpr std::string_view kSpellings[] = {"true", "false", "yes", "no", "y", "n", "t", "f"};
  std::string lower(v);
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return std::find(std::begin(kSpellings), std::end(kSpellings), lower) != std::end(kSpellings);
}

// Day/month/year parts of a date like 03/04/2024, 2024-04-03 or 3.4.24.
bool date_parts(std::string_view v, int parts[3]) {
  static const std::regex kDate(R"((\d{1,4})[-/.](\d{1,2})[-/.](\d{1,4})([ T].*)?)");
  std::cmatch m;
  if (!std::regex_match(v.begin(), v.end(), m, kDate)) return false;
  for (int i = 0; i < 3; ++i) parts[i] = std::stoi(m[static_cast<size_t>(i) + 1].str());
  return true;
}

std::string date_order(const std::vector<std::string>& values) {
  bool ymd = true, dmy = true, mdy = true;
  for (const std::string& v : values) {
    int p[3];
    if (!date_parts(v, p)) return {};
    ymd = ymd && p[0] > 31 && p[1] <= 12 && p[2] <= 31;
    dmy = dmy && p[0] <= 31 && p[1] <= 12 && p[2] > 31;
    mdy = mdy && p[0] <= 12 && p[1] <= 31 && p[2] > 31;
  }
  if (ymd) return "date (ymd)";
  if (dmy && mdy) return "date (ambiguous dmy/mdy)";
  if (dmy) return "date (dmy)";
  if (mdy) return "date (mdy)";
  return {};
}

}  // namespace

std::string infer_column_type(const std::vector<std::string>& all_values) {
  std::vector<std::string> values;
  for (const std::string& v : all_values) {
    if (!v.empty()) values.push_back(v);
  }
  if (values.empty()) return "empty";
  if (all_match(values, is_int)) return "int";
  if (all_match(values, is_float)) return "float";
  if (all_match(values, is_decimal_comma)) return "decimal-comma";
  if (all_match(values, is_bool)) return "bool";
  if (std::string order = date_order(values); !order.empty()) return order;
  return "text";
}

Result<SniffReport> sniff(int input_fd, uint64_t input_size, const CheckOptions& options) {
  SniffReport report;
  GOFER_TRY_ASSIGN(DecodedInput input, DecodedInput::open(input_fd, options.encoding, false, 0));
  uint64_t first_line = 1;
  report.dialect = sniff_input(input, options.dialect, &first_line);
  report.encoding = input.decoder().name();
  report.bom = input.decoder().had_bom();
  SampleSink sink;
  Parser parser(report.dialect, sink, first_line);
  (void)parser.feed(input.text());  // a cut last record or an open quote only shortens the sample
  auto& rows = sink.rows;
  size_t width = rows.empty() ? 0 : rows[0].size();
  size_t first_data = report.dialect.header ? 1 : 0;
  for (size_t c = 0; c < width; ++c) {
    std::vector<std::string> values;
    for (size_t r = first_data; r < rows.size(); ++r) {
      if (c < rows[r].size()) values.push_back(rows[r][c]);
    }
    std::string name = report.dialect.header ? rows[0][c] : "column_" + std::to_string(c + 1);
    report.columns.push_back({name, infer_column_type(values)});
  }
  report.sampled_rows = rows.size() > first_data ? rows.size() - first_data : 0;
  uint64_t sampled_bytes = input.bytes_read();
  uint64_t block_rows = parser.records() - (report.dialect.header ? 1 : 0);
  report.estimated_rows = block_rows;
  if (input_size > sampled_bytes && sampled_bytes > 0) {
    report.estimated_rows = block_rows * input_size / sampled_bytes;
  }
  return report;
}

}  // namespace gofer::csv
