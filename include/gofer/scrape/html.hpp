// What a page's bytes are before libxml2 sees them: HTML or not, which charset, UTF-8 text.
#pragma once

#include <string>
#include <string_view>

#include "gofer/error.hpp"

namespace gofer::scrape {

// Content sniffing for local files and stdin: after a byte-order mark and whitespace, the
// bytes start with '<' (a tag, a comment, a doctype or an XML declaration). PDFs, images,
// JSON and plain text do not.
[[nodiscard]] bool looks_like_html(std::string_view bytes);

// The charset a page is decoded with, first of: a byte-order mark, the HTTP header's charset
// parameter (`header_charset`, empty when there is none), <meta charset> or
// <meta http-equiv=Content-Type content="...; charset=...">, uchardet's guess (through csv's
// decoder). Labels are mapped as the WHATWG Encoding standard does (ISO-8859-1 and ASCII mean
// windows-1252). Returns the label to hand csv::Decoder, empty for "detect".
[[nodiscard]] std::string declared_charset(std::string_view bytes, std::string_view header_charset);

struct DecodedPage {
  std::string text;     // UTF-8; NUL bytes replaced by U+FFFD
  std::string charset;  // the encoding used, e.g. "UTF-8", "WINDOWS-1252"
};

// The page as UTF-8. A declared charset gofer cannot decode (a multibyte legacy one such as
// Shift_JIS) falls back to detection, then to UTF-8; bytes invalid in the chosen charset
// become U+FFFD.
[[nodiscard]] Result<DecodedPage> decode_page(std::string_view bytes, std::string_view header_charset);

}  // namespace gofer::scrape
