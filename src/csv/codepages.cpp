// Single-byte code page tables (generated, see gen_codepage_tables.py) and their lookup.
#include "codepages.hpp"

#include <algorithm>
#include <cctype>
#include <string>

namespace gofer::csv {
namespace {

struct CodePage {
  std::string_view name;
  std::array<uint16_t, 128> upper;
};

// clang-format off
const CodePage kCodePages[] = {
#include "codepage_tables.inc"
};
// clang-format on

// Spellings people pass to --encoding besides the canonical names.
struct Alias {
  std::string_view alias;
  std::string_view name;
};
constexpr Alias kAliases[] = {
    {"CP1250", "WINDOWS-1250"}, {"CP1251", "WINDOWS-1251"}, {"CP1252", "WINDOWS-1252"},
    {"CP1253", "WINDOWS-1253"}, {"CP1254", "WINDOWS-1254"}, {"CP1255", "WINDOWS-1255"},
    {"CP1256", "WINDOWS-1256"}, {"CP1257", "WINDOWS-1257"}, {"CP1258", "WINDOWS-1258"},
    {"LATIN1", "ISO-8859-1"},   {"LATIN-1", "ISO-8859-1"},  {"LATIN9", "ISO-8859-15"},
    {"CP866", "IBM866"},        {"CP855", "IBM855"},        {"CP874", "TIS-620"},
    {"WINDOWS-874", "TIS-620"}};

std::string upper_name(std::string_view name) {
  std::string upper(name);
  for (char& c : upper) {
    c = c == '_' ? '-' : static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  }
  return upper;
}

}  // namespace

const std::array<uint16_t, 128>* find_code_page(std::string_view name, std::string* canonical) {
  std::string upper = upper_name(name);
  for (const Alias& alias : kAliases) {
    if (alias.alias == upper) upper = std::string(alias.name);
  }
  for (const CodePage& page : kCodePages) {
    if (page.name == upper) {
      if (canonical != nullptr) *canonical = std::string(page.name);
      return &page.upper;
    }
  }
  return nullptr;
}

std::vector<std::string_view> code_page_names() {
  std::vector<std::string_view> names;
  for (const CodePage& page : kCodePages) names.push_back(page.name);
  return names;
}

bool is_multibyte_legacy(std::string_view name) {
  static constexpr std::string_view kMultibyte[] = {
      "SHIFT_JIS", "SHIFT-JIS", "SJIS", "CP932", "GB18030", "GB2312", "GBK", "BIG5", "EUC-KR",
      "EUC-JP", "EUC-TW", "ISO-2022-JP", "ISO-2022-KR", "ISO-2022-CN", "HZ-GB-2312", "UHC",
      "JOHAB"};
  std::string upper = upper_name(name);
  return std::find(std::begin(kMultibyte), std::end(kMultibyte), upper) != std::end(kMultibyte);
}

}  // namespace gofer::csv
