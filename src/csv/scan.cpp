// SIMD scanning for structural bytes: 32 (AVX2) or 16 (SSE2) bytes compared per step.
// x86 intrinsics are compiled only on x86_64; other targets use the portable loops.
#include "gofer/csv/scan.hpp"

#include <cstring>

#if defined(__x86_64__)
#include <immintrin.h>
#endif

namespace gofer::csv {

const char* find_any_scalar(const char* begin, const char* end, ScanSet set) {
  for (const char* p = begin; p < end; ++p) {
    char c = *p;
    if (c == set.a || c == set.b || c == set.c || c == set.d) return p;
  }
  return end;
}

WindowMasks classify_window_scalar(const char* window, char delimiter, char quote) {
  WindowMasks masks;
  for (unsigned i = 0; i < 64; ++i) {
    const uint64_t bit = uint64_t{1} << i;
    const char c = window[i];
    if (c == quote) masks.quote |= bit;
    if (c == delimiter) masks.delimiter |= bit;
    if (c == '\n') masks.lf |= bit;
    if (c == '\r') masks.cr |= bit;
  }
  return masks;
}

namespace {

using FindFn = const char* (*)(const char*, const char*, ScanSet);
using ClassifyFn = WindowMasks (*)(const char*, char, char);

struct ScanImpl {
  FindFn find;
  ClassifyFn classify;
  const char* name;
};

constexpr ScanImpl kScalar{&find_any_scalar, &classify_window_scalar, "scalar"};

#if defined(__x86_64__)
const char* find_any_sse2(const char* begin, const char* end, ScanSet set) {
  const __m128i a = _mm_set1_epi8(set.a), b = _mm_set1_epi8(set.b);
  const __m128i c = _mm_set1_epi8(set.c), d = _mm_set1_epi8(set.d);
  const char* p = begin;
  for (; p + 16 <= end; p += 16) {
    __m128i chunk = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
    __m128i hit = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(chunk, a), _mm_cmpeq_epi8(chunk, b)),
                               _mm_or_si128(_mm_cmpeq_epi8(chunk, c), _mm_cmpeq_epi8(chunk, d)));
    auto mask = static_cast<unsigned>(_mm_movemask_epi8(hit));
    if (mask != 0) return p + __builtin_ctz(mask);
  }
  return find_any_scalar(p, end, set);
}

uint64_t sse2_mask(const char* p, __m128i byte) {
  uint64_t mask = 0;
  for (unsigned i = 0; i < 4; ++i) {
    __m128i chunk = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + 16 * i));
    auto bits = static_cast<uint32_t>(_mm_movemask_epi8(_mm_cmpeq_epi8(chunk, byte)));
    mask |= uint64_t{bits & 0xFFFFU} << (16 * i);
  }
  return mask;
}

WindowMasks classify_window_sse2(const char* window, char delimiter, char quote) {
  return {sse2_mask(window, _mm_set1_epi8(quote)), sse2_mask(window, _mm_set1_epi8(delimiter)),
          sse2_mask(window, _mm_set1_epi8('\n')), sse2_mask(window, _mm_set1_epi8('\r'))};
}

__attribute__((target("avx2"))) const char* find_any_avx2(const char* begin, const char* end,
                                                          ScanSet set) {
  const __m256i a = _mm256_set1_epi8(set.a), b = _mm256_set1_epi8(set.b);
  const __m256i c = _mm256_set1_epi8(set.c), d = _mm256_set1_epi8(set.d);
  const char* p = begin;
  for (; p + 32 <= end; p += 32) {
    __m256i chunk = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p));
    __m256i hit =
        _mm256_or_si256(_mm256_or_si256(_mm256_cmpeq_epi8(chunk, a), _mm256_cmpeq_epi8(chunk, b)),
                        _mm256_or_si256(_mm256_cmpeq_epi8(chunk, c), _mm256_cmpeq_epi8(chunk, d)));
    auto mask = static_cast<uint32_t>(_mm256_movemask_epi8(hit));
    if (mask != 0) return p + __builtin_ctz(mask);
  }
  return find_any_sse2(p, end, set);
}

__attribute__((target("avx2"))) inline uint64_t avx2_mask(__m256i low, __m256i high, char byte) {
  const __m256i wanted = _mm256_set1_epi8(byte);
  auto lo = static_cast<uint32_t>(_mm256_movemask_epi8(_mm256_cmpeq_epi8(low, wanted)));
  auto hi = static_cast<uint32_t>(_mm256_movemask_epi8(_mm256_cmpeq_epi8(high, wanted)));
  return uint64_t{hi} << 32 | lo;
}

__attribute__((target("avx2"))) WindowMasks classify_window_avx2(const char* window, char delimiter,
                                                                 char quote) {
  const __m256i low = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(window));
  const __m256i high = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(window + 32));
  return {avx2_mask(low, high, quote), avx2_mask(low, high, delimiter), avx2_mask(low, high, '\n'),
          avx2_mask(low, high, '\r')};
}

constexpr ScanImpl kSse2{&find_any_sse2, &classify_window_sse2, "sse2"};
constexpr ScanImpl kAvx2{&find_any_avx2, &classify_window_avx2, "avx2"};

ScanImpl best_implementation() {
  __builtin_cpu_init();
  return __builtin_cpu_supports("avx2") ? kAvx2 : kSse2;
}
#else
ScanImpl best_implementation() { return kScalar; }
#endif

ScanImpl g_scan = best_implementation();

}  // namespace

const char* find_any(const char* begin, const char* end, ScanSet set) {
  return g_scan.find(begin, end, set);
}

WindowMasks classify_window(const char* window, char delimiter, char quote) {
  return g_scan.classify(window, delimiter, quote);
}

const char* scan_implementation() { return g_scan.name; }

void use_simd_scan(bool use) { g_scan = use ? best_implementation() : kScalar; }

}  // namespace gofer::csv
