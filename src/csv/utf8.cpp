// UTF-8 validation following Unicode's "maximal subpart" rule for replacements.
#include "utf8.hpp"

#include <cstdint>
#include <cstring>

namespace gofer::csv {
namespace {

// The allowed range of the second byte for a lead byte (Unicode Table 3-7).
bool second_byte_ok(unsigned char lead, unsigned char second) {
  if (lead == 0xE0) return second >= 0xA0 && second <= 0xBF;
  if (lead == 0xED) return second >= 0x80 && second <= 0x9F;
  if (lead == 0xF0) return second >= 0x90 && second <= 0xBF;
  if (lead == 0xF4) return second >= 0x80 && second <= 0x8F;
  return second >= 0x80 && second <= 0xBF;
}

int expected_length(unsigned char lead) {
  if (lead < 0x80) return 1;
  if (lead >= 0xC2 && lead <= 0xDF) return 2;
  if (lead >= 0xE0 && lead <= 0xEF) return 3;
  if (lead >= 0xF0 && lead <= 0xF4) return 4;
  return 0;
}

}  // namespace

int utf8_sequence_length(std::string_view text, size_t* bad) {
  auto lead = static_cast<unsigned char>(text[0]);
  int length = expected_length(lead);
  *bad = 1;
  if (length <= 1) return length;
  for (int i = 1; i < length; ++i) {
    auto index = static_cast<size_t>(i);
    if (index >= text.size()) return kTruncated;
    auto byte = static_cast<unsigned char>(text[index]);
    bool ok = i == 1 ? second_byte_ok(lead, byte) : (byte & 0xC0) == 0x80;
    if (!ok) {
      *bad = index;
      return 0;
    }
  }
  return length;
}

size_t utf8_valid_prefix(std::string_view text) {
  size_t i = 0;
  const size_t n = text.size();
  while (i < n) {
    // ASCII runs dominate real CSV: test 32, then eight bytes at a time.
    while (i + 32 <= n) {
      uint64_t words[4];
      std::memcpy(words, text.data() + i, sizeof words);
      if (((words[0] | words[1] | words[2] | words[3]) & 0x8080808080808080ULL) != 0) break;
      i += 32;
    }
    while (i + 8 <= n) {
      uint64_t word = 0;
      std::memcpy(&word, text.data() + i, 8);
      if ((word & 0x8080808080808080ULL) != 0) break;
      i += 8;
    }
    if (i >= n) break;
    if (static_cast<unsigned char>(text[i]) < 0x80) {
      ++i;
      continue;
    }
    size_t bad = 0;
    int length = utf8_sequence_length(text.substr(i), &bad);
    if (length <= 0) return i;
    i += static_cast<size_t>(length);
  }
  return n;
}

}  // namespace gofer::csv
