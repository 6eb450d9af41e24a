// The normalize pipeline: decode -> sniff -> parse -> ragged policy -> clean -> write,
// serially, or in chunks parsed on several threads (normalize_chunks.cpp).
#include "gofer/csv/normalize.hpp"

#include "gofer/csv/parser.hpp"
#include "input.hpp"
#include "normalize_chunks.hpp"
#include "normalize_sink.hpp"

namespace gofer::csv {
namespace {

[[nodiscard]] Status normalize_serially(DecodedInput& input, NormalizeSink& sink,
                                        NormalizeReport& report, uint64_t first_line,
                                        const NormalizeOptions& options) {
  Parser parser(report.dialect, sink, first_line);
  if (options.max_record_bytes > 0) parser.set_max_record_bytes(options.max_record_bytes);
  bool more = true;
  while (more) {
    GOFER_TRY(parser.feed(input.text()));
    GOFER_TRY_ASSIGN(more, input.next());
  }
  GOFER_TRY(parser.finish());
  GOFER_TRY(sink.finish());
  report.blank_lines = parser.blank_lines();
  return {};
}

}  // namespace

Result<NormalizeReport> normalize(int input_fd, const WriteFn& output, const WriteFn& rejects,
                                  const NormalizeOptions& options) {
  NormalizeReport report;
  GOFER_TRY_ASSIGN(DecodedInput input,
                   DecodedInput::open(input_fd, options.encoding, options.strict_encoding, 0));
  uint64_t first_line = 1;
  report.dialect = sniff_input(input, options.dialect, &first_line);
  report.warnings = report.dialect.warnings;  // first: they are about the whole reading
  NormalizeSink sink(options, report.dialect, output, rejects, report);
  // --dedupe keeps one set of all rows seen: that stage cannot be split.
  if (normalize_threads(options) > 1 && !options.clean.dedupe) {
    GOFER_TRY(normalize_in_chunks(input, sink, report, first_line, options, output, rejects));
  } else {
    GOFER_TRY(normalize_serially(input, sink, report, first_line, options));
  }
  report.encoding = input.decoder().name();
  report.bom = input.decoder().had_bom();
  report.bytes_in = input.bytes_read();
  report.replaced_chars = input.decoder().replaced();
  return report;
}

}  // namespace gofer::csv
