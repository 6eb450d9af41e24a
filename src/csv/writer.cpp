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

// Writes `field` at `p` (room for 2 * size + 2 bytes) and returns the end.
char* CsvWriter::put_field(char* p, std::string_view field) const {
  if (!needs_quotes(field, options_.delimiter)) {
    // A padded field is a default string_view: memcpy from its null data() is UB even for 0.
    if (!field.empty()) std::memcpy(p, field.data(), field.size());
    return p + field.size();
  }
  *p++ = '"';
  const char* from = field.data();
  const char* end = from + field.size();
  while (true) {
    const char* quote = find_any(from, end, {'"', '"', '"', '"'});
    std::memcpy(p, from, static_cast<size_t>(quote - from));
    p += quote - from;
    if (quote == end) break;
    *p++ = '"';
    *p++ = '"';
    from = quote + 1;
  }
  *p++ = '"';
  return p;
}

void CsvWriter::write_field(std::string_view field, std::string& out) const {
  size_t old = out.size();
  out.resize_and_overwrite(old + 2 * field.size() + 2, [&](char* data, size_t) {
    return static_cast<size_t>(put_field(data + old, field) - data);
  });
}

// One resize per row, then plain stores: appending field by field cost more than the
// quoting check itself.
void CsvWriter::write(std::span<const std::string_view> fields, std::string& out) const {
  size_t bound = 4;  // "" and CRLF
  for (std::string_view field : fields) bound += 2 * field.size() + 3;
  size_t old = out.size();
  out.resize_and_overwrite(old + bound, [&](char* data, size_t) {
    char* p = data + old;
    if (fields.size() == 1 && fields[0].empty()) {
      *p++ = '"';
      *p++ = '"';
    } else {
      for (size_t i = 0; i < fields.size(); ++i) {
        if (i > 0) *p++ = options_.delimiter;
        p = put_field(p, fields[i]);
      }
    }
    if (options_.crlf) *p++ = '\r';
    *p++ = '\n';
    return static_cast<size_t>(p - data);
  });
}

}  // namespace gofer::csv
