// SIMD scanning for structural bytes: 32 (AVX2) or 16 (SSE2) bytes compared per step.
#include "scan.hpp"

#include <cstdint>
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

#if defined(__x86_64__)
namespace {

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

using FindFn = const char* (*)(const char*, const char*, ScanSet);

FindFn pick_implementation() {
  __builtin_cpu_init();
  return __builtin_cpu_supports("avx2") ? &find_any_avx2 : &find_any_sse2;
}

const FindFn kFind = pick_implementation();

}  // namespace

const char* find_any(const char* begin, const char* end, ScanSet set) {
  return kFind(begin, end, set);
}

const char* scan_implementation() { return kFind == &find_any_avx2 ? "avx2" : "sse2"; }
#else
const char* find_any(const char* begin, const char* end, ScanSet set) {
  return find_any_scalar(begin, end, set);
}

const char* scan_implementation() { return "scalar"; }
#endif

}  // namespace gofer::csv
