// Helpers for the csv unit tests: parse text to rows, normalize a string, memfd inputs.
#pragma once

#include <sys/mman.h>
#include <unistd.h>

#include <string>
#include <string_view>
#include <vector>

#include "gofer/csv/normalize.hpp"
#include "gofer/csv/parser.hpp"
#include "gofer/csv/writer.hpp"
#include "gofer/fs.hpp"

namespace gofer::csv::testing {

using Rows = std::vector<std::vector<std::string>>;

class RowsSink final : public RecordSink {
 public:
  Status on_record(const Record& record) override {
    rows.emplace_back(record.fields.begin(), record.fields.end());
    lines.push_back(record.line);
    return {};
  }
  void on_notice(Notice, uint64_t line, uint64_t column) override {
    notices.emplace_back(line, column);
  }
  Rows rows;
  std::vector<uint64_t> lines;
  std::vector<std::pair<uint64_t, uint64_t>> notices;
};

// Parses `text` fed in pieces of `piece` bytes (0: all at once).
inline Result<Rows> parse_text(std::string_view text, Dialect dialect = {}, size_t piece = 0) {
  RowsSink sink;
  Parser parser(dialect, sink);
  if (piece == 0) piece = text.size() + 1;
  for (size_t at = 0; at < text.size(); at += piece) {
    GOFER_TRY(parser.feed(text.substr(at, piece)));
  }
  GOFER_TRY(parser.finish());
  return sink.rows;
}

inline std::string write_rows(const Rows& rows, WriterOptions options = {}) {
  CsvWriter writer(options);
  std::string out;
  for (const auto& row : rows) {
    std::vector<std::string_view> fields(row.begin(), row.end());
    writer.write(fields, out);
  }
  return out;
}

// A readable fd holding `content` (memfd: no temp files).
inline UniqueFd fd_with(std::string_view content) {
  UniqueFd fd(::memfd_create("csv-test", MFD_CLOEXEC));
  (void)write_all(fd.get(), content);
  ::lseek(fd.get(), 0, SEEK_SET);
  return fd;
}

struct Normalized {
  Result<NormalizeReport> report;
  std::string out;
  std::string rejects;
};

inline Normalized normalize_text(std::string_view input, const NormalizeOptions& options = {}) {
  UniqueFd fd = fd_with(input);
  Normalized result{fail(ErrorCategory::kInternal, "unset"), {}, {}};
  WriteFn out = [&](std::string_view data) -> Status {
    result.out.append(data);
    return {};
  };
  WriteFn rejects = [&](std::string_view data) -> Status {
    result.rejects.append(data);
    return {};
  };
  result.report = normalize(fd.get(), out, rejects, options);
  return result;
}

}  // namespace gofer::csv::testing
