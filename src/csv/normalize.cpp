// The normalize pipeline: decode -> sniff -> parse -> ragged policy -> clean -> write.
#include "gofer/csv/normalize.hpp"

#include <chrono>
#include <unordered_set>

#include <fmt/format.h>

#include "gofer/csv/parser.hpp"
#include "gofer/csv/writer.hpp"
#include "input.hpp"
#include "row_cleaner.hpp"

namespace gofer::csv {
namespace {

// Output is handed on in blocks of this size: big writes, bounded memory.
constexpr size_t kFlushBytes = size_t{1} << 20;

class NormalizeSink final : public RecordSink {
 public:
  NormalizeSink(const NormalizeOptions& options, const Dialect& dialect, const WriteFn& output,
                const WriteFn& rejects, NormalizeReport& report)
      : options_(options), dialect_(dialect), output_(output), rejects_(rejects),
        report_(report), writer_({options.out_delimiter, options.crlf}) {
    if (options.bom) out_ = "\xEF\xBB\xBF";
  }

  Status on_record(const Record& record) override;
  [[nodiscard]] Status finish();

 private:
  [[nodiscard]] Status start(const Record& record);
  [[nodiscard]] Result<bool> apply_ragged_policy(const Record& record);
  [[nodiscard]] Status write_row(std::span<const std::string_view> fields);
  [[nodiscard]] Status reject(const Record& record);
  [[nodiscard]] Status clean_and_write(std::span<const std::string_view> row);
  [[nodiscard]] Status decide_column_types();

  const NormalizeOptions& options_;
  const Dialect& dialect_;
  const WriteFn& output_;
  const WriteFn& rejects_;
  NormalizeReport& report_;
  CsvWriter writer_;
  std::string out_, reject_out_;
  bool started_ = false;
  size_t width_ = 0;
  std::vector<size_t> columns_;       // input column of each output column
  std::vector<std::string_view> row_;  // the record after the ragged policy
  std::vector<std::string> names_;     // input column names, for warnings
  std::optional<RowCleaner> cleaner_;  // built once the column types are decided
  RowCleaner::Workspace workspace_;
  std::optional<InferenceWindow> window_;  // the first --infer-rows rows, while deciding
  std::unordered_set<uint64_t> seen_rows_;  // --dedupe: one hash per distinct row
};

Status NormalizeSink::start(const Record& record) {
  started_ = true;
  width_ = dialect_.header || dialect_.columns == 0 ? record.fields.size() : dialect_.columns;
  std::vector<std::string> header;
  if (dialect_.header) {
    // A loop rather than assign(): GCC 12 -O3 warns of a null dereference inside assign().
    for (std::string_view name : record.fields) header.emplace_back(name);
    std::vector<std::string> styled = clean_headers(header, options_.clean.headers);
    for (size_t i = 0; i < styled.size(); ++i) {
      if (styled[i] != header[i]) ++report_.clean.headers_renamed;
    }
    header = std::move(styled);
  } else {
    for (size_t i = 0; i < width_; ++i) header.push_back(fmt::format("column_{}", i + 1));
  }
  GOFER_TRY_ASSIGN(columns_, select_columns(header, options_.clean));
  for (const auto& [from, to] : options_.clean.rename) {
    auto it = std::find(header.begin(), header.end(), from);
    if (it == header.end()) {
      return fail(ErrorCategory::kInvalidArgument,
                  fmt::format("--rename: no column named '{}'", from));
    }
    *it = to;
  }
  report_.columns = columns_.size();
  names_ = header;
  bool keep = options_.ragged == RaggedPolicy::kKeep;
  if (options_.clean.types.any()) {
    window_.emplace(width_, options_.clean.types.infer_rows, typing_null_tokens(options_.clean));
  } else {
    cleaner_.emplace(options_.clean, columns_, std::vector<ColumnRule>{}, width_, keep);
  }
  if (!dialect_.header) return {};
  std::vector<std::string_view> names;
  for (size_t column : columns_) names.emplace_back(header[column]);
  ++report_.rows_out;
  writer_.write(names, out_);
  return {};
}

// Fills row_ from the record; false when the record must not be written.
Result<bool> NormalizeSink::apply_ragged_policy(const Record& record) {
  row_.assign(record.fields.begin(), record.fields.end());
  size_t n = row_.size();
  if (n == width_ || options_.ragged == RaggedPolicy::kKeep) return true;
  if (options_.ragged == RaggedPolicy::kError) {
    return fail(ErrorCategory::kConflict,
                fmt::format("line {}: {} fields where the {} has {} (--ragged error)",
                            record.line, n, dialect_.header ? "header" : "first row", width_));
  }
  if (n < width_) {
    row_.resize(width_);
    ++report_.padded;
    return true;
  }
  bool extras_empty = std::all_of(row_.begin() + static_cast<std::ptrdiff_t>(width_), row_.end(),
                                  [](std::string_view f) { return f.empty(); });
  if (extras_empty) {
    row_.resize(width_);
    ++report_.trimmed;
    return true;
  }
  GOFER_TRY(reject(record));
  return false;
}

Status NormalizeSink::reject(const Record& record) {
  ++report_.rejected;
  if (report_.reject_lines.size() < kReportedRejectLines) report_.reject_lines.push_back(record.line);
  if (!rejects_) return {};
  std::string line = std::to_string(record.line);
  std::vector<std::string_view> fields{line};
  fields.insert(fields.end(), record.fields.begin(), record.fields.end());
  writer_.write(fields, reject_out_);
  if (reject_out_.size() < kFlushBytes) return {};
  GOFER_TRY(rejects_(reject_out_));
  reject_out_.clear();
  return {};
}

Status NormalizeSink::write_row(std::span<const std::string_view> fields) {
  size_t before = out_.size();
  writer_.write(fields, out_);
  if (options_.clean.dedupe) {
    uint64_t hash = std::hash<std::string_view>{}(std::string_view(out_).substr(before));
    if (!seen_rows_.insert(hash).second) {
      out_.resize(before);
      ++report_.clean.duplicates_dropped;
      return {};
    }
  }
  ++report_.rows_out;
  if (out_.size() < kFlushBytes) return {};
  report_.bytes_out += out_.size();
  GOFER_TRY(output_(out_));
  out_.clear();
  return {};
}

Status NormalizeSink::on_record(const Record& record) {
  ++report_.rows_in;
  if (!started_) {
    GOFER_TRY(start(record));
    if (dialect_.header) return {};
  }
  GOFER_TRY_ASSIGN(bool write, apply_ragged_policy(record));
  if (!write) return {};
  if (!window_) return clean_and_write(row_);
  window_->add(row_);
  return window_->full() ? decide_column_types() : Status{};
}

Status NormalizeSink::clean_and_write(std::span<const std::string_view> row) {
  return write_row(cleaner_->clean(row, workspace_, report_.clean));
}

// Decides each column's type from the window, then writes the window's rows.
Status NormalizeSink::decide_column_types() {
  std::vector<ColumnRule> rules = window_->decide(options_.clean.types, names_, report_.warnings);
  report_.inferred_rows = window_->rows();
  cleaner_.emplace(options_.clean, columns_, std::move(rules), width_,
                   options_.ragged == RaggedPolicy::kKeep);
  GOFER_TRY(window_->replay([this](std::span<const std::string_view> row) {
    return clean_and_write(row);
  }));
  window_.reset();
  return {};
}

Status NormalizeSink::finish() {
  if (window_) GOFER_TRY(decide_column_types());
  report_.bytes_out += out_.size();
  if (!out_.empty()) GOFER_TRY(output_(out_));
  if (!reject_out_.empty() && rejects_) GOFER_TRY(rejects_(reject_out_));
  out_.clear();
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
  NormalizeSink sink(options, report.dialect, output, rejects, report);
  Parser parser(report.dialect, sink, first_line);
  if (options.max_record_bytes > 0) parser.set_max_record_bytes(options.max_record_bytes);
  bool more = true;
  while (more) {
    GOFER_TRY(parser.feed(input.text()));
    GOFER_TRY_ASSIGN(more, input.next());
  }
  GOFER_TRY(parser.finish());
  GOFER_TRY(sink.finish());
  report.encoding = input.decoder().name();
  report.bom = input.decoder().had_bom();
  report.bytes_in = input.bytes_read();
  report.blank_lines = parser.blank_lines();
  report.replaced_chars = input.decoder().replaced();
  return report;
}

}  // namespace gofer::csv
