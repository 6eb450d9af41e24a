// Numbers and booleans as people write them: currency, signs, digit groups, decimal marks.
#include <array>

#include "typed_values.hpp"

namespace gofer::csv::detail {
namespace {

constexpr std::string_view kNbsp = "\xC2\xA0";

bool is_upper(char c) { return c >= 'A' && c <= 'Z'; }

// Symbols that may stand before or after an amount (UTF-8).
constexpr std::array<std::string_view, 14> kCurrencySymbols = {"$",
                                                               "\xE2\x82\xAC",
                                                               "\xC2\xA3",
                                                               "\xC2\xA5",
                                                               "\xE2\x82\xB9",
                                                               "\xE2\x82\xBD",
                                                               "\xE2\x82\xA9",
                                                               "\xE2\x82\xBA",
                                                               "\xE2\x82\xAA",
                                                               "\xE2\x82\xAB",
                                                               "\xE0\xB8\xBF",
                                                               "\xE2\x82\xB4",
                                                               "\xE2\x82\xA6",
                                                               "\xC2\xA2"};
// ISO 4217 codes common in exports; a fixed list so that "KG 100" stays text.
constexpr std::array<std::string_view, 22> kCurrencyCodes = {
    "USD", "EUR", "GBP", "JPY", "CHF", "CNY", "INR", "RUB", "BRL", "CAD", "AUD",
    "SEK", "NOK", "DKK", "PLN", "CZK", "HUF", "MXN", "ZAR", "KRW", "TRY", "NZD"};

// Length of a currency sign at the front of `text`: "$", "€", "US$", "R$", "EUR"; 0 if none.
size_t currency_at_front(std::string_view text) {
  size_t letters = 0;
  while (letters < text.size() && letters < 3 && is_upper(text[letters])) ++letters;
  if (letters == 3) {
    for (std::string_view code : kCurrencyCodes) {
      if (text.starts_with(code)) return 3;
    }
    return 0;
  }
  if (letters > 0) return text.substr(letters).starts_with('$') ? letters + 1 : 0;
  if (text.starts_with('$')) return 1;  // the usual one, before the table
  if (text.empty() || static_cast<unsigned char>(text[0]) < 0x80) return 0;  // others are UTF-8
  for (std::string_view symbol : kCurrencySymbols) {
    if (text.starts_with(symbol)) return symbol.size();
  }
  return 0;
}

size_t currency_at_back(std::string_view text) {
  if (text.ends_with('$')) return 1;
  if (text.empty() || (!is_upper(text.back()) && static_cast<unsigned char>(text.back()) < 0x80)) {
    return 0;  // neither a code nor a UTF-8 symbol
  }
  if (text.size() >= 3) {
    for (std::string_view code : kCurrencyCodes) {
      if (text.ends_with(code)) return 3;
    }
  }
  for (std::string_view symbol : kCurrencySymbols) {
    if (text.ends_with(symbol)) return symbol.size();
  }
  return 0;
}

// Drops spaces and NBSPs from both ends of `text`.
std::string_view skip_spaces(std::string_view text) {
  auto space = [](std::string_view t, bool front) -> size_t {
    if (front ? t.starts_with(' ') : t.ends_with(' ')) return 1;
    return (front ? t.starts_with(kNbsp) : t.ends_with(kNbsp)) ? kNbsp.size() : 0;
  };
  while (size_t n = space(text, true)) text.remove_prefix(n);
  while (size_t n = space(text, false)) text.remove_suffix(n);
  return text;
}

// The separator at the front of `text` and its length in bytes.
Separator separator_at(std::string_view text, size_t* length) {
  *length = 1;
  if (text.empty()) return Separator::kNone;
  switch (text[0]) {
    case '.': return Separator::kPoint;
    case ',': return Separator::kComma;
    case ' ': return Separator::kSpace;
    case '\'': return Separator::kApostrophe;
    default: break;
  }
  *length = 2;
  if (text.starts_with(kNbsp)) return Separator::kSpace;
  *length = 3;
  // NARROW NO-BREAK SPACE, THIN SPACE (French, SI) and RIGHT SINGLE QUOTATION MARK (Swiss).
  if (text.starts_with("\xE2\x80\xAF") || text.starts_with("\xE2\x80\x89"))
    return Separator::kSpace;
  if (text.starts_with("\xE2\x80\x99")) return Separator::kApostrophe;
  return Separator::kNone;
}

// Sign, parentheses and currency around the digits; leaves `text` at the digits.
bool read_decorations(std::string_view& text, bool& negative) {
  text = strip_padding(text);
  if (text.starts_with('(') && text.ends_with(')')) {
    negative = true;
    text = text.substr(1, text.size() - 2);
  }
  // The usual case.
  if (!text.empty() && is_ascii_digit(text[0]) && is_ascii_digit(text.back())) return true;
  bool sign = false, currency = false;
  for (int round = 0; round < 2 && !text.empty() && !is_ascii_digit(text[0]); ++round) {
    text = skip_spaces(text);
    if (!sign && (text.starts_with('-') || text.starts_with('+'))) {
      if (text[0] == '-') negative = !negative;
      text.remove_prefix(1);
      sign = true;
    } else if (!sign && text.starts_with("\xE2\x88\x92")) {  // MINUS SIGN
      negative = !negative;
      text.remove_prefix(3);
      sign = true;
    } else if (size_t n = currency ? 0 : currency_at_front(text)) {
      text.remove_prefix(n);
      currency = true;
    }
  }
  text = skip_spaces(text);
  if (!currency && !text.empty() && !is_ascii_digit(text.back())) {
    if (size_t n = currency_at_back(text)) text = skip_spaces(text.substr(0, text.size() - n));
  }
  return !text.empty() && is_ascii_digit(text[0]);
}

void note_separator(NumberReading& out, Separator kind, uint32_t group) {
  if (out.separators == 0) {
    out.first_separator = kind;
    out.first_group = group;
  } else {
    out.inner_groups_of_three = out.inner_groups_of_three && group == 3;
    out.all_but_last_alike = out.separators_alike;
    out.separators_alike = out.separators_alike && kind == out.first_separator;
  }
  out.last_separator = kind;
  ++out.separators;
}

}  // namespace

std::string_view strip_padding(std::string_view value) {
  while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) value.remove_prefix(1);
  while (!value.empty() && (value.back() == ' ' || value.back() == '\t')) value.remove_suffix(1);
  if (value.starts_with(kNbsp) || value.ends_with(kNbsp)) {
    return strip_padding(skip_spaces(value));
  }
  return value;
}

bool read_number(std::string_view value, NumberReading& out) {
  out = NumberReading{};
  std::string_view text = value;
  if (!read_decorations(text, out.negative)) return false;
  size_t at = 0;
  uint32_t group = 0;
  while (at < text.size()) {
    if (is_ascii_digit(text[at])) {
      ++group;
      ++at;
      continue;
    }
    size_t length = 0;
    Separator kind = separator_at(text.substr(at), &length);
    if (kind == Separator::kNone || at + length >= text.size() ||
        !is_ascii_digit(text[at + length])) {
      break;
    }
    note_separator(out, kind, group);
    group = 0;
    at += length;
  }
  out.last_group = group;
  if (out.separators == 0) out.first_group = group;
  out.body = text.substr(0, at);
  std::string_view rest = text.substr(at);
  if (!rest.empty() && (rest[0] == 'e' || rest[0] == 'E')) {
    size_t end = 1 + (rest.size() > 1 && (rest[1] == '-' || rest[1] == '+') ? 1 : 0);
    size_t digits_start = end;
    while (end < rest.size() && is_ascii_digit(rest[end])) ++end;
    if (end == digits_start) return false;
    out.exponent = rest.substr(0, end);
    rest.remove_prefix(end);
  }
  return rest.empty();
}

bool number_fits(const NumberReading& r, Separator mark, bool* fraction) {
  *fraction = !r.exponent.empty();
  if (r.separators == 0) return true;
  bool decimal = r.last_separator == mark;
  *fraction = *fraction || decimal;
  uint32_t grouping = static_cast<uint32_t>(r.separators - (decimal ? 1 : 0));
  if (grouping == 0) return true;  // "1234,56": the decimal mark alone
  if (!r.exponent.empty() || r.first_separator == mark) return false;
  if (!(decimal ? r.all_but_last_alike : r.separators_alike)) return false;
  if (r.first_group < 1 || r.first_group > 3 || r.body[0] == '0') return false;
  if (!r.inner_groups_of_three) return false;
  return decimal || r.last_group == 3;
}

void write_number(const NumberReading& r, Separator mark, std::string& out) {
  if (r.negative) out += '-';
  std::string_view body = r.body;
  uint32_t seen = 0;
  while (!body.empty()) {
    if (is_ascii_digit(body[0])) {
      size_t run = 1;
      while (run < body.size() && is_ascii_digit(body[run])) ++run;
      out.append(body.data(), run);  // a run at once: one size check, not one per digit
      body.remove_prefix(run);
      continue;
    }
    size_t length = 0;
    Separator kind = separator_at(body, &length);
    ++seen;
    if (seen == r.separators && kind == mark) out += '.';
    body.remove_prefix(length);
  }
  out += r.exponent;
}

BooleanReading read_boolean(std::string_view value) {
  struct Spelling {
    std::string_view text;
    int value;
  };
  static constexpr Spelling kSpellings[] = {{"true", 1}, {"false", 0}, {"yes", 1}, {"no", 0},
                                            {"on", 1},   {"off", 0},   {"y", 1},   {"n", 0},
                                            {"t", 1},    {"f", 0},     {"1", 1},   {"0", 0}};
  BooleanReading reading;
  if (value.empty() || value.size() > 5) return reading;
  std::array<char, 5> lower{};
  for (size_t i = 0; i < value.size(); ++i) {
    lower[i] = ascii_lower(value[i]);
  }
  std::string_view folded(lower.data(), value.size());
  for (const Spelling& spelling : kSpellings) {
    if (folded != spelling.text) continue;
    reading.value = spelling.value;
    reading.word = spelling.text.size() > 1;
    reading.letter = spelling.text.size() == 1 && !is_ascii_digit(spelling.text[0]);
    return reading;
  }
  return reading;
}

}  // namespace gofer::csv::detail
