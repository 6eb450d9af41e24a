// The canonical CSV form: quotes only where needed, doubled quotes, one line ending.
#pragma once

#include <span>
#include <string>
#include <string_view>

namespace gofer::csv {

struct WriterOptions {
  char delimiter = ',';
  bool crlf = false;
};

class CsvWriter {
 public:
  explicit CsvWriter(WriterOptions options) : options_(options) {}
  // Appends one record. A record of one empty field is written as "" so that it does not
  // read back as a blank line (which parsers drop).
  // `plain`: bit i set when field i is known to hold no delimiter, quote, CR or LF (see
  // Record::plain): it is copied without looking.
  void write(std::span<const std::string_view> fields, std::string& out, uint64_t plain = 0) const;
  void write_field(std::string_view field, std::string& out) const;

 private:
  char* put_field(char* p, std::string_view field) const;
  char* put_plain(char* p, std::string_view field) const;
  WriterOptions options_;
};

}  // namespace gofer::csv
