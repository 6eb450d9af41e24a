// UTF-8 validation following Unicode's "maximal subpart" rule for replacements.
#include "utf8.hpp"

#include <cstdint>
#include <cstring>

#if defined(__x86_64__)
#include <immintrin.h>
#endif

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

size_t utf8_valid_prefix_scalar(std::string_view text, size_t i) {
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

namespace {

#if defined(__x86_64__)
// A character boundary at or before `at` (in valid text before `at`, a sequence has at most
// three continuation bytes before `at`); `at` itself when it is a stray continuation byte.
size_t boundary_before(std::string_view text, size_t at) {
  for (size_t back = 0; back < 4 && back <= at; ++back) {
    if ((static_cast<unsigned char>(text[at - back]) & 0xC0) != 0x80) return at - back;
  }
  return at;
}

// Keiser and Lemire, "Validating UTF-8 in less than one instruction per byte" (Software:
// Practice and Experience, 2021), the lookup algorithm simdjson uses: three 16-entry tables
// indexed by nibbles of each byte and the one before flag every invalid two-byte pattern, and
// a saturating subtract finds the bytes that must be the 3rd/4th of a sequence.
constexpr uint8_t kTooShort = 1 << 0;      // 11______ 0_______ or 11______ 11______
constexpr uint8_t kTooLong = 1 << 1;       // 0_______ 10______
constexpr uint8_t kOverlong3 = 1 << 2;     // 11100000 100_____
constexpr uint8_t kTooLarge = 1 << 3;      // 11110100 1001____ and above
constexpr uint8_t kSurrogate = 1 << 4;     // 11101101 101_____
constexpr uint8_t kOverlong2 = 1 << 5;     // 1100000_ 10______
constexpr uint8_t kTooLarge1000 = 1 << 6;  // 11110101 1000____ and above
constexpr uint8_t kOverlong4 = 1 << 6;     // 11110000 1000____
constexpr uint8_t kTwoConts = 1 << 7;      // 10______ 10______
constexpr uint8_t kCarry = kTooShort | kTooLong | kTwoConts;

__attribute__((target("avx2"))) inline __m256i table(const uint8_t (&t)[16]) {
  __m128i half = _mm_loadu_si128(reinterpret_cast<const __m128i*>(t));
  return _mm256_broadcastsi128_si256(half);
}

__attribute__((target("avx2"))) inline __m256i high_nibbles(__m256i bytes) {
  return _mm256_and_si256(_mm256_srli_epi16(bytes, 4), _mm256_set1_epi8(0x0F));
}

// The 32 bytes ending `n` bytes before the end of `input` (the first `n` from `previous`).
template <int N>
__attribute__((target("avx2"))) inline __m256i shifted(__m256i input, __m256i previous) {
  return _mm256_alignr_epi8(input, _mm256_permute2x128_si256(previous, input, 0x21), 16 - N);
}

struct Tables {
  __m256i byte_1_high, byte_1_low, byte_2_high;
};

__attribute__((target("avx2"))) Tables make_tables() {
  static constexpr uint8_t k1High[16] = {kTooLong,
                                         kTooLong,
                                         kTooLong,
                                         kTooLong,
                                         kTooLong,
                                         kTooLong,
                                         kTooLong,
                                         kTooLong,
                                         kTwoConts,
                                         kTwoConts,
                                         kTwoConts,
                                         kTwoConts,
                                         kTooShort | kOverlong2,
                                         kTooShort,
                                         kTooShort | kOverlong3 | kSurrogate,
                                         kTooShort | kTooLarge | kTooLarge1000 | kOverlong4};
  constexpr uint8_t kLarge = kCarry | kTooLarge | kTooLarge1000;
  static constexpr uint8_t k1Low[16] = {kCarry | kOverlong3 | kOverlong2 | kOverlong4,
                                        kCarry | kOverlong2,
                                        kCarry,
                                        kCarry,
                                        kCarry | kTooLarge,
                                        kLarge,
                                        kLarge,
                                        kLarge,
                                        kLarge,
                                        kLarge,
                                        kLarge,
                                        kLarge,
                                        kLarge,
                                        kLarge | kSurrogate,
                                        kLarge,
                                        kLarge};
  constexpr uint8_t kCont = kTooLong | kOverlong2 | kTwoConts;
  static constexpr uint8_t k2High[16] = {kTooShort,
                                         kTooShort,
                                         kTooShort,
                                         kTooShort,
                                         kTooShort,
                                         kTooShort,
                                         kTooShort,
                                         kTooShort,
                                         kCont | kOverlong3 | kTooLarge1000 | kOverlong4,
                                         kCont | kOverlong3 | kTooLarge,
                                         kCont | kSurrogate | kTooLarge,
                                         kCont | kSurrogate | kTooLarge,
                                         kTooShort,
                                         kTooShort,
                                         kTooShort,
                                         kTooShort};
  return {table(k1High), table(k1Low), table(k2High)};
}

__attribute__((target("avx2"))) inline __m256i block_errors(__m256i input, __m256i previous,
                                                            const Tables& t) {
  const __m256i prev1 = shifted<1>(input, previous);
  const __m256i special = _mm256_and_si256(
      _mm256_and_si256(
          _mm256_shuffle_epi8(t.byte_1_high, high_nibbles(prev1)),
          _mm256_shuffle_epi8(t.byte_1_low, _mm256_and_si256(prev1, _mm256_set1_epi8(0x0F)))),
      _mm256_shuffle_epi8(t.byte_2_high, high_nibbles(input)));
  const __m256i third = _mm256_subs_epu8(shifted<2>(input, previous), _mm256_set1_epi8(0x60));
  const __m256i fourth = _mm256_subs_epu8(shifted<3>(input, previous), _mm256_set1_epi8(0x70));
  const __m256i must_continue =
      _mm256_and_si256(_mm256_or_si256(third, fourth), _mm256_set1_epi8(static_cast<char>(0x80)));
  return _mm256_xor_si256(must_continue, special);
}

// How far 32-byte blocks validate: a character boundary before the first block with an
// error, or before the unchecked tail; the text before it is valid UTF-8.
__attribute__((target("avx2"))) size_t valid_blocks_avx2(std::string_view text) {
  const Tables t = make_tables();
  // Nonzero where a block's last bytes start a sequence that needs bytes after the block.
  const __m256i incomplete_max =
      _mm256_setr_epi8(-1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
                       -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, static_cast<char>(0xEF),
                       static_cast<char>(0xDF), static_cast<char>(0xBF));
  __m256i previous = _mm256_setzero_si256();
  __m256i previous_incomplete = _mm256_setzero_si256();
  size_t i = 0;
  for (; i + 32 <= text.size(); i += 32) {
    const __m256i input = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(text.data() + i));
    __m256i errors = previous_incomplete;
    if (_mm256_movemask_epi8(input) != 0) {
      errors = block_errors(input, previous, t);
      previous_incomplete = _mm256_subs_epu8(input, incomplete_max);
    }
    if (!_mm256_testz_si256(errors, errors)) break;
    previous = input;
  }
  // A sequence starting in the last three bytes before block i is not checked yet (its
  // continuation bytes are in block i): restart from its lead.
  return i >= 3 ? boundary_before(text, i - 3) : 0;
}

size_t valid_blocks_none(std::string_view /*text*/) { return 0; }

using ValidBlocksFn = size_t (*)(std::string_view);
ValidBlocksFn best_valid_blocks() {
  __builtin_cpu_init();
  return __builtin_cpu_supports("avx2") ? &valid_blocks_avx2 : &valid_blocks_none;
}
const ValidBlocksFn g_valid_blocks = best_valid_blocks();
#endif

}  // namespace

size_t utf8_valid_prefix(std::string_view text) {
#if defined(__x86_64__)
  // SIMD settles the long valid runs; the scalar loop finds the exact first invalid byte
  // (Unicode's maximal-subpart rule) from a boundary before it, and takes the short tail.
  if (text.size() >= 64) return utf8_valid_prefix_scalar(text, g_valid_blocks(text));
#endif
  return utf8_valid_prefix_scalar(text, 0);
}

}  // namespace gofer::csv
