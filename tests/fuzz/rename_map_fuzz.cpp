// Fuzz target for `rename --map FILE.csv`: any bytes end in pairs or an error naming a line,
// never a crash; and pairs written back with RFC 4180 quoting read back the same.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "map_file.hpp"

namespace {

std::string csv_field(std::string_view field) {
  std::string out = "\"";
  for (char c : field) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + '"';
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  auto pairs = gofer::cli::parse_rename_map(text, "fuzz.csv");
  if (!pairs) {
    if (pairs.error().message().empty()) std::abort();
    return 0;
  }
  // A header row first, so that a first pair spelled "old,new" stays a pair.
  std::string written = "old,new\r\n";
  for (const auto& pair : *pairs) {
    written += csv_field(pair.old_path.native()) + "," + csv_field(pair.new_name) + "\r\n";
  }
  auto again = gofer::cli::parse_rename_map(written, "fuzz.csv");
  if (!again || again->size() != pairs->size()) std::abort();
  for (size_t i = 0; i < pairs->size(); ++i) {
    if ((*again)[i].old_path != (*pairs)[i].old_path ||
        (*again)[i].new_name != (*pairs)[i].new_name) {
      std::abort();
    }
  }
  return 0;
}
