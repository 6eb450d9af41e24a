// UTF-8 validation helpers shared by the decoder and the sniffer.
#pragma once

#include <cstddef>
#include <string_view>

namespace gofer::csv {

// Length of the well-formed sequence starting at `text[0]` (1..4); 0 if ill-formed, in which
// case `*bad` is the length of its maximal prefix (>= 1, one U+FFFD replaces it); kTruncated if
// the text ends inside a sequence that could still be valid.
inline constexpr int kTruncated = -1;
[[nodiscard]] int utf8_sequence_length(std::string_view text, size_t* bad);

// Offset of the first byte that does not start a well-formed sequence (size() if none).
// 32 bytes at a time with AVX2 when the CPU has it (x86_64), else one sequence at a time.
[[nodiscard]] size_t utf8_valid_prefix(std::string_view text);
// The portable loop alone, from `start` (a character boundary with valid text before it);
// tests compare it with the SIMD path.
[[nodiscard]] size_t utf8_valid_prefix_scalar(std::string_view text, size_t start);

}  // namespace gofer::csv
