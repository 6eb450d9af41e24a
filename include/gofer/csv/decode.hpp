// Streaming decoder: any supported input encoding in, UTF-8 out, invalid bytes counted.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "gofer/error.hpp"

namespace gofer::csv {

enum class SourceEncoding { kUtf8, kUtf16Le, kUtf16Be, kSingleByte };

// Where an invalid byte sequence was met (1-based, column in bytes of the input line).
struct InvalidSequence {
  uint64_t line = 0;
  uint64_t column = 0;
};

class Decoder {
 public:
  // Picks the encoding from `sample` (the first block of the input): BOM, valid UTF-8,
  // UTF-16 by its zero bytes, else uchardet. `forced` (from --encoding) skips detection.
  [[nodiscard]] static Result<Decoder> create(std::string_view sample, std::string_view forced);

  // Appends the UTF-8 form of `input` to `out`; bytes of a sequence cut by the block end
  // wait for the next call. `last` flushes them (as U+FFFD).
  [[nodiscard]] Status decode(std::string_view input, bool last, std::string& out);
  // The same, but returns the decoded text: a view of `input` itself when it needs no
  // change (valid UTF-8), else of `out` (cleared first).
  [[nodiscard]] Result<std::string_view> decode_view(std::string_view input, bool last,
                                                     std::string& out);

  // --strict-encoding: an invalid sequence is an error naming its line:col.
  void set_strict(bool strict) { strict_ = strict; }
  // Remember where the first `limit` invalid sequences were (for `csv check`).
  void track_invalid(size_t limit) { track_limit_ = limit; }

  [[nodiscard]] const std::string& name() const { return name_; }
  [[nodiscard]] bool had_bom() const { return bom_size_ > 0; }
  [[nodiscard]] uint64_t replaced() const { return replaced_; }
  [[nodiscard]] const std::vector<InvalidSequence>& invalid_sequences() const { return invalid_; }

 private:
  Decoder() = default;
  [[nodiscard]] Status decode_utf8(std::string_view input, bool last, std::string& out);
  void decode_utf16(std::string_view input, bool last, std::string& out);
  void decode_single_byte(std::string_view input, std::string& out);
  std::string_view strip_bom(std::string_view input);
  void count_lines(std::string_view produced);
  [[nodiscard]] Status note_invalid(std::string_view input, size_t offset);

  SourceEncoding encoding_ = SourceEncoding::kUtf8;
  std::string name_ = "UTF-8";
  const std::array<uint16_t, 128>* table_ = nullptr;  // bytes 0x80..0xFF, single-byte pages
  size_t bom_size_ = 0;
  size_t bom_left_ = 0;       // BOM bytes still to drop from the front of the input
  std::string carry_;         // an incomplete sequence from the previous block
  uint64_t replaced_ = 0;
  bool strict_ = false;
  size_t track_limit_ = 0;
  std::vector<InvalidSequence> invalid_;
  uint64_t lines_before_ = 0;  // newlines in earlier blocks, for positions
  uint64_t line_start_carry_ = 0;  // bytes of the current line in earlier blocks
};

// Appends the UTF-8 encoding of a code point.
void append_utf8(std::string& out, char32_t code_point);

// The names --encoding accepts, besides UTF-8 and UTF-16LE/BE.
[[nodiscard]] std::vector<std::string_view> single_byte_encoding_names();

}  // namespace gofer::csv
