// The parser's fast path: whole records found with 64-byte bit masks (quote, delimiter, CR,
// LF) while the quoting is regular, fields handed on as views into the input block.
//
// "Regular" means every quote opens a field (it follows a delimiter, a line end or the
// record start), closes one (a delimiter, line end or quote follows), or is the second half
// of a doubled quote. Then the bytes inside quotes are the prefix XOR of the quote bits, and
// the record is exactly what the state machine in parser.cpp would make of it. Anything else
// (a bare quote, text after a closing quote, a record cut by the block end, an over-long
// record) stops the fast path at the start of that record and the state machine takes over.
#include <bit>
#include <cstddef>
#include <cstring>

#include "gofer/csv/parser.hpp"
#include "gofer/csv/scan.hpp"

namespace gofer::csv {
namespace {

constexpr uint64_t kTopBit = uint64_t{1} << 63;
constexpr size_t kWindow = 64;
constexpr size_t kInitialFieldSlots = 64;

// What one window says, with the state carried in from the previous window.
struct WindowState {
  uint64_t inside = 0;     // all ones when the previous window ended inside quotes
  uint64_t boundary = 1;   // the byte before the window ends a field (or starts a record)
  uint64_t closed = 0;     // the byte before the window is a closing quote
  uint64_t cr = 0;         // the byte before the window is a CR
  uint64_t record_cr = 0;  // ... and that CR ended a record
};

struct WindowEvents {
  uint64_t fields = 0;           // delimiters and record ends outside quotes
  uint64_t quoted_breaks = 0;    // line breaks inside quotes (counted; they need quotes)
  uint64_t record_ends = 0;      // CRs and LFs outside quotes (the LF of a CRLF excluded)
  uint64_t needs_quotes = 0;     // delimiters and CRs/LFs inside quotes, doubled quotes
  uint64_t doubled = 0;          // the second quote of each doubled quote
  uint64_t stop = ~uint64_t{0};  // bits below the first irregular quote
};

WindowEvents analyze(const WindowMasks& m, WindowState& s) {
  const uint64_t inside = prefix_xor(m.quote) ^ s.inside;
  const uint64_t structural = (m.delimiter | m.lf | m.cr) & ~inside;
  const uint64_t opening = m.quote & inside;
  const uint64_t closing = m.quote & ~inside;
  const uint64_t after_cr = m.lf & ((m.cr << 1) | s.cr);
  const uint64_t crlf_lf = m.lf & (((m.cr & structural) << 1) | s.record_cr);
  uint64_t bad = opening & ~((structural << 1) | s.boundary | (closing << 1) | s.closed);
  bad |= closing & ~((m.quote | structural) >> 1) & ~kTopBit;
  if (s.closed != 0) bad |= 1 & ~(m.quote | structural);
  WindowEvents events;
  events.fields = structural & ~crlf_lf;
  events.record_ends = events.fields & (m.lf | m.cr);
  events.quoted_breaks = (m.cr | (m.lf & ~after_cr)) & inside;
  events.doubled = opening & ((closing << 1) | s.closed);
  events.needs_quotes = ((m.delimiter | m.lf | m.cr) & inside) | events.doubled;
  if (bad != 0) events.stop = (bad & (~bad + 1)) - 1;
  s.inside = (inside & kTopBit) != 0 ? ~uint64_t{0} : 0;
  s.boundary = structural >> 63;
  s.closed = closing >> 63;
  s.cr = m.cr >> 63;
  s.record_cr = (m.cr & structural) >> 63;
  return events;
}

}  // namespace

// Appends a quoted field's content with doubled quotes made single; returns its offset.
size_t Parser::unescape_into_buffer(std::string_view content) {
  size_t offset = unescaped_.size();
  for (size_t i = 0; i < content.size(); ++i) {
    unescaped_ += content[i];
    if (content[i] == quote_) ++i;  // the second of a doubled quote
  }
  return offset;
}

// A quoted field [start, at) (quotes included) as field number `index` of the record;
// `special` says what the masks saw inside the quotes. False when the canonical form would
// drop its quotes.
bool Parser::add_quoted_field(const char* start, const char* at, FieldContent special,
                              size_t index) {
  std::string_view content(start + 1, static_cast<size_t>(at - start) - 2);
  if (special.has_quote) {
    // Kept as an offset until the record ends: unescaped_ may still grow and move.
    size_t offset = unescape_into_buffer(content);
    unescaped_fields_.push_back({index, offset, unescaped_.size() - offset});
  } else {
    views_[index] = content;
  }
  return special.needs_quotes;
}

// The 64 bytes at `base`, or the last few padded with zeros (which are never structural).
static const char* window_at(const char* base, const char* end, char* padded) {
  if (end - base >= 64) return base;
  std::memset(padded, 0, 64);
  std::memcpy(padded, base, static_cast<size_t>(end - base));
  return padded;
}

// The window's positions that hold input: the zero padding of the last window is no event,
// even when NUL is the delimiter (an Excel "sep=" line can make it one; found by fuzzing).
static uint64_t input_positions(const char* base, const char* end) {
  const std::ptrdiff_t size = end - base;
  return size >= 64 ? ~uint64_t{0} : (uint64_t{1} << size) - 1;
}

// A field ends at `at` (a delimiter or line end outside quotes). Inlined: it runs per field.
__attribute__((always_inline)) inline void Parser::add_fast_field(FastRecord& r, const char* at) {
  if (r.fields == views_.size()) views_.resize(2 * r.fields);
  // An unquoted field holds no structural byte (a bare quote stops the fast path); with '
  // quotes it may hold a '"', which is not plain for a writer.
  bool plain = quote_ == '"';
  if (at == r.field_start || *r.field_start != quote_) {
    views_[r.fields] = std::string_view(r.field_start, static_cast<size_t>(at - r.field_start));
  } else {
    bool keeps_quotes = add_quoted_field(r.field_start, at, r.special, r.fields);
    r.canonical = keeps_quotes && r.canonical;
    plain = plain && !keeps_quotes;
  }
  if (plain && r.fields < 64) r.plain |= uint64_t{1} << r.fields;
  ++r.fields;
  r.special = {};
}

// The record ends at `at` (a CR or LF outside quotes); false when it is too long for the
// fast path (the state machine then decides, with its error).
Result<bool> Parser::end_fast_record(FastRecord& r, const char* at, const char* end) {
  auto size = static_cast<size_t>(at - r.record_start);
  if (size > max_record_bytes_) return false;
  if (*at == '\r' && at + 1 < end && at[1] == '\n') r.field_start = at + 2;
  if (!skim_) {
    GOFER_TRY(emit_fast_record(std::string_view(r.record_start, size), r));
  }
  r.fields = 0;
  r.plain = 0;
  r.record_line = ++r.line;
  r.record_start = r.field_start;
  r.canonical = quote_ == '"';
  if (*at == '\r' && at + 1 == end) state_ = State::kAfterCr;
  return true;
}

// Skimming needs only where records end and how many lines they span, so a window is settled
// with bit counts instead of a step per record. Records ending inside one window are shorter
// than it, so only the first can exceed the size limit (the caller makes sure the limit is at
// least a window); false when it does, and the state machine then reports it.
// Inlined: it runs per window; most windows hold no record end and no quoted line break.
__attribute__((always_inline)) inline bool Parser::skim_window(FastRecord& r, const char* base,
                                                               uint64_t ends, uint64_t breaks,
                                                               const char* end) {
  if ((ends | breaks) == 0) return true;
  if (ends == 0) {
    r.line += static_cast<uint64_t>(std::popcount(breaks));
    return true;
  }
  const char* first = base + std::countr_zero(ends);
  if (static_cast<size_t>(first - r.record_start) > max_record_bytes_) return false;
  const int last = 63 - std::countl_zero(ends);
  const uint64_t through_last = last == 63 ? ~uint64_t{0} : (uint64_t{2} << last) - 1;
  // Each record end and each quoted line break before it starts a line; the last record
  // end's line is where the next record starts.
  r.line += static_cast<uint64_t>(std::popcount(ends));
  if (breaks != 0) r.line += static_cast<uint64_t>(std::popcount(breaks & through_last));
  r.record_line = r.line;
  if (breaks != 0) r.line += static_cast<uint64_t>(std::popcount(breaks & ~through_last));
  const char* at = base + last;
  r.field_start = at + 1;
  if (*at == '\r' && at + 1 < end && at[1] == '\n') r.field_start = at + 2;
  r.record_start = r.field_start;
  if (*at == '\r' && at + 1 == end) state_ = State::kAfterCr;
  return true;
}

Result<const char*> Parser::fast_records(const char* p, const char* const end) {
  WindowState state;
  FastRecord r{p, p, line_, line_, 0, 0, quote_ == '"', {}};
  bool stopped = false;
  if (views_.size() < kInitialFieldSlots) views_.resize(kInitialFieldSlots);
  unescaped_.clear();
  unescaped_fields_.clear();
  alignas(64) char padded[64];
  for (const char* base = p; base < end && !stopped; base += 64) {
    const char* window = window_at(base, end, padded);
    WindowEvents events = analyze(classify_window(window, delimiter_, quote_), state);
    stopped = events.stop != ~uint64_t{0};
    events.stop &= input_positions(base, end);
    if (skim_ && max_record_bytes_ >= kWindow) {
      stopped = !skim_window(r, base, events.record_ends & events.stop,
                             events.quoted_breaks & events.stop, end) ||
                stopped;
      continue;
    }
    const uint64_t all = skim_ ? events.record_ends | events.quoted_breaks
                               : events.fields | events.quoted_breaks | events.needs_quotes;
    for (uint64_t pending = all & events.stop; pending != 0; pending &= pending - 1) {
      const uint64_t bit = pending & (~pending + 1);
      const char* at = base + std::countr_zero(pending);
      if ((events.fields & bit) == 0) {  // inside quotes: counted, and the field keeps quotes
        r.line += (events.quoted_breaks & bit) != 0 ? 1U : 0U;
        r.special.has_quote = r.special.has_quote || (events.doubled & bit) != 0;
        r.special.needs_quotes = true;
        continue;
      }
      if (!skim_) add_fast_field(r, at);
      r.field_start = at + 1;
      if (*at == delimiter_) continue;
      GOFER_TRY_ASSIGN(bool fits, end_fast_record(r, at, end));
      if (!fits) {
        stopped = true;
        break;
      }
    }
  }
  if (r.record_start != p) {
    line_ = r.record_line;
    record_line_ = r.record_line;
    line_start_ = block_offset_ + static_cast<uint64_t>(r.record_start - block_);
    record_offset_ = line_start_;
  }
  return r.record_start;
}

Status Parser::emit_fast_record(std::string_view raw, const FastRecord& r) {
  const size_t fields = r.fields;
  for (const UnescapedField& field : unescaped_fields_) {
    views_[field.index] = std::string_view(unescaped_).substr(field.offset, field.size);
  }
  bool blank = fields == 1 && raw.empty();
  Status status;
  if (blank) {
    ++blank_lines_;
  } else {
    ++records_;
    std::span<const std::string_view> record(views_.data(), fields);
    status =
        sink_.on_record({record, r.record_line, r.canonical ? raw : std::string_view(), r.plain});
  }
  unescaped_.clear();
  unescaped_fields_.clear();
  return status;
}

}  // namespace gofer::csv
