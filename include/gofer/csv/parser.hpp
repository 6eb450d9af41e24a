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
  // When not empty: the record's input bytes (without its line ending), which are already
  // the canonical form for the input's delimiter and the '"' quote. Writers may copy them.
  std::string_view canonical;
  // Bit i (i < 64): field i contains no delimiter, quote, CR or LF, so neither does any part
  // of it and a writer using the input's delimiter and '"' need not look for them. Set by the
  // fast path only; 0 promises nothing.
  uint64_t plain = 0;
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

  // Chunked parsing: where the record being read starts (stream offset of the text fed so
  // far, its line, whether a CR just before it may still be followed by an LF to skip).
  // A parser given this point parses the rest of the stream as this one would.
  struct ResumePoint {
    uint64_t offset = 0;
    uint64_t line = 1;
    bool after_cr = false;
  };
  [[nodiscard]] ResumePoint resume_point() const;
  // Starts this parser at `point` of a stream instead of at its beginning.
  void resume_from(const ResumePoint& point);
  // Only the record boundaries matter: the fast path builds no fields and emits nothing
  // (records the state machine parses still reach the sink).
  void skim_only(bool skim) { skim_ = skim; }

  // Calls RecordSink::on_notice (costs a second scan of unquoted text).
  void report_notices(bool report) {
    notices_ = report;
    fast_ = fast_allowed_ && !report;
  }
  void set_max_record_bytes(size_t bytes) { max_record_bytes_ = bytes; }
  [[nodiscard]] uint64_t blank_lines() const { return blank_lines_; }
  [[nodiscard]] uint64_t comment_lines() const { return comment_lines_; }
  [[nodiscard]] uint64_t records() const { return records_; }
  [[nodiscard]] uint64_t lines() const { return line_; }
  // Where the quote that finish() found unterminated was opened.
  [[nodiscard]] uint64_t open_quote_line() const { return quote_line_; }

 private:
  enum class State {
    kFieldStart,
    kUnquoted,
    kQuoted,
    kQuoteInQuoted,
    kQuotedEscape,
    kUnquotedEscape,
    kAfterCr,
    kComment  // a comment line, skipped to its end
  };

  // The fast path for regular quoting (see parser_fast.cpp); returns where it stopped.
  [[nodiscard]] Result<const char*> fast_records(const char* p, const char* end);
  [[nodiscard]] bool fast_path_ready() const {
    return fast_ && state_ == State::kFieldStart && ends_.empty() && data_.empty();
  }
  struct FieldContent {
    bool has_quote = false;     // a doubled quote: the content must be unescaped
    bool needs_quotes = false;  // the canonical form keeps the field quoted
  };
  // The fast path's place in the record being read.
  struct FastRecord {
    const char* record_start;
    const char* field_start;
    uint64_t line;         // current line
    uint64_t record_line;  // line where the record starts
    size_t fields;         // finished fields, in views_ (used as slots, not pushed)
    uint64_t plain;        // Record::plain of the fields so far
    bool canonical;
    FieldContent special;  // what the masks saw inside the current field's quotes
  };
  void add_fast_field(FastRecord& r, const char* at);
  [[nodiscard]] bool skim_window(FastRecord& r, const char* base, uint64_t ends, uint64_t breaks,
                                 const char* end);
  [[nodiscard]] Result<bool> end_fast_record(FastRecord& r, const char* at, const char* end);
  bool add_quoted_field(const char* start, const char* at, FieldContent special, size_t index);
  size_t unescape_into_buffer(std::string_view content);
  [[nodiscard]] Status emit_fast_record(std::string_view raw, const FastRecord& r);
  [[nodiscard]] Result<const char*> unquoted(const char* p, const char* end);
  const char* scan_unquoted(const char* p, const char* end);
  const char* scan_quoted(const char* p, const char* end);
  const char* after_quote(const char* p);
  const char* after_cr(const char* p);
  const char* skip_comment(const char* p, const char* end);
  void report_bare_quotes(const char* p, const char* stop);
  void end_field();
  [[nodiscard]] Status end_record();
  void new_line(const char* next);
  [[nodiscard]] uint64_t column(const char* p) const;

  char delimiter_;
  char quote_;
  char comment_;
  bool backslash_;
  RecordSink& sink_;
  State state_ = State::kFieldStart;
  std::string data_;          // the current record's field bytes, back to back
  std::vector<size_t> ends_;  // end offset of each finished field in data_
  std::vector<std::string_view> views_;
  std::string unescaped_;  // fast path: quoted fields with doubled quotes, unescaped
  struct UnescapedField {
    size_t index;   // in views_
    size_t offset;  // in unescaped_
    size_t size;
  };
  std::vector<UnescapedField> unescaped_fields_;  // fast path: fields kept in unescaped_
  // The fast path's bit masks need doubled-quote escapes and the quote, the delimiter, CR and
  // LF to be four different bytes. A quote that was also the delimiter (a `sep='` line over
  // '-quoted text) made a quoted field end one byte after it began, and its unescaping read
  // past the input (found by fuzzing); the state machine handles such a dialect byte by byte,
  // and comment lines too (rare enough that the fast path need not know them).
  bool fast_allowed_;
  bool fast_;  // the fast path may run now (fast_allowed_, and no notices to report)
  bool skim_ = false;
  uint64_t record_offset_ = 0;  // stream offset where the current record starts
  bool field_quoted_ = false;   // some field of the current record was quoted
  bool notices_ = false;
  uint64_t quote_line_ = 0;    // line of the last opening quote
  uint64_t line_;              // current line number
  uint64_t record_line_;       // line where the current record started
  uint64_t block_offset_ = 0;  // stream offset of the block being fed
  const char* block_ = nullptr;
  uint64_t line_start_ = 0;  // stream offset where the current line starts
  bool quoted_cr_ = false;   // a CR inside a quoted field was the block's last byte
  uint64_t blank_lines_ = 0;
  uint64_t comment_lines_ = 0;
  uint64_t records_ = 0;
  size_t max_record_bytes_ = kDefaultMaxRecordBytes;
};

}  // namespace gofer::csv
