// `csv normalize` as a library call: one input stream in, canonical CSV out, a report back.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "gofer/csv/clean.hpp"
#include "gofer/csv/dialect.hpp"
#include "gofer/error.hpp"

namespace gofer::csv {

enum class RaggedPolicy { kFix, kError, kKeep };

struct NormalizeOptions {
  std::string encoding;  // forced (--encoding); empty = detect
  bool strict_encoding = false;
  DialectOverrides dialect;
  char out_delimiter = ',';
  bool crlf = false;
  bool bom = false;
  RaggedPolicy ragged = RaggedPolicy::kFix;
  CleanOptions clean;
  size_t max_record_bytes = 0;  // 0 = kDefaultMaxRecordBytes
  // Threads for one input (chunked parsing); 0 = one per core while the load average is
  // below the core count, else 1; 1 = serial. --dedupe always runs serially (one row set).
  size_t threads = 0;
  size_t chunk_bytes = 0;  // 0 = 1 MiB; tests make it tiny to put chunk edges everywhere
};

struct NormalizeReport {
  std::string encoding;
  bool bom = false;
  Dialect dialect;
  size_t columns = 0;
  uint64_t bytes_in = 0;
  uint64_t bytes_out = 0;
  uint64_t rows_in = 0;   // records read, header included
  uint64_t rows_out = 0;  // records written, header included
  uint64_t padded = 0;
  uint64_t trimmed = 0;   // long rows whose extra empty fields were dropped
  uint64_t rejected = 0;
  std::vector<uint64_t> reject_lines;  // the first few
  uint64_t blank_lines = 0;
  uint64_t replaced_chars = 0;
  CleanCounts clean;
  uint64_t inferred_rows = 0;  // rows the column types were decided from (typed rules only)
  std::vector<std::string> warnings;
};

// Receives output in blocks of about a megabyte.
using WriteFn = std::function<Status(std::string_view)>;

// Reads `input_fd` to its end. `rejects` may be empty (rejected rows are then only counted).
// On error nothing more is written; the caller discards what `output` received.
[[nodiscard]] Result<NormalizeReport> normalize(int input_fd, const WriteFn& output,
                                                const WriteFn& rejects,
                                                const NormalizeOptions& options);

// How many reject line numbers a report keeps.
inline constexpr size_t kReportedRejectLines = 5;

}  // namespace gofer::csv
