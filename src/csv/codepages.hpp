// Lookup of the built-in single-byte code pages (upper halves; the lower half is ASCII).
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace gofer::csv {

// nullptr when `name` is no built-in single-byte page; `canonical` gets the table's name.
[[nodiscard]] const std::array<uint16_t, 128>* find_code_page(std::string_view name,
                                                              std::string* canonical);
[[nodiscard]] std::vector<std::string_view> code_page_names();
// Legacy multibyte encodings gofer recognizes but does not transcode.
[[nodiscard]] bool is_multibyte_legacy(std::string_view name);

}  // namespace gofer::csv
