// Canonical CSV writing (RFC 4180 quoting).
#include "gofer/csv/writer.hpp"

#include <cassert>
#include <cstdint>
#include <cstring>

#include "gofer/csv/scan.hpp"

#if defined(__x86_64__)
#include <emmintrin.h>
#endif

namespace gofer::csv {

namespace {

constexpr uint64_t kOnes = 0x0101010101010101ULL;
constexpr uint64_t kHighBits = 0x8080808080808080ULL;

// Nonzero when some byte of `word` equals `byte` (the exact "has zero byte" test).
constexpr uint64_t has_byte(uint64_t word, char byte) {
  uint64_t x = word ^ (kOnes * static_cast<unsigned char>(byte));
  return (x - kOnes) & ~x & kHighBits;
}

uint64_t load8(const char* p) {
  uint64_t word = 0;
  std::memcpy(&word, p, sizeof word);
  return word;
}

uint64_t load4(const char* p) {
  uint32_t word = 0;
  std::memcpy(&word, p, sizeof word);
  return word;
}

// Up to 16 bytes as one or two words, every byte of them from the field: a short field is
// covered by overlapping loads instead of a byte loop (repeated bytes do not change the test).
struct ShortWords {
  uint64_t first, second;
};
ShortWords short_words(const char* p, size_t n) {
  if (n >= 8) return {load8(p), load8(p + n - 8)};
  if (n >= 4) {
    uint64_t word = load4(p) | load4(p + n - 4) << 32;
    return {word, word};
  }
  auto byte = [&](size_t i) { return uint64_t{static_cast<unsigned char>(p[i])}; };
  uint64_t word = byte(0) | byte(n / 2) << 8 | byte(n - 1) << 16 | byte(0) << 24;
  word |= word << 32;
  return {word, word};
}

bool word_needs_quotes(uint64_t word, char delimiter) {
  return (has_byte(word, delimiter) | has_byte(word, '"') | has_byte(word, '\n') |
          has_byte(word, '\r')) != 0;
}

#if defined(__x86_64__)
// SSE2 is part of x86_64 itself: no run-time dispatch and no call through a pointer, which
// cost more than the scan for the typical 5-50 byte field.
bool long_needs_quotes(const char* p, size_t n, char delimiter) {
  const __m128i delim = _mm_set1_epi8(delimiter), quote = _mm_set1_epi8('"');
  const __m128i lf = _mm_set1_epi8('\n'), cr = _mm_set1_epi8('\r');
  auto hit = [&](const char* at) {
    __m128i c = _mm_loadu_si128(reinterpret_cast<const __m128i*>(at));
    __m128i any = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(c, delim), _mm_cmpeq_epi8(c, quote)),
                               _mm_or_si128(_mm_cmpeq_epi8(c, lf), _mm_cmpeq_epi8(c, cr)));
    return _mm_movemask_epi8(any) != 0;
  };
  const char* end = p + n;
  for (; end - p > 16; p += 16) {
    if (hit(p)) return true;
  }
  return hit(end - 16);  // the last 16 bytes, overlapping the ones already tested
}
#else
bool long_needs_quotes(const char* p, size_t n, char delimiter) {
  const char* end = p + n;
  for (; end - p > 8; p += 8) {
    if (word_needs_quotes(load8(p), delimiter)) return true;
  }
  return word_needs_quotes(load8(end - 8), delimiter);
}
#endif

bool needs_quotes(std::string_view field, char delimiter) {
  size_t n = field.size();
  if (n == 0) return false;
  if (n > 16) return long_needs_quotes(field.data(), n, delimiter);
  ShortWords words = short_words(field.data(), n);
  return word_needs_quotes(words.first, delimiter) || word_needs_quotes(words.second, delimiter);
}

}  // namespace

// A field the caller knows needs no quotes (checked in debug builds: a wrong promise would
// write a broken row).
char* CsvWriter::put_plain(char* p, std::string_view field) const {
  assert(!needs_quotes(field, options_.delimiter));
  if (!field.empty()) std::memcpy(p, field.data(), field.size());
  return p + field.size();
}

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
void CsvWriter::write(std::span<const std::string_view> fields, std::string& out,
                      uint64_t plain) const {
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
        p = i < 64 && (plain >> i & 1) != 0 ? put_plain(p, fields[i]) : put_field(p, fields[i]);
      }
    }
    if (options_.crlf) *p++ = '\r';
    *p++ = '\n';
    return static_cast<size_t>(p - data);
  });
}

}  // namespace gofer::csv
