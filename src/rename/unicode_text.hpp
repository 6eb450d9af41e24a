// UTF-8 decoding helpers for the case and slug rules; invalid bytes survive unchanged.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <utf8proc.h>

namespace gofer::rename::detail {

// One decoded character of a name. Linux file names are bytes, not text, so a byte that
// is not valid UTF-8 becomes its own unit with `codepoint` < 0 and is copied through as is.
struct TextUnit {
  int32_t codepoint = -1;
  std::string_view bytes;
};

[[nodiscard]] inline std::vector<TextUnit> decode_units(std::string_view text) {
  std::vector<TextUnit> units;
  units.reserve(text.size());
  size_t pos = 0;
  while (pos < text.size()) {
    int32_t codepoint = -1;
    utf8proc_ssize_t length =
        utf8proc_iterate(reinterpret_cast<const utf8proc_uint8_t*>(text.data() + pos),
                         static_cast<utf8proc_ssize_t>(text.size() - pos), &codepoint);
    size_t consumed = length > 0 ? static_cast<size_t>(length) : 1;
    units.push_back({length > 0 ? codepoint : -1, text.substr(pos, consumed)});
    pos += consumed;
  }
  return units;
}

inline void append_codepoint(std::string& out, int32_t codepoint) {
  utf8proc_uint8_t buffer[4];
  utf8proc_ssize_t length = utf8proc_encode_char(codepoint, buffer);
  out.append(reinterpret_cast<const char*>(buffer), static_cast<size_t>(length));
}

[[nodiscard]] inline utf8proc_category_t category_of(int32_t codepoint) {
  return codepoint < 0 ? UTF8PROC_CATEGORY_CN : utf8proc_category(codepoint);
}
[[nodiscard]] inline bool is_letter(int32_t codepoint) {
  utf8proc_category_t category = category_of(codepoint);
  return category >= UTF8PROC_CATEGORY_LU && category <= UTF8PROC_CATEGORY_LO;
}
[[nodiscard]] inline bool is_mark(int32_t codepoint) {
  utf8proc_category_t category = category_of(codepoint);
  return category >= UTF8PROC_CATEGORY_MN && category <= UTF8PROC_CATEGORY_ME;
}
[[nodiscard]] inline bool is_number(int32_t codepoint) {
  utf8proc_category_t category = category_of(codepoint);
  return category >= UTF8PROC_CATEGORY_ND && category <= UTF8PROC_CATEGORY_NO;
}

}  // namespace gofer::rename::detail
