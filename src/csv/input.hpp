// Reading an input fd block by block and decoding it, shared by normalize, check and sniff.
#pragma once

#include <string>
#include <string_view>

#include "gofer/csv/decode.hpp"
#include "gofer/csv/dialect.hpp"
#include "gofer/error.hpp"

namespace gofer::csv {

// A megabyte per read: large enough to amortize syscalls and the per-block work, small
// enough to stay in L2/L3 and keep memory flat.
inline constexpr size_t kReadBlock = size_t{1} << 20;
// The first read of an input asks for this much; the buffer doubles up to kReadBlock while
// reads fill it, so a small file costs a few pages, not a megabyte of zeroed memory.
inline constexpr size_t kFirstReadBytes = size_t{16} << 10;
// The sniffer looks at this much decoded text (Python's Sniffer is given about as much).
inline constexpr size_t kSniffBytes = size_t{64} << 10;

class DecodedInput {
 public:
  // Reads the first block, picks the encoding, decodes it.
  [[nodiscard]] static Result<DecodedInput> open(int fd, std::string_view forced_encoding,
                                                 bool strict, size_t track_invalid);
  // The decoded text of the current block (the first one after open()).
  [[nodiscard]] std::string_view text() const {
    const std::string& holder = text_in_raw_ ? raw_ : decoded_;
    return std::string_view(holder).substr(text_offset_, text_size_);
  }
  // Drops `n` bytes from the front of the current text (Excel's sep= line).
  void skip(size_t n) {
    text_offset_ += n;
    text_size_ -= n;
  }
  // Reads and decodes the next block; false at the end of the input.
  [[nodiscard]] Result<bool> next();

  [[nodiscard]] const Decoder& decoder() const { return decoder_; }
  [[nodiscard]] uint64_t bytes_read() const { return bytes_read_; }

 private:
  DecodedInput(int fd, Decoder decoder) : fd_(fd), decoder_(std::move(decoder)) {}
  [[nodiscard]] Status decode_block();
  int fd_;
  Decoder decoder_;
  std::string raw_;
  std::string decoded_;    // the decoded block when it is not raw_ itself
  // The decoded text, as a place in raw_ or decoded_ (not a view: a move of a short string
  // would leave a view dangling).
  bool text_in_raw_ = false;
  size_t text_offset_ = 0;
  size_t text_size_ = 0;
  bool eof_ = false;
  uint64_t bytes_read_ = 0;
};

// Fills `buffer` up to kReadBlock bytes; false when the input has ended.
[[nodiscard]] Result<bool> read_block(int fd, std::string& buffer);

// Sniffs the dialect from the first decoded block and removes an Excel sep= line from it.
[[nodiscard]] Dialect sniff_input(DecodedInput& input, const DialectOverrides& overrides,
                                  uint64_t* first_line);

}  // namespace gofer::csv
