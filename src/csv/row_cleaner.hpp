// Per-row cleaning after the column decisions (trim/squeeze/nulls, then the typed rules), and
// the window of first rows the decisions are made from.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "gofer/csv/clean.hpp"
#include "gofer/csv/column_types.hpp"
#include "gofer/error.hpp"

namespace gofer::csv {

// Immutable once built, so several workers may share one; each brings its own Workspace and
// CleanCounts (summed with CleanCounts::operator+=).
class RowCleaner {
 public:
  // `columns`: the input column of each output column; `rules`: one per input column (may be
  // shorter: missing ones are text). `keep_ragged`: short rows stay short, extras are kept.
  RowCleaner(const CleanOptions& options, std::vector<size_t> columns,
             std::vector<ColumnRule> rules, size_t width, bool keep_ragged);

  struct Workspace {
    std::vector<std::string> scratch, typed;  // per column, reused: no allocation per value
    std::vector<std::string_view> fields;
    uint64_t plain = 0;  // Record::plain of `fields`
  };

  // The cleaned output fields; they view `row` or `workspace`. `plain` is Record::plain of
  // `row`; workspace.plain says the same of the output (a value still viewing a plain input
  // field is plain; rewritten values are not promised).
  [[nodiscard]] std::span<const std::string_view> clean(std::span<const std::string_view> row,
                                                        Workspace& workspace, CleanCounts& counts,
                                                        uint64_t plain = 0) const;

  [[nodiscard]] const std::vector<std::string>& null_tokens() const { return null_tokens_; }

 private:
  [[nodiscard]] std::string_view typed(size_t column, std::string_view value, std::string& scratch,
                                       CleanCounts& counts) const;

  const CleanOptions& options_;
  std::vector<size_t> columns_;
  std::vector<ColumnRule> rules_;
  size_t width_;
  bool keep_ragged_;
  bool cleaning_;
  bool typing_;
  std::vector<std::string> null_tokens_;  // --nulls, or the defaults: null-like for typing
};

// The null tokens typing treats as "no value": the --nulls list, or the default one.
[[nodiscard]] std::vector<std::string> typing_null_tokens(const CleanOptions& options);

// Up to --infer-rows records (and at most kMaxInferenceBytes of them), copied, with a profile
// per column; normalize decides from it, then replays the rows through the RowCleaner.
class InferenceWindow {
 public:
  // Memory bound: the window holds at most this many bytes of fields and field offsets plus
  // one record (itself at most --max-field-size), so RSS stays flat whatever --infer-rows
  // says (with the buffers' growth slack, at most twice this).
  static constexpr size_t kMaxInferenceBytes = size_t{16} << 20;

  InferenceWindow(size_t width, size_t max_rows, std::vector<std::string> null_tokens);

  void add(std::span<const std::string_view> row);
  [[nodiscard]] bool full() const;
  [[nodiscard]] size_t rows() const { return row_ends_.size(); }

  // One rule per column; warnings for columns left alone because their dates are ambiguous.
  [[nodiscard]] std::vector<ColumnRule> decide(const TypeRules& rules,
                                               const std::vector<std::string>& names,
                                               std::vector<std::string>& warnings) const;

  // Calls `fn` with each kept row in order, then frees the window.
  template <class Fn>
  [[nodiscard]] Status replay(Fn&& fn) {
    std::vector<std::string_view> row;
    size_t field = 0;
    for (size_t end : row_ends_) {
      row.clear();
      for (; field < end; ++field) {
        size_t start = field == 0 ? 0 : field_ends_[field - 1];
        row.emplace_back(bytes_.data() + start, field_ends_[field] - start);
      }
      GOFER_TRY(fn(std::span<const std::string_view>(row)));
    }
    release();
    return {};
  }

 private:
  void release();

  size_t max_rows_;
  std::vector<std::string> null_tokens_;
  std::vector<ColumnProfile> profiles_;
  std::string bytes_;                 // every kept field, back to back
  std::vector<uint32_t> field_ends_;  // end offset of each field in bytes_ (< 4 GiB: bounded)
  std::vector<size_t> row_ends_;      // index past each row's last field in field_ends_
};

}  // namespace gofer::csv
