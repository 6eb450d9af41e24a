// A small RFC 4180 reader for two-column rename maps (quoted fields, doubled quotes, CRLF).
#include "map_file.hpp"

#include <algorithm>
#include <string>

#include <fmt/format.h>

#include "gofer/fs.hpp"

namespace gofer::cli {
namespace {

using Row = std::vector<std::string>;

// Splits `text` into rows; returns the line number of an unterminated quote, or 0.
size_t parse_rows(std::string_view text, std::vector<std::pair<size_t, Row>>& rows) {
  Row row;
  std::string field;
  bool quoted = false;
  size_t line = 1, row_line = 1, quote_line = 0;
  auto end_row = [&] {
    row.push_back(std::move(field));
    field.clear();
    if (!(row.size() == 1 && row[0].empty())) rows.emplace_back(row_line, std::move(row));
    row.clear();
  };
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (quoted) {
      if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') field += text[++i];
      else if (c == '"') quoted = false;
      else field += c;
      if (c == '\n') ++line;
      continue;
    }
    if (c == '"') {
      quoted = true;
      quote_line = line;
    } else if (c == ',') {
      row.push_back(std::move(field));
      field.clear();
    } else if (c == '\n') {
      end_row();
      row_line = ++line;
    } else if (c != '\r') {
      field += c;
    }
  }
  if (quoted) return quote_line;
  if (!field.empty() || !row.empty()) end_row();
  return 0;
}

bool is_header(const Row& row) {
  auto lower = [](std::string s) {
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
    return s;
  };
  std::string first = lower(row[0]), second = lower(row[1]);
  return (first == "old" && second == "new") || (first == "from" && second == "to") ||
         (first == "source" && second == "target");
}

}  // namespace

Result<std::vector<rename::MapPair>> read_rename_map(const std::filesystem::path& file) {
  GOFER_TRY_ASSIGN(std::string text, with_context(read_file(file), "cannot read --map"));
  return parse_rename_map(std::move(text), file);
}

Result<std::vector<rename::MapPair>> parse_rename_map(std::string text,
                                                      const std::filesystem::path& file) {
  if (text.starts_with("\xEF\xBB\xBF")) text.erase(0, 3);  // Excel's UTF-8 BOM
  std::vector<std::pair<size_t, Row>> rows;
  if (size_t line = parse_rows(text, rows); line != 0) {
    return fail(Error(ErrorCategory::kInvalidArgument,
                      fmt::format("line {}: unterminated quoted field", line))
                    .with_subject(file.string()));
  }
  std::vector<rename::MapPair> pairs;
  for (size_t i = 0; i < rows.size(); ++i) {
    const auto& [line, row] = rows[i];
    if (row.size() != 2) {
      return fail(Error(ErrorCategory::kInvalidArgument,
                        fmt::format("line {}: expected 2 fields (old,new), found {}", line,
                                    row.size()))
                      .with_subject(file.string()));
    }
    if (i == 0 && is_header(row)) continue;
    pairs.push_back({row[0], row[1]});
  }
  return pairs;
}

}  // namespace gofer::cli
