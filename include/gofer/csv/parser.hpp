// Streaming, lenient RFC 4180 parser: UTF-8 text in blocks in, records out through a sink.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "gofer/csv/dialect.hpp"
#include "gofer/error.hpp"

namespace gofer::csv {

struct Record {
  std::span<const std::string_view> fields;
  uint64_t line = 0;  // 1-based line where the record starts
};

// Things a lenient parse accepts but `csv check --strict` reports.
enum class Notice { kBareQuote, kTextAfterQuote };

class RecordSink {
 public:
  virtual ~RecordSink() = default;
  // An error stops the parse and is returned by feed()/finish().
  [[nodiscard]] virtual Status on_record(const Record& record) = 0;
  virtual void on_notice(Notice /*notice*/, uint64_t /*line*/, uint64_t /*column*/) {}
};

// Fields larger than this are refused rather than buffered: memory stays bounded
// (DESIGN: <= 64 MB RSS; the record and one output block must fit beside each other).
inline constexpr size_t kDefaultMaxRecordBytes = size_t{16} << 20;

class Parser {
 public:
  Parser(const Dialect& dialect, RecordSink& sink, uint64_t first_line = 1);

  [[nodiscard]] Status feed(std::string_view text);
  // Ends the input: flushes a last record without a newline; an open quote is an error.
  [[nodiscard]] Status finish();

  // Calls RecordSink::on_notice (costs a second scan of unquoted text).
  void report_notices(bool report) { notices_ = report; }
  void set_max_record_bytes(size_t bytes) { max_record_bytes_ = bytes; }
  [[nodiscard]] uint64_t blank_lines() const { return blank_lines_; }
  [[nodiscard]] uint64_t records() const { return records_; }
  [[nodiscard]] uint64_t lines() const { return line_; }
  // Where the quote that finish() found unterminated was opened.
  [[nodiscard]] uint64_t open_quote_line() const { return quote_line_; }

 private:
  enum class State { kFieldStart, kUnquoted, kQuoted, kQuoteInQuoted, kQuotedEscape,
                     kUnquotedEscape, kAfterCr };

  [[nodiscard]] Result<const char*> unquoted(const char* p, const char* end);
  const char* scan_unquoted(const char* p, const char* end);
  const char* scan_quoted(const char* p, const char* end);
  const char* after_quote(const char* p);
  void report_bare_quotes(const char* p, const char* stop);
  void end_field();
  [[nodiscard]] Status end_record();
  void new_line(const char* next);
  [[nodiscard]] uint64_t column(const char* p) const;

  char delimiter_;
  char quote_;
  bool backslash_;
  RecordSink& sink_;
  State state_ = State::kFieldStart;
  std::string data_;              // the current record's field bytes, back to back
  std::vector<size_t> ends_;      // end offset of each finished field in data_
  std::vector<std::string_view> views_;
  bool field_quoted_ = false;     // some field of the current record was quoted
  bool notices_ = false;
  uint64_t quote_line_ = 0;       // line of the last opening quote
  uint64_t line_;                 // current line number
  uint64_t record_line_;          // line where the current record started
  uint64_t block_offset_ = 0;     // stream offset of the block being fed
  const char* block_ = nullptr;
  uint64_t line_start_ = 0;       // stream offset where the current line starts
  bool quoted_cr_ = false;        // a CR inside a quoted field was the block's last byte
  uint64_t blank_lines_ = 0;
  uint64_t records_ = 0;
  size_t max_record_bytes_ = kDefaultMaxRecordBytes;
};

}  // namespace gofer::csv
