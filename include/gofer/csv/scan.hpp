// Finding structural bytes (delimiter, quote, CR, LF) with SIMD where available: one
// position at a time (find_any) or as bit masks over 64-byte windows (classify_window).
#pragma once

#include <cstdint>

namespace gofer::csv {

// Up to four bytes to stop at; unused slots repeat one of the others.
struct ScanSet {
  char a, b, c, d;
};

// Bit i of each mask is set when byte i of a 64-byte window is that byte.
struct WindowMasks {
  uint64_t quote = 0;
  uint64_t delimiter = 0;
  uint64_t lf = 0;
  uint64_t cr = 0;
};

// First position in [begin, end) holding a byte of `set`, or `end`.
// Dispatches once at run time: AVX2 if the CPU has it, else SSE2 (x86_64), else scalar
// (every other architecture, aarch64 included).
[[nodiscard]] const char* find_any(const char* begin, const char* end, ScanSet set);

// Masks for the 64 bytes at `window` (all 64 must be readable).
[[nodiscard]] WindowMasks classify_window(const char* window, char delimiter, char quote);

// The portable versions, for tests that compare implementations.
[[nodiscard]] const char* find_any_scalar(const char* begin, const char* end, ScanSet set);
[[nodiscard]] WindowMasks classify_window_scalar(const char* window, char delimiter, char quote);

// Which implementation is in use: "avx2", "sse2" or "scalar".
[[nodiscard]] const char* scan_implementation();

// Tests run the whole parser on the portable code (what aarch64 runs) with this; true
// restores the run-time choice. Not thread-safe: call it while no parse is running.
void use_simd_scan(bool use);

// Bit i of the result is the XOR of bits 0..i of `bits`: with quote bits in, the set bits
// out are the bytes inside quotes (the opening quote included, the closing one not).
[[nodiscard]] constexpr uint64_t prefix_xor(uint64_t bits) {
  bits ^= bits << 1;
  bits ^= bits << 2;
  bits ^= bits << 4;
  bits ^= bits << 8;
  bits ^= bits << 16;
  bits ^= bits << 32;
  return bits;
}

}  // namespace gofer::csv
