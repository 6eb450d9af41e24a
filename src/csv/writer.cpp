// Canonical CSV writing (RFC 4180 quoting).
#include "gofer/csv/writer.hpp"

#include <cstdint>
#include <cstring>

#include "gofer/csv/scan.hpp"

namespace gofer::csv {

namespace {

// Most fields are short: eight bytes per step in a register beats setting up a SIMD scan.
constexpr size_t kShortField = 32;
constexpr uint64_t kOnes = 0x0101010101010101ULL;
constexpr uint64_t kHighBits = 0x8080808080808080ULL;

// Nonzero when some byte of `word` equals `byte` (the exact "has zero byte" test).
constexpr uint64_t has_byte(uint64_t word, char byte) {
  uint64_t x = word ^ (kOnes * static_cast<unsigned char>(byte));
  return (x - kOnes) & ~x & kHighBits;
}

bool needs_quotes(std::string_view field, char delimiter) {
  const char* p = field.data();
  const char* end = p + field.size();
  if (field.size() >= kShortField) return find_any(p, end, {delimiter, '"', '\n', '\r'}) != end;
  for (; end - p >= 8; p += 8) {
    uint64_t word = 0;
    std::memcpy(&word, p, sizeof word);
    if ((has_byte(word, delimiter) | has_byte(word, '"') | has_byte(word, '\n') |
         has_byte(word, '\r')) != 0) {
      return true;
    }
  }
  for (; p < end; ++p) {
    if (*p == delimiter || *p == '"' || *p == '\n' || *p == '\r') return true;
  }
  return false;
}

}  // namespace

void CsvWriter::write_field(std::string_view field, std::string& out) const {
  const char* end = field.data() + field.size();
  if (!needs_quotes(field, options_.delimiter)) {
    out.append(field);
    return;
  }
  out += '"';
  const char* p = field.data();
  while (true) {
    const char* q = find_any(p, end, {'"', '"', '"', '"'});
    out.append(p, q);
    if (q == end) break;
    out += "\"\"";
    p = q + 1;
  }
  out += '"';
}

void CsvWriter::write(std::span<const std::string_view> fields, std::string& out) const {
  if (fields.size() == 1 && fields[0].empty()) {
    out += "\"\"";
  } else {
    for (size_t i = 0; i < fields.size(); ++i) {
      if (i > 0) out += options_.delimiter;
      write_field(fields[i], out);
    }
  }
  out += options_.crlf ? "\r\n" : "\n";
}

}  // namespace gofer::csv
