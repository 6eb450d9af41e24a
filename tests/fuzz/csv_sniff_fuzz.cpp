// Fuzz target for the CSV decoder and the sniffers: detected or forced encoding, dialect
// sniffing, `csv sniff` and `csv check`. Never a crash; the decoder's output is valid UTF-8
// and does not depend on where the input's blocks end.
#include <sys/mman.h>
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "gofer/csv/check.hpp"
#include "gofer/csv/decode.hpp"
#include "gofer/csv/dialect.hpp"

namespace {

// Structural UTF-8 check (RFC 3629: no overlongs, no surrogates, at most U+10FFFF).
bool valid_utf8(std::string_view text) {
  for (size_t i = 0; i < text.size();) {
    auto byte = [&](size_t at) { return static_cast<unsigned char>(text[at]); };
    unsigned char lead = byte(i);
    size_t length = lead < 0x80 ? 1 : lead >= 0xC2 && lead <= 0xDF ? 2
                    : lead >= 0xE0 && lead <= 0xEF             ? 3
                    : lead >= 0xF0 && lead <= 0xF4             ? 4
                                                               : 0;
    if (length == 0 || i + length > text.size()) return false;
    for (size_t k = 1; k < length; ++k) {
      if ((byte(i + k) & 0xC0) != 0x80) return false;
    }
    if ((lead == 0xE0 && byte(i + 1) < 0xA0) || (lead == 0xED && byte(i + 1) > 0x9F) ||
        (lead == 0xF0 && byte(i + 1) < 0x90) || (lead == 0xF4 && byte(i + 1) > 0x8F)) {
      return false;
    }
    i += length;
  }
  return true;
}

std::string forced_encoding(uint8_t switches) {
  static const std::vector<std::string_view> names = [] {
    std::vector<std::string_view> all = gofer::csv::single_byte_encoding_names();
    all.insert(all.begin(), {"", "", "", "UTF-8", "UTF-16LE", "UTF-16BE", "UTF-16"});
    return all;
  }();
  return std::string(names[switches % names.size()]);
}

// Decodes `raw` in blocks of `block` bytes; empty on a creation or decoding error.
bool decode(std::string_view raw, const std::string& forced, size_t block, std::string& out) {
  auto decoder = gofer::csv::Decoder::create(raw.substr(0, 4096), forced);
  if (!decoder) return false;
  for (size_t at = 0; at < raw.size(); at += block) {
    bool last = at + block >= raw.size();
    if (!decoder->decode(raw.substr(at, block), last, out)) std::abort();  // not strict
  }
  if (raw.empty() && !decoder->decode({}, true, out)) std::abort();
  return true;
}

int memory_file(std::string_view data) {
  int fd = ::memfd_create("csv-sniff-fuzz", 0);
  if (fd < 0 || ::write(fd, data.data(), data.size()) != static_cast<ssize_t>(data.size()) ||
      ::lseek(fd, 0, SEEK_SET) != 0) {
    std::abort();
  }
  return fd;
}

volatile size_t g_sink = 0;  // keeps the work observable to the optimiser

}  // namespace

// Input layout: one byte choosing the forced encoding, one the block size, then the bytes.
extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 2) return 0;
  const std::string forced = forced_encoding(data[0]);
  const size_t block = 1 + data[1] % 64;
  std::string_view raw(reinterpret_cast<const char*>(data + 2), size - 2);
  std::string whole, pieces;
  if (!decode(raw, forced, raw.size() + 1, whole)) return 0;
  if (!decode(raw, forced, block, pieces) || pieces != whole || !valid_utf8(whole)) std::abort();
  gofer::csv::Dialect dialect = gofer::csv::sniff_dialect(whole, {});
  size_t sink = dialect.columns;
  gofer::csv::CheckOptions options;
  options.encoding = forced;
  options.infer_rows = 100;
  int fd = memory_file(raw);
  if (auto report = gofer::csv::sniff(fd, raw.size(), options)) sink += report->columns.size();
  if (::lseek(fd, 0, SEEK_SET) != 0) std::abort();
  if (auto report = gofer::csv::check(fd, options)) sink += report->problems.size();
  ::close(fd);
  g_sink = g_sink + sink;
  return 0;
}
