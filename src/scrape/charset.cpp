// The charset decision for a page (HTML Standard §13.2.3.2, reduced: BOM, transport layer,
// <meta> prescan, then detection) and its decoding to UTF-8 through csv's decoder.
#include <algorithm>
#include <array>

#include <re2/re2.h>

#include "gofer/csv/decode.hpp"
#include "gofer/scrape/html.hpp"

namespace gofer::scrape {
namespace {

// How far the <meta> prescan looks. The HTML Standard's prescan stops at 1024 bytes; pages
// with long <head> scripts put the meta later, so 4 KiB (still only the head) catches more.
constexpr size_t kMetaPrescanBytes = 4096;
// What uchardet sees when nothing is declared (csv's decoder samples the same way).
constexpr size_t kDetectionSample = 64 * 1024;

constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";

std::string upper_trimmed(std::string_view label) {
  while (!label.empty() && (label.front() == ' ' || label.front() == '"' || label.front() == '\'')) {
    label.remove_prefix(1);
  }
  while (!label.empty() && (label.back() == ' ' || label.back() == '"' || label.back() == '\'')) {
    label.remove_suffix(1);
  }
  std::string out(label);
  std::ranges::transform(out, out.begin(), [](char c) {
    return c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c;
  });
  return out;
}

// WHATWG Encoding §4.2: these labels all name windows-1252, and browsers decode them so.
std::string canonical_label(std::string_view label) {
  static constexpr std::array<std::string_view, 12> kWindows1252 = {
      "ISO-8859-1", "ISO8859-1", "ISO_8859-1", "LATIN1", "L1", "US-ASCII", "ASCII",
      "CP819", "IBM819", "ISO-IR-100", "X-CP1252", "ANSI_X3.4-1968"};
  std::string name = upper_trimmed(label);
  if (std::ranges::find(kWindows1252, name) != kWindows1252.end()) return "WINDOWS-1252";
  if (name == "UTF8" || name == "UNICODE-1-1-UTF-8") return "UTF-8";
  return name;
}

std::string meta_charset(std::string_view bytes) {
  // Both forms carry "charset=" inside the <meta ...> tag.
  static const RE2 kMeta(R"re((?i)<meta\s[^>]*?charset\s*=\s*["']?\s*([a-z0-9_:.\-]+))re");
  std::string label;
  if (RE2::PartialMatch(bytes.substr(0, kMetaPrescanBytes), kMeta, &label)) return label;
  return {};
}

bool has_bom(std::string_view bytes) {
  return bytes.starts_with(kUtf8Bom) || bytes.starts_with("\xFF\xFE") || bytes.starts_with("\xFE\xFF");
}

Result<csv::Decoder> make_decoder(std::string_view bytes, const std::string& label) {
  std::string_view sample = bytes.substr(0, kDetectionSample);
  if (!label.empty()) {
    if (auto decoder = csv::Decoder::create(sample, label)) return decoder;
  }
  if (auto detected = csv::Decoder::create(sample, "")) return detected;
  return csv::Decoder::create(sample, "UTF-8");
}

}  // namespace

bool looks_like_html(std::string_view bytes) {
  if (bytes.starts_with(kUtf8Bom)) bytes.remove_prefix(kUtf8Bom.size());
  if (bytes.starts_with("\xFF\xFE") || bytes.starts_with("\xFE\xFF")) {
    // UTF-16: '<' is one byte of the first code unit, the other is zero.
    return bytes.size() >= 4 && (bytes.substr(2, 2) == std::string_view("<\0", 2) ||
                                 bytes.substr(2, 2) == std::string_view("\0<", 2));
  }
  size_t first = bytes.find_first_not_of(" \t\r\n\f");
  return first != std::string_view::npos && bytes[first] == '<';
}

std::string declared_charset(std::string_view bytes, std::string_view header_charset) {
  if (has_bom(bytes)) return {};  // the decoder reads the BOM itself, and it wins
  if (!upper_trimmed(header_charset).empty()) return canonical_label(header_charset);
  return canonical_label(meta_charset(bytes));
}

Result<DecodedPage> decode_page(std::string_view bytes, std::string_view header_charset) {
  GOFER_TRY_ASSIGN(csv::Decoder decoder, make_decoder(bytes, declared_charset(bytes, header_charset)));
  DecodedPage page;
  GOFER_TRY(decoder.decode(bytes, true, page.text));
  // libxml2 stops at a NUL; the HTML Standard's tokenizer reads it as U+FFFD.
  if (page.text.find('\0') != std::string::npos) {
    std::string cleaned;
    cleaned.reserve(page.text.size());
    for (char c : page.text) {
      if (c == '\0') {
        cleaned += "\xEF\xBF\xBD";
      } else {
        cleaned += c;
      }
    }
    page.text = std::move(cleaned);
  }
  page.charset = decoder.name();
  return page;
}

}  // namespace gofer::scrape
