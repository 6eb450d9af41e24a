// The parser's state machine; runs of ordinary bytes are skipped with SIMD scans.
#include "gofer/csv/parser.hpp"

#include <fmt/format.h>

#include "gofer/csv/scan.hpp"

namespace gofer::csv {
namespace {

bool distinct_structural_bytes(char delimiter, char quote) {
  return delimiter != quote && delimiter != '\n' && delimiter != '\r' && quote != '\n' &&
         quote != '\r';
}

}  // namespace

Parser::Parser(const Dialect& dialect, RecordSink& sink, uint64_t first_line)
    : delimiter_(dialect.delimiter),
      quote_(dialect.quote),
      comment_(dialect.comment),
      backslash_(dialect.escape == EscapeStyle::kBackslash),
      sink_(sink),
      fast_allowed_(!backslash_ && comment_ == '\0' &&
                    distinct_structural_bytes(delimiter_, quote_)),
      fast_(fast_allowed_),
      line_(first_line),
      record_line_(first_line) {}

uint64_t Parser::column(const char* p) const {
  return block_offset_ + static_cast<uint64_t>(p - block_) - line_start_ + 1;
}

void Parser::new_line(const char* next) {
  ++line_;
  line_start_ = block_offset_ + static_cast<uint64_t>(next - block_);
}

const char* Parser::scan_unquoted(const char* p, const char* end) {
  char escape = backslash_ ? '\\' : '\n';
  const char* stop = find_any(p, end, {delimiter_, '\n', '\r', escape});
  data_.append(p, stop);
  return stop;
}

// Copies quoted text up to the next quote (or backslash), counting the newlines inside.
const char* Parser::scan_quoted(const char* p, const char* end) {
  char escape = backslash_ ? '\\' : quote_;
  const char* stop = find_any(p, end, {quote_, escape, quote_, escape});
  data_.append(p, stop);
  for (const char* q = p; q < stop;) {
    q = find_any(q, stop, {'\n', '\r', '\n', '\r'});
    if (q == stop) break;
    bool after_cr = q == p ? quoted_cr_ : q[-1] == '\r';
    if (*q == '\r' || !after_cr) new_line(q + 1);
    ++q;
  }
  quoted_cr_ = stop == end && stop > p ? stop[-1] == '\r' : (stop == p && quoted_cr_);
  if (stop != end) quoted_cr_ = false;
  return stop;
}

// A quote inside an unquoted field is kept literally; `csv check --strict` reports it.
void Parser::report_bare_quotes(const char* p, const char* stop) {
  for (const char* q = p; (q = find_any(q, stop, {quote_, quote_, quote_, quote_})) != stop; ++q) {
    sink_.on_notice(Notice::kBareQuote, line_, column(q));
  }
}

void Parser::end_field() { ends_.push_back(data_.size()); }

Status Parser::end_record() {
  end_field();
  bool blank = ends_.size() == 1 && data_.empty() && !field_quoted_;
  if (blank) {
    ++blank_lines_;
  } else {
    views_.clear();
    size_t start = 0;
    for (size_t end : ends_) {
      views_.emplace_back(data_.data() + start, end - start);
      start = end;
    }
    ++records_;
    GOFER_TRY(sink_.on_record({views_, record_line_}));
  }
  data_.clear();
  ends_.clear();
  field_quoted_ = false;
  return {};
}

// After the closing quote of a quoted field: delimiter, line end, doubled quote, or text
// (kept, like Python's csv module does).
const char* Parser::after_quote(const char* p) {
  char c = *p;
  if (c == quote_) {
    data_ += quote_;
    state_ = State::kQuoted;
    return p + 1;
  }
  if (c != delimiter_ && c != '\n' && c != '\r') {
    sink_.on_notice(Notice::kTextAfterQuote, line_, column(p));
  }
  state_ = State::kUnquoted;
  return p;
}

// Unquoted text up to the next delimiter or line end; returns where to go on.
Result<const char*> Parser::unquoted(const char* p, const char* end) {
  const char* stop = scan_unquoted(p, end);
  if (notices_) report_bare_quotes(p, stop);
  if (stop == end) return stop;
  char c = *stop++;
  if (c == delimiter_) {
    end_field();
    state_ = State::kFieldStart;
  } else if (c == '\n' || c == '\r') {
    GOFER_TRY(end_record());
    new_line(stop);
    state_ = c == '\r' ? State::kAfterCr : State::kFieldStart;
    record_line_ = line_;
    record_offset_ = line_start_;
  } else {
    state_ = State::kUnquotedEscape;
  }
  return stop;
}

// The byte after a CR that ended a record: an LF there belongs to the CR.
const char* Parser::after_cr(const char* p) {
  state_ = State::kFieldStart;
  if (*p == '\n') {
    ++p;
    line_start_ = block_offset_ + static_cast<uint64_t>(p - block_);
  }
  record_line_ = line_;
  record_offset_ = block_offset_ + static_cast<uint64_t>(p - block_);
  return p;
}

// The rest of a comment line, its line break included (a CR's LF is after_cr's).
const char* Parser::skip_comment(const char* p, const char* end) {
  const char* stop = find_any(p, end, {'\n', '\r', '\n', '\r'});
  if (stop == end) return stop;
  char c = *stop++;
  new_line(stop);
  state_ = c == '\r' ? State::kAfterCr : State::kFieldStart;
  record_line_ = line_;
  record_offset_ = line_start_;
  return stop;
}

Status Parser::feed(std::string_view text) {
  block_ = text.data();
  const char* p = text.data();
  const char* end = p + text.size();
  while (p < end) {
    if (fast_path_ready()) {
      GOFER_TRY_ASSIGN(const char* next, fast_records(p, end));
      // No progress: the record at p is irregular or cut by the block end; the state
      // machine below takes it.
      if (next != p) {
        p = next;
        continue;
      }
    }
    switch (state_) {
      case State::kAfterCr: p = after_cr(p); break;
      case State::kComment: p = skip_comment(p, end); break;
      case State::kFieldStart:
        if (*p == comment_ && comment_ != '\0' && ends_.empty() && data_.empty()) {
          ++comment_lines_;
          state_ = State::kComment;
          ++p;
          break;
        }
        if (*p == quote_) {
          field_quoted_ = true;
          quote_line_ = line_;
          state_ = State::kQuoted;
          ++p;
          break;
        }
        state_ = State::kUnquoted;
        [[fallthrough]];
      case State::kUnquoted: {
        GOFER_TRY_ASSIGN(p, unquoted(p, end));
        break;
      }
      case State::kQuoted: {
        p = scan_quoted(p, end);
        if (p == end) break;
        state_ = *p == quote_ ? State::kQuoteInQuoted : State::kQuotedEscape;
        ++p;
        break;
      }
      case State::kQuoteInQuoted: p = after_quote(p); break;
      case State::kQuotedEscape:
      case State::kUnquotedEscape:
        if (*p == '\n' || (*p == '\r')) new_line(p + 1);
        data_ += *p++;
        state_ = state_ == State::kQuotedEscape ? State::kQuoted : State::kUnquoted;
        break;
    }
    if (data_.size() > max_record_bytes_) {
      return fail(ErrorCategory::kInvalidData,
                  fmt::format("line {}: record larger than {} MiB (a runaway quote?)",
                              record_line_, max_record_bytes_ >> 20));
    }
  }
  block_offset_ += text.size();
  return {};
}

Parser::ResumePoint Parser::resume_point() const {
  return {record_offset_, state_ == State::kAfterCr ? line_ : record_line_,
          state_ == State::kAfterCr};
}

void Parser::resume_from(const ResumePoint& point) {
  line_ = point.line;
  record_line_ = point.line;
  block_offset_ = point.offset;
  line_start_ = point.offset;
  record_offset_ = point.offset;
  state_ = point.after_cr ? State::kAfterCr : State::kFieldStart;
}

Status Parser::finish() {
  if (state_ == State::kQuoted || state_ == State::kQuotedEscape) {
    return fail(ErrorCategory::kInvalidData,
                fmt::format("line {}: unterminated quoted field: the quote opened on this "
                            "line is never closed",
                            quote_line_));
  }
  bool open_record = state_ != State::kAfterCr && state_ != State::kComment &&
                     (state_ != State::kFieldStart || !ends_.empty() || !data_.empty());
  if (open_record) GOFER_TRY(end_record());
  state_ = State::kFieldStart;
  return {};
}

}  // namespace gofer::csv
