// `csv check`: every problem with its line:col, collected instead of stopping at the first.
#include "gofer/csv/check.hpp"

#include <algorithm>
#include <cstring>
#include <tuple>
#include <set>

#include <fmt/format.h>

#include "gofer/csv/parser.hpp"
#include "input.hpp"

namespace gofer::csv {
namespace {

class CheckSink final : public RecordSink {
 public:
  CheckSink(const Dialect& dialect, CheckReport& report, size_t max_errors)
      : dialect_(dialect), report_(report), max_errors_(max_errors) {}

  void add(uint64_t line, uint64_t column, std::string message) {
    ++report_.total_problems;
    if (report_.problems.size() < max_errors_) {
      report_.problems.push_back({line, column, std::move(message)});
    }
  }

  Status on_record(const Record& record) override {
    ++report_.rows;
    if (width_ == 0) {
      width_ = dialect_.header || dialect_.columns == 0 ? record.fields.size() : dialect_.columns;
      if (dialect_.header && dialect_.row_names) width_ = dialect_.columns;
      if (dialect_.header) check_header(record);
      if (dialect_.header) return {};
    }
    if (record.fields.size() != width_) {
      add(record.line, 1, fmt::format("field count {} where the {} has {}", record.fields.size(),
                                      dialect_.header ? "header" : "first row", width_));
    }
    return {};
  }

  void on_notice(Notice notice, uint64_t line, uint64_t column) override {
    if (notice == Notice::kBareQuote) add(line, column, "quote inside an unquoted field");
    if (notice == Notice::kTextAfterQuote) add(line, column, "text after a closing quote");
  }

 private:
  void check_header(const Record& record) {
    std::set<std::string_view> seen;
    for (size_t i = 0; i < record.fields.size(); ++i) {
      std::string_view name = record.fields[i];
      if (name.find_first_not_of(" \t") == std::string_view::npos) {
        add(record.line, 1, fmt::format("empty header name in column {}", i + 1));
      } else if (!seen.insert(name).second) {
        add(record.line, 1, fmt::format("duplicate header name '{}' in column {}", name, i + 1));
      }
    }
  }

  const Dialect& dialect_;
  CheckReport& report_;
  size_t max_errors_;
  size_t width_ = 0;
};

// NUL bytes are valid UTF-8 but break most tools reading CSV, so check names them.
void report_nul_bytes(std::string_view text, uint64_t& line, uint64_t& column, CheckSink& sink) {
  if (std::memchr(text.data(), 0, text.size()) == nullptr) {
    line += static_cast<uint64_t>(std::count(text.begin(), text.end(), '\n'));
    size_t newline = text.rfind('\n');
    column = newline == std::string_view::npos ? column + text.size() : text.size() - newline;
    return;
  }
  for (char c : text) {
    if (c == '\0') sink.add(line, column, "NUL byte");
    if (c == '\n') {
      ++line;
      column = 1;
    } else {
      ++column;
    }
  }
}

}  // namespace

Result<CheckReport> check(int input_fd, const CheckOptions& options) {
  CheckReport report;
  GOFER_TRY_ASSIGN(DecodedInput input,
                   DecodedInput::open(input_fd, options.encoding, false, options.max_errors));
  uint64_t first_line = 1;
  report.dialect = sniff_input(input, options.dialect, &first_line);
  CheckSink sink(report.dialect, report, options.max_errors);
  Parser parser(report.dialect, sink, first_line);
  parser.report_notices(options.strict);
  uint64_t nul_line = first_line, nul_column = 1;
  bool more = true;
  while (more) {
    std::string_view text = input.text();
    report_nul_bytes(text, nul_line, nul_column, sink);
    auto fed = parser.feed(text);
    if (!fed) {
      sink.add(parser.lines(), 1, fed.error().cause());
      break;
    }
    GOFER_TRY_ASSIGN(more, input.next());
  }
  if (auto finished = parser.finish(); !finished) {
    sink.add(parser.open_quote_line(), 1, "unterminated quoted field: the quote opened here is never closed");
  }
  for (const InvalidSequence& bad : input.decoder().invalid_sequences()) {
    sink.add(bad.line, bad.column, fmt::format("invalid {} byte sequence", input.decoder().name()));
  }
  report.total_problems += input.decoder().replaced() - input.decoder().invalid_sequences().size();
  report.encoding = input.decoder().name();
  std::stable_sort(report.problems.begin(), report.problems.end(),
                   [](const Problem& a, const Problem& b) {
                     return std::tie(a.line, a.column) < std::tie(b.line, b.column);
                   });
  return report;
}

}  // namespace gofer::csv
