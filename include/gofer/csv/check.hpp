// `csv check` and `csv sniff` as library calls: problems with positions, and dialect facts.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "gofer/csv/dialect.hpp"
#include "gofer/error.hpp"

namespace gofer::csv {

struct CheckOptions {
  std::string encoding;  // forced; empty = detect
  DialectOverrides dialect;
  bool strict = false;   // also report quotes inside unquoted fields
  size_t max_errors = 20;
  size_t infer_rows = 10'000;  // sniff: rows the column types are inferred from
};

struct Problem {
  uint64_t line = 0;
  uint64_t column = 0;
  std::string message;
};

struct CheckReport {
  std::string encoding;
  Dialect dialect;
  uint64_t rows = 0;
  std::vector<Problem> problems;  // the first max_errors, in input order
  uint64_t total_problems = 0;
};

// Reads `input_fd` to its end; only I/O failures are errors, data problems are in the report.
[[nodiscard]] Result<CheckReport> check(int input_fd, const CheckOptions& options);

struct ColumnFacts {
  std::string name;
  std::string type;  // int, float, decimal-comma, date (dmy|mdy|ymd), bool, text, empty
};

struct SniffReport {
  std::string encoding;
  bool bom = false;
  Dialect dialect;
  std::vector<ColumnFacts> columns;
  uint64_t sampled_rows = 0;
  uint64_t estimated_rows = 0;  // from the sample's bytes per row and the file size
};

// Reads the first --infer-rows rows of `input_fd`; `input_size` (0 if unknown) scales the
// estimate of the row count.
[[nodiscard]] Result<SniffReport> sniff(int input_fd, uint64_t input_size,
                                        const CheckOptions& options);

}  // namespace gofer::csv
