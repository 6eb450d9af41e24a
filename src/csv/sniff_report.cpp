// `csv sniff`: the dialect plus a type for each column, from the first --infer-rows rows.
#include <algorithm>

#include "gofer/csv/check.hpp"
#include "gofer/csv/clean.hpp"
#include "gofer/csv/column_types.hpp"
#include "gofer/csv/parser.hpp"
#include "input.hpp"

namespace gofer::csv {
namespace {

// Sniff reads no more than this, however few rows it holds (the bound of normalize's window).
constexpr uint64_t kSniffMaxBytes = uint64_t{16} << 20;

// Profiles each column of the first rows: the same sample and code normalize decides from.
class SampleSink final : public RecordSink {
 public:
  SampleSink(bool header, size_t max_rows) : header_(header), max_rows_(max_rows) {}

  Status on_record(const Record& record) override {
    if (names.empty() && !header_seen_) {
      header_seen_ = true;
      width_ = record.fields.size();
      profiles.resize(width_);
      if (header_) {
        names.assign(record.fields.begin(), record.fields.end());
        return {};
      }
      for (size_t i = 0; i < width_; ++i) names.push_back("column_" + std::to_string(i + 1));
    }
    if (rows >= max_rows_) return {};
    // Like normalize's default --ragged fix: a long row with non-empty extras is rejected, so
    // it is not part of the sample either.
    auto extras = record.fields.subspan(std::min(width_, record.fields.size()));
    if (std::any_of(extras.begin(), extras.end(), [](std::string_view f) { return !f.empty(); })) {
      return {};
    }
    ++rows;
    for (size_t i = 0; i < record.fields.size() && i < width_; ++i) {
      profiles[i].observe(record.fields[i], null_tokens_);
    }
    return {};
  }
  [[nodiscard]] bool full() const { return rows >= max_rows_; }

  std::vector<std::string> names;
  std::vector<ColumnProfile> profiles;
  uint64_t rows = 0;

 private:
  bool header_;
  size_t max_rows_;
  bool header_seen_ = false;
  size_t width_ = 0;
  std::vector<std::string> null_tokens_ = default_null_tokens();
};

}  // namespace

Result<SniffReport> sniff(int input_fd, uint64_t input_size, const CheckOptions& options) {
  SniffReport report;
  GOFER_TRY_ASSIGN(DecodedInput input, DecodedInput::open(input_fd, options.encoding, false, 0));
  uint64_t first_line = 1;
  report.dialect = sniff_input(input, options.dialect, &first_line);
  report.encoding = input.decoder().name();
  report.bom = input.decoder().had_bom();
  SampleSink sink(report.dialect.header, options.infer_rows);
  Parser parser(report.dialect, sink, first_line);
  // The sample ends at --infer-rows rows or kSniffMaxBytes: a cut last record or an open
  // quote only shortens it.
  bool more = true, parsed = true;
  while (more && parsed && !sink.full() && input.bytes_read() < kSniffMaxBytes) {
    parsed = parser.feed(input.text()).has_value();
    GOFER_TRY_ASSIGN(more, input.next());
  }
  if (!more && parsed) (void)parser.finish();
  for (size_t c = 0; c < sink.names.size(); ++c) {
    report.columns.push_back({sink.names[c], describe_type(sink.profiles[c])});
  }
  report.sampled_rows = sink.rows;
  uint64_t sampled_bytes = input.bytes_read();
  uint64_t block_rows = parser.records() - (report.dialect.header ? 1 : 0);
  report.estimated_rows = block_rows;
  if (input_size > sampled_bytes && sampled_bytes > 0) {
    report.estimated_rows = block_rows * input_size / sampled_bytes;
  }
  return report;
}

}  // namespace gofer::csv
