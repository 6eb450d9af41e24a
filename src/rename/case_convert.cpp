// Unicode-aware case conversion for the `--case` rule (lower, upper, title, snake, ...).
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "gofer/rename/rules.hpp"
#include "unicode_text.hpp"

namespace gofer::rename {
namespace {

using detail::TextUnit;

// utf8proc offers only the one-to-one (simple) case mappings, so the few one-to-many and
// context-dependent mappings of Unicode's SpecialCasing.txt that users meet in file names
// are handled here.
constexpr int32_t kSharpS = 0x00DF;            // ß: uppercase is "SS", titlecase "Ss"
constexpr int32_t kCapitalSigma = 0x03A3;      // Σ: lowercase depends on position
constexpr int32_t kFinalSigma = 0x03C2;        // ς: Σ at the end of a word
constexpr int32_t kRightSingleQuote = 0x2019;  // ’ used as an apostrophe

bool is_word_character(int32_t codepoint) {
  return detail::is_letter(codepoint) || detail::is_number(codepoint) || detail::is_mark(codepoint);
}
bool is_apostrophe(int32_t codepoint) {
  return codepoint == '\'' || codepoint == kRightSingleQuote;
}

// Final-sigma rule: Σ preceded by a letter and not followed by one becomes ς.
bool is_final_sigma(const std::vector<TextUnit>& units, size_t index) {
  size_t before = index;
  while (before > 0 && detail::is_mark(units[before - 1].codepoint)) --before;
  if (before == 0 || !detail::is_letter(units[before - 1].codepoint)) return false;
  size_t after = index + 1;
  while (after < units.size() && detail::is_mark(units[after].codepoint)) ++after;
  return after == units.size() || !detail::is_letter(units[after].codepoint);
}

void append_lower(std::string& out, const std::vector<TextUnit>& units, size_t index) {
  int32_t codepoint = units[index].codepoint;
  if (codepoint < 0) {
    out += units[index].bytes;
  } else if (codepoint == kCapitalSigma && is_final_sigma(units, index)) {
    detail::append_codepoint(out, kFinalSigma);
  } else {
    detail::append_codepoint(out, utf8proc_tolower(codepoint));
  }
}

void append_upper(std::string& out, const TextUnit& unit) {
  if (unit.codepoint < 0) {
    out += unit.bytes;
  } else if (unit.codepoint == kSharpS) {
    out += "SS";
  } else {
    detail::append_codepoint(out, utf8proc_toupper(unit.codepoint));
  }
}

// Titlecase, not uppercase, so that digraphs such as ǆ become ǅ at the start of a word.
void append_title(std::string& out, const TextUnit& unit) {
  if (unit.codepoint < 0) {
    out += unit.bytes;
  } else if (unit.codepoint == kSharpS) {
    out += "Ss";
  } else {
    detail::append_codepoint(out, utf8proc_totitle(unit.codepoint));
  }
}

std::string to_lower(const std::vector<TextUnit>& units) {
  std::string out;
  for (size_t i = 0; i < units.size(); ++i) append_lower(out, units, i);
  return out;
}

std::string to_upper(const std::vector<TextUnit>& units) {
  std::string out;
  for (const TextUnit& unit : units) append_upper(out, unit);
  return out;
}

// Each word starts with a titlecase letter. Dots separate words (`the.matrix` →
// `The.Matrix`); an apostrophe inside a word does not (`don't` → `Don't`, not `Don'T`).
std::string to_title(const std::vector<TextUnit>& units) {
  std::string out;
  bool in_word = false;
  for (size_t i = 0; i < units.size(); ++i) {
    int32_t codepoint = units[i].codepoint;
    if (is_word_character(codepoint)) {
      if (in_word || detail::is_mark(codepoint)) {
        append_lower(out, units, i);
      } else {
        append_title(out, units[i]);
      }
      in_word = true;
    } else {
      append_lower(out, units, i);
      in_word = in_word && is_apostrophe(codepoint);
    }
  }
  return out;
}

// The first letter anywhere in the text is capitalised; digits before it stay as they are.
std::string to_sentence(const std::vector<TextUnit>& units) {
  std::string out;
  bool capitalised = false;
  for (size_t i = 0; i < units.size(); ++i) {
    if (!capitalised && detail::is_letter(units[i].codepoint)) {
      append_title(out, units[i]);
      capitalised = true;
    } else {
      append_lower(out, units, i);
    }
  }
  return out;
}

// How a character takes part in word splitting for snake/kebab/camel/pascal.
enum class CharKind { kUpper, kLower, kUncased, kDigit, kMark, kApostrophe, kSeparator };

CharKind kind_of(int32_t codepoint) {
  // Invalid bytes and dots stay inside words: bytes are never lost, and a dot in a stem
  // (`v1.2`, `archive.tar`) is part of the name rather than a word break.
  if (codepoint < 0 || codepoint == '.') return CharKind::kUncased;
  if (is_apostrophe(codepoint)) return CharKind::kApostrophe;
  switch (detail::category_of(codepoint)) {
    case UTF8PROC_CATEGORY_LU:
    case UTF8PROC_CATEGORY_LT: return CharKind::kUpper;
    case UTF8PROC_CATEGORY_LL: return CharKind::kLower;
    case UTF8PROC_CATEGORY_LM:
    case UTF8PROC_CATEGORY_LO: return CharKind::kUncased;
    case UTF8PROC_CATEGORY_MN:
    case UTF8PROC_CATEGORY_MC:
    case UTF8PROC_CATEGORY_ME: return CharKind::kMark;
    case UTF8PROC_CATEGORY_ND:
    case UTF8PROC_CATEGORY_NL:
    case UTF8PROC_CATEGORY_NO: return CharKind::kDigit;
    default: return CharKind::kSeparator;
  }
}

struct WordRange {
  size_t begin = 0;
  size_t end = 0;  // exclusive unit index
};

// A word also ends inside a run of letters at a camel-case hump: `myFile` → my|File,
// `file2Name` → file2|Name (digits stay with the letters before them) and at the end of an
// acronym: `HTTPServer` → HTTP|Server.
bool starts_hump(const std::vector<CharKind>& kinds, size_t index, CharKind previous) {
  if (kinds[index] != CharKind::kUpper) return false;
  if (previous == CharKind::kLower || previous == CharKind::kDigit) return true;
  bool next_is_lower = index + 1 < kinds.size() && kinds[index + 1] == CharKind::kLower;
  return previous == CharKind::kUpper && next_is_lower;
}

std::vector<WordRange> split_words(const std::vector<TextUnit>& units) {
  std::vector<CharKind> kinds;
  kinds.reserve(units.size());
  for (const TextUnit& unit : units) kinds.push_back(kind_of(unit.codepoint));
  std::vector<WordRange> words;
  bool open = false;
  CharKind previous = CharKind::kSeparator;  // last non-mark kind inside the open word
  for (size_t i = 0; i < units.size(); ++i) {
    CharKind kind = kinds[i];
    bool separates = kind == CharKind::kSeparator || (kind == CharKind::kApostrophe && !open);
    if (separates || (open && starts_hump(kinds, i, previous))) {
      open = false;
      if (separates) continue;
    }
    if (!open) {
      words.push_back({i, i});
      open = true;
    }
    words.back().end = i + 1;
    if (kind != CharKind::kMark) previous = kind;
  }
  return words;
}

// Writes one word: apostrophes dropped (`don't` → `dont`), first character titlecased
// when `capitalise`, the rest lowercased.
void append_word(std::string& out, const std::vector<TextUnit>& units, WordRange word,
                 bool capitalise) {
  bool first = true;
  for (size_t i = word.begin; i < word.end; ++i) {
    if (is_apostrophe(units[i].codepoint)) continue;
    if (first && capitalise) {
      append_title(out, units[i]);
    } else {
      append_lower(out, units, i);
    }
    first = false;
  }
}

std::string to_word_case(const std::vector<TextUnit>& units, CaseStyle style) {
  std::string_view joiner;
  if (style == CaseStyle::kSnake) joiner = "_";
  if (style == CaseStyle::kKebab) joiner = "-";
  std::string out;
  bool first_word = true;
  for (WordRange word : split_words(units)) {
    if (!first_word) out += joiner;
    bool capitalise = style == CaseStyle::kPascal || (style == CaseStyle::kCamel && !first_word);
    append_word(out, units, word, capitalise);
    first_word = false;
  }
  return out;
}

}  // namespace

std::string convert_case(std::string_view text, CaseStyle style) {
  // Most names are ASCII, where lower and upper case are one byte each way: no decoding.
  bool ascii = std::all_of(text.begin(), text.end(),
                           [](char c) { return static_cast<unsigned char>(c) < 0x80; });
  if (ascii && (style == CaseStyle::kLower || style == CaseStyle::kUpper)) {
    std::string out(text);
    for (char& c : out) {
      if (style == CaseStyle::kLower && c >= 'A' && c <= 'Z') c = static_cast<char>(c + ('a' - 'A'));
      if (style == CaseStyle::kUpper && c >= 'a' && c <= 'z') c = static_cast<char>(c - ('a' - 'A'));
    }
    return out;
  }
  std::vector<TextUnit> units = detail::decode_units(text);
  switch (style) {
    case CaseStyle::kLower: return to_lower(units);
    case CaseStyle::kUpper: return to_upper(units);
    case CaseStyle::kTitle: return to_title(units);
    case CaseStyle::kSentence: return to_sentence(units);
    case CaseStyle::kSnake:
    case CaseStyle::kKebab:
    case CaseStyle::kCamel:
    case CaseStyle::kPascal: return to_word_case(units, style);
  }
  return std::string(text);
}

}  // namespace gofer::rename
