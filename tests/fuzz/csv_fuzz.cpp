// Fuzz target for the CSV decoder, parser and writer: never a crash, and the canonical form
// round-trips (parse(write(rows)) == rows) and is a fixed point (write(parse(x)) == x);
// normalize is idempotent, and its chunked (multithreaded) run equals the serial one.
#include <sys/mman.h>
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "gofer/csv/decode.hpp"
#include "gofer/csv/normalize.hpp"
#include "gofer/csv/parser.hpp"
#include "gofer/csv/writer.hpp"

namespace {

using Rows = std::vector<std::vector<std::string>>;

class RowsSink final : public gofer::csv::RecordSink {
 public:
  gofer::Status on_record(const gofer::csv::Record& record) override {
    rows.emplace_back(record.fields.begin(), record.fields.end());
    return {};
  }
  Rows rows;
};

bool parse(std::string_view text, const gofer::csv::Dialect& dialect, size_t piece, Rows& rows) {
  RowsSink sink;
  gofer::csv::Parser parser(dialect, sink);
  for (size_t at = 0; at < text.size(); at += piece) {
    if (!parser.feed(text.substr(at, piece))) return false;
  }
  if (!parser.finish()) return false;
  rows = std::move(sink.rows);
  return true;
}

std::string write(const Rows& rows) {
  gofer::csv::CsvWriter writer({',', false});
  std::string out;
  for (const auto& row : rows) {
    std::vector<std::string_view> fields(row.begin(), row.end());
    writer.write(fields, out);
  }
  return out;
}

struct Normalized {
  std::string out, rejects, error;
  bool header = false;
  bool operator==(const Normalized&) const = default;
};

Normalized normalize(std::string_view input, gofer::csv::NormalizeOptions options,
                     size_t threads, size_t chunk_bytes) {
  int fd = ::memfd_create("csv-fuzz", 0);
  if (fd < 0 || ::write(fd, input.data(), input.size()) != static_cast<ssize_t>(input.size()) ||
      ::lseek(fd, 0, SEEK_SET) != 0) {
    std::abort();
  }
  Normalized result;
  gofer::csv::WriteFn out = [&](std::string_view data) -> gofer::Status {
    result.out.append(data);
    return {};
  };
  gofer::csv::WriteFn rejects = [&](std::string_view data) -> gofer::Status {
    result.rejects.append(data);
    return {};
  };
  options.threads = threads;
  options.chunk_bytes = chunk_bytes;
  auto report = gofer::csv::normalize(fd, out, rejects, options);
  ::close(fd);
  if (!report) return {"", "", report.error().message()};
  result.header = report->dialect.header;
  return result;
}

// normalize(x) in chunks == serially; normalize(normalize(x)) == normalize(x).
// The second pass reads the canonical dialect (sniffing the output could pick another
// delimiter when fields are full of ';'), the header decision of the first and UTF-8, the
// output's encoding by contract (NULs kept from a UTF-16 input could pass for UTF-16 or a
// binary file on a second detection).
void check_normalize(std::string_view raw, size_t chunk_bytes) {
  Normalized serial = normalize(raw, {}, 1, 0);
  if (normalize(raw, {}, 3, chunk_bytes) != serial) std::abort();
  if (!serial.error.empty() || !serial.rejects.empty()) return;
  gofer::csv::NormalizeOptions canonical;
  canonical.dialect.delimiter = ',';
  canonical.dialect.quote = '"';
  canonical.dialect.escape = gofer::csv::EscapeStyle::kDoubled;
  canonical.dialect.header = serial.header;
  canonical.encoding = "UTF-8";
  Normalized again = normalize(serial.out, canonical, 1, 0);
  if (again.out != serial.out) std::abort();
}

}  // namespace

// Input layout: one byte of switches (delimiter, quote, escape, block size and comments),
// then the text.
extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const uint8_t switches = data[0];
  std::string_view raw(reinterpret_cast<const char*>(data + 1), size - 1);
  auto decoder = gofer::csv::Decoder::create(raw, "");
  if (!decoder) return 0;  // a multibyte legacy guess: a clean error is fine
  std::string text;
  if (!decoder->decode(raw, true, text)) std::abort();  // only strict mode may fail
  gofer::csv::Dialect dialect;
  dialect.delimiter = ",;\t|"[switches & 3];
  dialect.quote = (switches & 4) != 0 ? '\'' : '"';
  dialect.escape = (switches & 8) != 0 ? gofer::csv::EscapeStyle::kBackslash
                                       : gofer::csv::EscapeStyle::kDoubled;
  // The block size's low bit also turns `#` comment lines on: skipped the same at any split.
  dialect.comment = (switches & 0x10) != 0 ? '#' : '\0';
  const size_t piece = 1 + (switches >> 4);
  check_normalize(raw, piece);
  Rows rows, whole;
  if (!parse(text, dialect, piece, rows)) return 0;  // unterminated quote: an error, fine
  if (!parse(text, dialect, text.size() + 1, whole) || whole != rows) std::abort();
  std::string canonical = write(rows);
  Rows again;
  if (!parse(canonical, {}, piece, again) || again != rows) std::abort();
  if (write(again) != canonical) std::abort();
  return 0;
}
