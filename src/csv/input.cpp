// Block reading and decoding of one input (see input.hpp).
#include "input.hpp"

#include <unistd.h>

#include <algorithm>
#include <cerrno>

#include "gofer/signals.hpp"

namespace gofer::csv {

Result<bool> read_block(int fd, std::string& buffer) {
  // Grown as the data arrives, not sized to a whole block up front: zero-filling 1 MiB for
  // a 1 KiB file cost 256 page faults per input (under ASan, a fresh mapping each time: the
  // replayed fuzz corpus spent 70% of its time in the kernel). A buffer that already grew
  // (the next block of a big input) is reused at its full size.
  buffer.resize(std::clamp(buffer.capacity(), kFirstReadBytes, kReadBlock));
  size_t filled = 0;
  while (filled < kReadBlock) {
    if (filled == buffer.size()) buffer.resize(std::min(2 * filled, kReadBlock));
    GOFER_TRY(wait_readable_or_stop(fd));  // a pipe that never sends still ends on Ctrl-C
    ssize_t n = ::read(fd, buffer.data() + filled, buffer.size() - filled);
    if (n < 0 && errno == EINTR) {
      if (stop_requested()) return fail(ErrorCategory::kInterrupted, "interrupted");
      continue;
    }
    if (n < 0) return fail(Error::from_errno(errno).with_context("cannot read input"));
    if (n == 0) break;
    filled += static_cast<size_t>(n);
  }
  buffer.resize(filled);
  return filled == kReadBlock;
}

Result<DecodedInput> DecodedInput::open(int fd, std::string_view forced_encoding, bool strict,
                                        size_t track_invalid) {
  std::string raw;
  GOFER_TRY_ASSIGN(bool more, read_block(fd, raw));
  GOFER_TRY_ASSIGN(Decoder decoder, Decoder::create(raw, forced_encoding));
  decoder.set_strict(strict);
  decoder.track_invalid(track_invalid);
  DecodedInput input(fd, std::move(decoder));
  input.eof_ = !more;
  input.bytes_read_ = raw.size();
  input.raw_ = std::move(raw);
  GOFER_TRY(input.decode_block());
  return input;
}

Result<bool> DecodedInput::next() {
  text_size_ = 0;
  if (eof_) return false;
  if (stop_requested()) return fail(ErrorCategory::kInterrupted, "interrupted");
  GOFER_TRY_ASSIGN(bool more, read_block(fd_, raw_));
  eof_ = !more;
  bytes_read_ += raw_.size();
  GOFER_TRY(decode_block());
  return true;
}

Status DecodedInput::decode_block() {
  GOFER_TRY_ASSIGN(std::string_view text, decoder_.decode_view(raw_, eof_, decoded_));
  text_size_ = text.size();
  text_offset_ = 0;
  text_in_raw_ = !text.empty() && text.data() >= raw_.data() &&
                 text.data() < raw_.data() + raw_.size();
  if (text.empty()) return {};
  const std::string& holder = text_in_raw_ ? raw_ : decoded_;
  text_offset_ = static_cast<size_t>(text.data() - holder.data());
  return {};
}

Dialect sniff_input(DecodedInput& input, const DialectOverrides& overrides,
                    uint64_t* first_line) {
  Dialect dialect = sniff_dialect(input.text().substr(0, kSniffBytes), overrides);
  // The sep= line and a preamble are not data: the parse starts after them, line numbers
  // still count them.
  input.skip(std::min(dialect.skipped_bytes, input.text().size()));
  *first_line = 1 + (dialect.excel_sep_line ? 1 : 0) + dialect.skipped_lines;
  return dialect;
}

}  // namespace gofer::csv
