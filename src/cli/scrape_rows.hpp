// The rows `gofer scrape` writes: CSV (RFC 4180, a header row) or JSONL, to stdout or an -o
// file written atomically; shared by local pages and fetched ones.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "gofer/csv/writer.hpp"
#include "gofer/error.hpp"
#include "gofer/output_file.hpp"

namespace gofer::cli {

class RowSink {
 public:
  RowSink(std::string format, std::vector<std::string> columns, bool links)
      : jsonl_(format == "jsonl"), links_(links), columns_(std::move(columns)) {}

  // Creates the -o file (none or "-": stdout) and writes the CSV header.
  [[nodiscard]] Status open(const std::string& output);
  // Every row of one page; returns the bytes they became (for the crawl journal).
  [[nodiscard]] Result<std::string> add_page(const std::vector<std::vector<std::string>>& rows,
                                             std::string_view page);
  // Bytes already rendered (a resumed crawl's rows, from its journal).
  [[nodiscard]] Status add_rendered(std::string_view bytes);
  [[nodiscard]] bool to_file() const { return file_.has_value(); }
  // Flushes and, for -o, commits the file (nothing of it is visible before).
  [[nodiscard]] Status finish();

 private:
  // Rows go out in blocks: one write per ~256 KiB instead of one per row.
  static constexpr size_t kFlushBytes = 256 * 1024;

  [[nodiscard]] Status flush();

  bool jsonl_;
  bool links_;
  std::vector<std::string> columns_;
  csv::CsvWriter writer_{csv::WriterOptions{}};
  std::string buffer_;
  std::optional<OutputFile> file_;
};

}  // namespace gofer::cli
