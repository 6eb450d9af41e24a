// Finding the next structural byte (delimiter, quote, CR, LF) with SIMD where available.
#pragma once

namespace gofer::csv {

// Up to four bytes to stop at; unused slots repeat one of the others.
struct ScanSet {
  char a, b, c, d;
};

// First position in [begin, end) holding a byte of `set`, or `end`.
// Dispatches once at run time: AVX2 if the CPU has it, else SSE2 (x86_64), else scalar.
[[nodiscard]] const char* find_any(const char* begin, const char* end, ScanSet set);

// The portable version, for tests that compare implementations.
[[nodiscard]] const char* find_any_scalar(const char* begin, const char* end, ScanSet set);

// Which implementation find_any uses: "avx2", "sse2" or "scalar".
[[nodiscard]] const char* scan_implementation();

}  // namespace gofer::csv
