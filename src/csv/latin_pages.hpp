// Choosing among the Latin-script single-byte pages by the languages each decoding reads as.
#pragma once

#include <string>
#include <string_view>

namespace gofer::csv {

// True for the pages whose upper half is Latin letters (Windows-1250/1252/1254/1257/1258,
// ISO-8859-1..4/9/10/13..16, Mac Central European), and for names gofer has no table for:
// those are the pages the chooser may replace.
[[nodiscard]] bool may_be_latin_page(std::string_view name);

// The canonical name of the page that decodes `sample` into the most plausible text: no
// control or unassigned bytes, no symbol inside a word, and its accented letters covered by
// the fewest languages (a file is written in one language, or a few of one region). Ties go
// to Windows-1252 (Excel's export default, and ISO-8859-1 with 0x80-0x9F assigned), then to
// `hint` (uchardet's answer), then ISO-8859-15, Windows-1250, ISO-8859-2.
[[nodiscard]] std::string choose_latin_page(std::string_view sample, std::string_view hint);

}  // namespace gofer::csv
