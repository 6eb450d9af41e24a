// RowSink: rows buffered into CSV or JSONL, written in blocks.
#include "scrape_rows.hpp"

#include <nlohmann/json.hpp>

#include "gofer/std_streams.hpp"

namespace gofer::cli {

Status RowSink::open(const std::string& output) {
  if (!output.empty() && output != "-") {
    GOFER_TRY_ASSIGN(OutputFile file,
                     with_context(OutputFile::open(output), "cannot create " + output));
    file_.emplace(std::move(file));
  }
  if (!jsonl_) {
    std::vector<std::string_view> header(columns_.begin(), columns_.end());
    writer_.write(header, buffer_);
  }
  return flush();
}

Result<std::string> RowSink::add_page(const std::vector<std::vector<std::string>>& rows,
                                      std::string_view page) {
  size_t start = buffer_.size();
  for (const auto& row : rows) {
    if (jsonl_) {
      nlohmann::ordered_json object;
      if (!links_) object["page"] = page;
      for (size_t i = 0; i < columns_.size() && i < row.size(); ++i) object[columns_[i]] = row[i];
      buffer_ += object.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
      buffer_ += '\n';
    } else {
      std::vector<std::string_view> fields(row.begin(), row.end());
      writer_.write(fields, buffer_);
    }
  }
  std::string rendered = buffer_.substr(start);
  if (buffer_.size() >= kFlushBytes) GOFER_TRY(flush());
  return rendered;
}

Status RowSink::add_rendered(std::string_view bytes) {
  buffer_ += bytes;
  return buffer_.size() >= kFlushBytes ? flush() : Status{};
}

Status RowSink::finish() {
  GOFER_TRY(flush());
  if (file_) return with_context(file_->commit(), "cannot write " + file_->target().string());
  return {};
}

Status RowSink::flush() {
  if (file_) {
    GOFER_TRY(with_context(file_->write(buffer_), "cannot write " + file_->target().string()));
  } else {
    write_stdout(buffer_);
  }
  buffer_.clear();
  return {};
}

}  // namespace gofer::cli
