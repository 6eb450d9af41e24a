// Canonical CSV writing (RFC 4180 quoting).
#include "gofer/csv/writer.hpp"

#include "gofer/csv/scan.hpp"

namespace gofer::csv {

namespace {

// Most fields are short: a plain loop beats setting up a SIMD scan for them.
constexpr size_t kShortField = 32;

bool needs_quotes(std::string_view field, char delimiter) {
  if (field.size() < kShortField) {
    for (char c : field) {
      if (c == delimiter || c == '"' || c == '\n' || c == '\r') return true;
    }
    return false;
  }
  const char* end = field.data() + field.size();
  return find_any(field.data(), end, {delimiter, '"', '\n', '\r'}) != end;
}

}  // namespace

void CsvWriter::write_field(std::string_view field, std::string& out) const {
  const char* end = field.data() + field.size();
  if (!needs_quotes(field, options_.delimiter)) {
    out.append(field);
    return;
  }
  out += '"';
  const char* p = field.data();
  while (true) {
    const char* q = find_any(p, end, {'"', '"', '"', '"'});
    out.append(p, q);
    if (q == end) break;
    out += "\"\"";
    p = q + 1;
  }
  out += '"';
}

void CsvWriter::write(std::span<const std::string_view> fields, std::string& out) const {
  if (fields.size() == 1 && fields[0].empty()) {
    out += "\"\"";
  } else {
    for (size_t i = 0; i < fields.size(); ++i) {
      if (i > 0) out += options_.delimiter;
      write_field(fields[i], out);
    }
  }
  out += options_.crlf ? "\r\n" : "\n";
}

}  // namespace gofer::csv
