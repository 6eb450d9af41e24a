// The row stage of `csv normalize` (see normalize_sink.hpp).
#include "normalize_sink.hpp"

#include <algorithm>

#include <fmt/format.h>

namespace gofer::csv {

NormalizeSink::NormalizeSink(const NormalizeSink& started, NormalizeReport& report)
    : options_(started.options_),
      dialect_(started.dialect_),
      output_(started.output_),
      rejects_(started.rejects_),
      report_(&report),
      writer_(started.writer_),
      started_(started.started_),
      first_row_(false),
      copy_through_(started.copy_through_),
      width_(started.width_),
      columns_(started.columns_),
      cleaner_(started.cleaner_) {
  keep_output();
}

std::string NormalizeSink::take_output() {
  report_->bytes_out += out_.size();
  std::string taken = std::move(out_);
  out_.clear();
  return taken;
}

std::string NormalizeSink::take_rejects() {
  std::string taken = std::move(reject_out_);
  reject_out_.clear();
  return taken;
}

void merge_report(NormalizeReport& total, const NormalizeReport& chunk) {
  total.bytes_out += chunk.bytes_out;
  total.rows_in += chunk.rows_in;
  total.rows_out += chunk.rows_out;
  total.padded += chunk.padded;
  total.trimmed += chunk.trimmed;
  total.rejected += chunk.rejected;
  for (uint64_t line : chunk.reject_lines) {
    if (total.reject_lines.size() < kReportedRejectLines) total.reject_lines.push_back(line);
  }
  total.blank_lines += chunk.blank_lines;
  // Every CleanCounts member is a count of values changed: all of them add up.
  total.clean += chunk.clean;
  total.warnings.insert(total.warnings.end(), chunk.warnings.begin(), chunk.warnings.end());
}

Status NormalizeSink::start(const Record& record) {
  started_ = true;
  width_ = dialect_.header || dialect_.columns == 0 ? record.fields.size() : dialect_.columns;
  std::vector<std::string> header;
  if (dialect_.header) {
    if (dialect_.row_names && record.fields.size() + 1 == dialect_.columns) {
      header.emplace_back();
      width_ = dialect_.columns;
    }
    // A loop rather than assign(): GCC 12 -O3 warns of a null dereference inside assign().
    for (std::string_view name : record.fields) header.emplace_back(name);
    std::vector<std::string> styled = clean_headers(header, options_.clean.headers);
    for (size_t i = 0; i < styled.size(); ++i) {
      if (styled[i] != header[i]) ++report_->clean.headers_renamed;
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
  report_->columns = columns_.size();
  names_ = header;
  if (options_.clean.types.any()) {
    window_.emplace(width_, options_.clean.types.infer_rows, typing_null_tokens(options_.clean));
  } else {
    cleaner_ =
        std::make_shared<const RowCleaner>(options_.clean, columns_, std::vector<ColumnRule>{},
                                           width_, options_.ragged == RaggedPolicy::kKeep);
  }
  bool all_columns = columns_.size() == width_;
  for (size_t i = 0; all_columns && i < width_; ++i) all_columns = columns_[i] == i;
  const CleanOptions& clean = options_.clean;
  copy_through_ = all_columns && options_.out_delimiter == dialect_.delimiter && !clean.trim &&
                  !clean.squeeze && !clean.nulls.has_value() && !clean.types.any();
  if (!dialect_.header) return {};
  std::vector<std::string_view> names;
  for (size_t column : columns_) names.emplace_back(header[column]);
  ++report_->rows_out;
  size_t row_start = out_.size();
  writer_.write(names, out_);
  protect_first_row(row_start);
  return {};
}

// Fills row_ from the record; false when the record must not be written.
Result<bool> NormalizeSink::apply_ragged_policy(const Record& record) {
  row_.assign(record.fields.begin(), record.fields.end());
  size_t n = row_.size();
  if (n == width_ || options_.ragged == RaggedPolicy::kKeep) return true;
  if (options_.ragged == RaggedPolicy::kError) {
    return fail(ErrorCategory::kConflict,
                fmt::format("line {}: {} fields where the {} has {} (--ragged error)", record.line,
                            n, dialect_.header ? "header" : "first row", width_));
  }
  if (n < width_) {
    row_.resize(width_);
    ++report_->padded;
    return true;
  }
  bool extras_empty = std::all_of(row_.begin() + static_cast<std::ptrdiff_t>(width_), row_.end(),
                                  [](std::string_view f) { return f.empty(); });
  if (extras_empty) {
    row_.resize(width_);
    ++report_->trimmed;
    return true;
  }
  GOFER_TRY(reject(record));
  return false;
}

Status NormalizeSink::reject(const Record& record) {
  ++report_->rejected;
  if (report_->reject_lines.size() < kReportedRejectLines)
    report_->reject_lines.push_back(record.line);
  if (!rejects_) return {};
  std::string line = std::to_string(record.line);
  std::vector<std::string_view> fields{line};
  fields.insert(fields.end(), record.fields.begin(), record.fields.end());
  writer_.write(fields, reject_out_);
  if (reject_out_.size() < flush_bytes_) return {};
  GOFER_TRY(rejects_(reject_out_));
  reject_out_.clear();
  return {};
}

Status NormalizeSink::write_row(std::span<const std::string_view> fields, uint64_t plain) {
  size_t before = out_.size();
  writer_.write(fields, out_, plain);
  return row_written(before);
}

// Counts the row that now ends out_ (from `before` on), drops it if a duplicate, flushes.
// A first field starting with U+FEFF would read back as a BOM and be dropped, and a first
// line `sep=;` as Excel's delimiter line: quoting the field keeps normalize idempotent.
// (With --bom the written BOM is the one a reader drops.)
void NormalizeSink::protect_first_row(size_t row_start) {
  if (!first_row_) return;
  first_row_ = false;
  std::string_view row = std::string_view(out_).substr(row_start);
  bool bom = !options_.bom && row.starts_with("\xEF\xBB\xBF");
  bool sep_line = row.size() >= 6 && row.starts_with("sep=") && (row[5] == '\n' || row[5] == '\r');
  if (!bom && !sep_line) return;
  size_t field_end = row.find_first_of(std::string{options_.out_delimiter, '\r', '\n'});
  out_.insert(row_start + field_end, 1, '"');
  out_.insert(row_start, 1, '"');
}

Status NormalizeSink::row_written(size_t before) {
  protect_first_row(before);
  if (options_.clean.dedupe) {
    uint64_t hash = std::hash<std::string_view>{}(std::string_view(out_).substr(before));
    if (!seen_rows_.insert(hash).second) {
      out_.resize(before);
      ++report_->clean.duplicates_dropped;
      return {};
    }
  }
  ++report_->rows_out;
  if (out_.size() < flush_bytes_) return {};
  report_->bytes_out += out_.size();
  GOFER_TRY(output_(out_));
  out_.clear();
  return {};
}

Status NormalizeSink::on_record(const Record& record) {
  ++report_->rows_in;
  if (!started_) {
    GOFER_TRY(start(record));
    if (dialect_.header) return {};
  }
  if (copy_through_ && !record.canonical.empty() && record.fields.size() == width_) {
    size_t before = out_.size();
    out_.append(record.canonical);
    out_ += options_.crlf ? "\r\n" : "\n";
    return row_written(before);
  }
  GOFER_TRY_ASSIGN(bool write, apply_ragged_policy(record));
  if (!write) return {};
  // Record::plain holds for the input's delimiter; padded fields are empty, so plain too.
  uint64_t plain = options_.out_delimiter == dialect_.delimiter ? record.plain : 0;
  if (!window_) return clean_and_write(row_, plain);
  window_->add(row_);
  return window_->full() ? decide_column_types() : Status{};
}

Status NormalizeSink::clean_and_write(std::span<const std::string_view> row, uint64_t plain) {
  std::span<const std::string_view> fields =
      cleaner_->clean(row, workspace_, report_->clean, plain);
  return write_row(fields, workspace_.plain);
}

// Decides each column's type from the window, then writes the window's rows.
Status NormalizeSink::decide_column_types() {
  std::vector<ColumnRule> rules = window_->decide(options_.clean.types, names_, report_->warnings);
  report_->inferred_rows = window_->rows();
  cleaner_ = std::make_shared<const RowCleaner>(options_.clean, columns_, std::move(rules), width_,
                                                options_.ragged == RaggedPolicy::kKeep);
  GOFER_TRY(window_->replay(
      [this](std::span<const std::string_view> row) { return clean_and_write(row); }));
  window_.reset();
  return {};
}

Status NormalizeSink::finish() {
  if (window_) GOFER_TRY(decide_column_types());
  report_->bytes_out += out_.size();
  if (!out_.empty()) GOFER_TRY(output_(out_));
  if (!reject_out_.empty() && rejects_) GOFER_TRY(rejects_(reject_out_));
  out_.clear();
  return {};
}

}  // namespace gofer::csv
