// The row stage of `csv normalize`: ragged policy, cleaning, canonical writing, rejects.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <unordered_set>
#include <vector>

#include "gofer/csv/normalize.hpp"
#include "gofer/csv/parser.hpp"
#include "gofer/csv/writer.hpp"
#include "row_cleaner.hpp"

namespace gofer::csv {

// Output is handed on in blocks of this size: big writes, bounded memory.
inline constexpr size_t kFlushBytes = size_t{1} << 20;

class NormalizeSink final : public RecordSink {
 public:
  NormalizeSink(const NormalizeOptions& options, const Dialect& dialect, const WriteFn& output,
                const WriteFn& rejects, NormalizeReport& report)
      : options_(options),
        dialect_(dialect),
        output_(output),
        rejects_(rejects),
        report_(&report),
        writer_({options.out_delimiter, options.crlf}) {
    if (options.bom) out_ = "\xEF\xBB\xBF";
  }
  // A sink for a later chunk of the same input: it shares the decisions `started` made from
  // the header (width, columns) and counts into `report`; it keeps its output for
  // take_output()/take_rejects().
  NormalizeSink(const NormalizeSink& started, NormalizeReport& report);

  Status on_record(const Record& record) override;
  [[nodiscard]] Status finish();

  // Whether the header (or first row) has been seen, the column types decided and a first row
  // written: then later chunks may be processed apart, by sinks made from this one.
  [[nodiscard]] bool ready_to_fork() const { return started_ && !first_row_ && cleaner_; }
  // Chunked mode: keep all output until taken (no flushing through the WriteFns).
  void keep_output() { flush_bytes_ = SIZE_MAX; }
  // Writes into these (emptied; their capacity is what matters) instead of new strings.
  void reuse_output_buffers(std::string out, std::string rejects) {
    out_ = std::move(out);
    out_.clear();
    reject_out_ = std::move(rejects);
    reject_out_.clear();
  }
  // The output so far (counted in bytes_out) and the rejects so far; both are emptied.
  [[nodiscard]] std::string take_output();
  [[nodiscard]] std::string take_rejects();

 private:
  [[nodiscard]] Status start(const Record& record);
  [[nodiscard]] Result<bool> apply_ragged_policy(const Record& record);
  [[nodiscard]] Status write_row(std::span<const std::string_view> fields, uint64_t plain = 0);
  [[nodiscard]] Status row_written(size_t row_start);
  void protect_first_row(size_t row_start);
  [[nodiscard]] Status reject(const Record& record);
  [[nodiscard]] Status clean_and_write(std::span<const std::string_view> row, uint64_t plain = 0);
  [[nodiscard]] Status decide_column_types();

  const NormalizeOptions& options_;
  const Dialect& dialect_;
  const WriteFn& output_;
  const WriteFn& rejects_;
  NormalizeReport* report_;
  CsvWriter writer_;
  std::string out_, reject_out_;
  size_t flush_bytes_ = kFlushBytes;
  bool started_ = false;
  bool first_row_ = true;      // the next row written is the output's first
  bool copy_through_ = false;  // canonical input records may be copied as they are
  size_t width_ = 0;
  std::vector<size_t> columns_;        // input column of each output column
  std::vector<std::string_view> row_;  // the record after the ragged policy
  std::vector<std::string> names_;     // input column names, for warnings
  // Built once the column types are decided; immutable, so forked sinks share it.
  std::shared_ptr<const RowCleaner> cleaner_;
  RowCleaner::Workspace workspace_;
  std::optional<InferenceWindow> window_;   // the first --infer-rows rows, while deciding
  std::unordered_set<uint64_t> seen_rows_;  // --dedupe: one hash per distinct row
};

// Adds the counts of a later chunk's report to `total` (reject lines in order).
void merge_report(NormalizeReport& total, const NormalizeReport& chunk);

}  // namespace gofer::csv
