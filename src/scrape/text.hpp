// ASCII helpers for the protocol text scrape reads (robots.txt lines, Content-Type values):
// no locale, no Unicode case folding.
#pragma once

#include <algorithm>
#include <string>
#include <string_view>

namespace gofer::scrape {

[[nodiscard]] inline std::string ascii_lower(std::string_view text) {
  std::string out(text);
  std::ranges::transform(out, out.begin(), [](char c) {
    return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
  });
  return out;
}

// Spaces and tabs trimmed at both ends, and a trailing CR (a CRLF line).
[[nodiscard]] inline std::string_view trim_blanks(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t' || text.back() == '\r')) {
    text.remove_suffix(1);
  }
  return text;
}

}  // namespace gofer::scrape
