// Dates and datetimes as people write them, read without regexes and written as ISO 8601.
#include <algorithm>
#include <array>
#include <initializer_list>

#include "typed_values.hpp"

namespace gofer::csv::detail {
namespace {

// POSIX strptime's %y pivot (also Python's): 00-68 -> 2000-2068, 69-99 -> 1969-1999.
constexpr int kTwoDigitYearPivot = 69;

bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

// Reads up to `max` digits; false if there are none.
bool read_int(std::string_view& text, size_t max, int& value, uint8_t& digits) {
  value = 0;
  digits = 0;
  while (digits < max && digits < text.size() && is_ascii_digit(text[digits])) {
    value = value * 10 + (text[digits] - '0');
    ++digits;
  }
  if (digits == 0 || (digits < text.size() && is_ascii_digit(text[digits]))) return false;
  text.remove_prefix(digits);
  return true;
}

std::string_view read_word(std::string_view& text) {
  size_t n = 0;
  while (n < text.size() && is_alpha(text[n])) ++n;
  std::string_view word = text.substr(0, n);
  text.remove_prefix(n);
  return word;
}

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (ascii_lower(a[i]) != b[i]) return false;
  }
  return true;
}

// 1-12 for an English month name or its abbreviation ("Sept" too); 0 otherwise.
int month_number(std::string_view word) {
  // Null tokens like "NA" or "n/a" reach here as short words: no month name is that short.
  if (word.size() < 3) return 0;
  static constexpr std::array<std::string_view, 12> kMonths = {
      "january", "february", "march",     "april",   "may",      "june",
      "july",    "august",   "september", "october", "november", "december"};
  for (size_t i = 0; i < kMonths.size(); ++i) {
    if (iequals(word, kMonths[i]) || iequals(word, kMonths[i].substr(0, 3)))
      return static_cast<int>(i) + 1;
  }
  return iequals(word, "sept") ? 9 : 0;
}

bool weekday(std::string_view word) {
  if (word.size() < 3) return false;
  static constexpr std::array<std::string_view, 7> kDays = {
      "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"};
  for (std::string_view day : kDays) {
    if (iequals(word, day) || iequals(word, day.substr(0, 3))) return true;
  }
  return false;
}

int full_year(int year, uint8_t digits) {
  if (digits != 2) return year;
  return year < kTwoDigitYearPivot ? 2000 + year : 1900 + year;
}

bool valid_calendar_date(int year, int month, int day) {
  static constexpr std::array<int, 12> kDays = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month < 1 || month > 12 || day < 1 || day > kDays[static_cast<size_t>(month - 1)])
    return false;
  bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  return month != 2 || day <= 28 || leap;
}

// Writes `value` zero-padded to `width` digits at `p` (no formatting library on the hot path;
// a date is put together in a local buffer and appended once).
char* put_digits(char* p, int value, int width) {
  for (int i = width - 1; i >= 0; --i) {
    p[i] = static_cast<char>('0' + value % 10);
    value /= 10;
  }
  return p + width;
}

char* put_separated(char* p, char separator, int value) {
  *p++ = separator;
  return put_digits(p, value, 2);
}

// "THH:MM[:SS]" at `p`.
char* put_time(char* p, const DateReading& r) {
  p = put_separated(p, 'T', r.hour);
  p = put_separated(p, ':', r.minute);
  return r.second >= 0 ? put_separated(p, ':', r.second) : p;
}

// "Z", "+hh:mm" or nothing at `p`.
char* put_zone(char* p, const DateReading& r) {
  if (r.zone_utc) {
    *p++ = 'Z';
  } else if (r.has_zone) {
    int minutes = r.zone_minutes < 0 ? -r.zone_minutes : r.zone_minutes;
    *p++ = r.zone_minutes < 0 ? '-' : '+';
    p = put_digits(p, minutes / 60, 2);
    p = put_separated(p, ':', minutes % 60);
  }
  return p;
}

bool year_digits_ok(uint8_t digits) { return digits == 2 || digits == 4; }

// "Jan 13, 2024" / "January 13 2024" (the month word is already read).
bool read_month_first(std::string_view& text, int month, DateReading& out) {
  if (text.empty() || (text[0] != ' ' && text[0] != '-' && text[0] != '/' && text[0] != '.'))
    return false;
  text.remove_prefix(1);
  int day = 0, year = 0;
  uint8_t day_digits = 0, year_digits = 0;
  if (!read_int(text, 2, day, day_digits)) return false;
  if (text.starts_with(',')) text.remove_prefix(1);
  if (text.empty() || (text[0] != ' ' && text[0] != '-' && text[0] != '/' && text[0] != '.'))
    return false;
  text.remove_prefix(1);
  if (!read_int(text, 4, year, year_digits) || !year_digits_ok(year_digits)) return false;
  out.fixed = true;
  out.fixed_year = full_year(year, year_digits);
  out.fixed_month = month;
  out.fixed_day = day;
  return true;
}

// "13/01/2024", "2024-01-13", "13 Jan 2024", "2024-Jan-13" (the first number is read).
bool read_number_first(std::string_view& text, DateReading& out) {
  char separator = text.empty() ? '\0' : text[0];
  if (separator != '-' && separator != '/' && separator != '.' && separator != ' ') return false;
  text.remove_prefix(1);
  if (!text.empty() && is_alpha(text[0])) {
    int month = month_number(read_word(text));
    if (month == 0 || !text.starts_with(separator)) return false;
    text.remove_prefix(1);
    if (!read_int(text, 4, out.parts[2], out.digits[2])) return false;
    bool year_first = out.digits[0] == 4;
    int year = year_first ? out.parts[0] : out.parts[2];
    uint8_t digits = year_first ? out.digits[0] : out.digits[2];
    int day = year_first ? out.parts[2] : out.parts[0];
    uint8_t day_digits = year_first ? out.digits[2] : out.digits[0];
    if (!year_digits_ok(digits) || day_digits > 2) return false;
    out.fixed = true;
    out.fixed_year = full_year(year, digits);
    out.fixed_month = month;
    out.fixed_day = day;
    return true;
  }
  if (!read_int(text, 2, out.parts[1], out.digits[1]) || !text.starts_with(separator)) return false;
  text.remove_prefix(1);
  if (!read_int(text, 4, out.parts[2], out.digits[2])) return false;
  if (out.digits[0] == 4) {
    if (out.digits[2] > 2) return false;
    out.fixed = true;
    out.fixed_year = out.parts[0];
    out.fixed_month = out.parts[1];
    out.fixed_day = out.parts[2];
  }
  return out.digits[0] == 4 || out.digits[0] <= 2;
}

bool two_digits(std::string_view& text, int& value) {
  if (text.size() < 2 || !is_ascii_digit(text[0]) || !is_ascii_digit(text[1])) return false;
  value = (text[0] - '0') * 10 + (text[1] - '0');
  text.remove_prefix(2);
  return true;
}

// "+05:30", "-0800", "+01", "Z", " UTC".
bool read_zone(std::string_view& text, DateReading& out) {
  while (text.starts_with(' ')) text.remove_prefix(1);
  if (iequals(text, "utc") || iequals(text, "gmt") || text == "Z") {
    out.has_zone = out.zone_utc = true;
    text = {};
    return true;
  }
  if (text.empty() || (text[0] != '+' && text[0] != '-')) return text.empty();
  int sign = text[0] == '-' ? -1 : 1;
  text.remove_prefix(1);
  int hours = 0, minutes = 0;
  if (!two_digits(text, hours)) return false;
  if (text.starts_with(':')) text.remove_prefix(1);
  if (!text.empty() && !two_digits(text, minutes)) return false;
  if (hours > 14 || minutes > 59) return false;
  out.has_zone = true;
  out.zone_minutes = sign * (hours * 60 + minutes);
  return text.empty();
}

// "T14:05", " 2:05:09 PM", "T14:05:09.123+02:00".
bool read_time(std::string_view& text, DateReading& out) {
  if (text.starts_with('T') || text.starts_with(' '))
    text.remove_prefix(1);
  else
    return false;
  uint8_t digits = 0;
  if (!read_int(text, 2, out.hour, digits) || !text.starts_with(':')) return false;
  text.remove_prefix(1);
  if (!read_int(text, 2, out.minute, digits) || digits != 2 || out.minute > 59) return false;
  if (text.starts_with(':')) {
    text.remove_prefix(1);
    if (!read_int(text, 2, out.second, digits) || digits != 2 || out.second > 60) return false;
    if (text.starts_with('.') || text.starts_with(',')) {
      size_t n = 1;
      while (n < text.size() && is_ascii_digit(text[n])) ++n;
      if (n == 1 || n > 10) return false;
      out.fraction = text.substr(1, n - 1);
      text.remove_prefix(n);
    }
  }
  std::string_view after = text;
  while (after.starts_with(' ')) after.remove_prefix(1);
  std::string_view meridiem = after.substr(0, 2);
  if (iequals(meridiem, "am") || iequals(meridiem, "pm")) {
    if (out.hour < 1 || out.hour > 12) return false;
    out.hour = out.hour % 12 + (iequals(meridiem, "pm") ? 12 : 0);
    text = after.substr(2);
  }
  out.has_time = true;
  return out.hour <= 23 && read_zone(text, out);
}

}  // namespace

bool read_date(std::string_view value, DateReading& out) {
  out = DateReading{};
  std::string_view text = strip_padding(value);
  if (text.empty() || text.size() > 64) return false;
  if (is_alpha(text[0])) {
    std::string_view word = read_word(text);
    if (weekday(word)) {  // "Sat, 13 Jan 2024" or "Sat Jan 13 2024"
      if (text.starts_with(',')) text.remove_prefix(1);
      if (!text.starts_with(' ')) return false;
      text.remove_prefix(1);
      if (!text.empty() && is_alpha(text[0]))
        word = read_word(text);
      else
        word = {};
    }
    if (!word.empty()) {
      int month = month_number(word);
      if (month == 0 || !read_month_first(text, month, out)) return false;
      return text.empty() || read_time(text, out);
    }
  }
  if (!read_int(text, 4, out.parts[0], out.digits[0]) || out.digits[0] == 3) return false;
  if (!read_number_first(text, out)) return false;
  return text.empty() || read_time(text, out);
}

uint8_t valid_orders(const DateReading& r) {
  if (r.fixed) return 0;
  uint8_t bits = 0;
  if (year_digits_ok(r.digits[2])) {
    int year = full_year(r.parts[2], r.digits[2]);
    if (valid_calendar_date(year, r.parts[1], r.parts[0])) bits |= kDmyBit;
    if (valid_calendar_date(year, r.parts[0], r.parts[1])) bits |= kMdyBit;
  }
  if (r.digits[0] == 2 && r.digits[2] <= 2 &&
      valid_calendar_date(full_year(r.parts[0], 2), r.parts[1], r.parts[2])) {
    bits |= kYmdBit;
  }
  return bits;
}

bool already_iso(std::string_view v) {
  auto digits_at = [&](std::initializer_list<size_t> at) {
    return std::all_of(at.begin(), at.end(), [&](size_t i) { return is_ascii_digit(v[i]); });
  };
  if (v.size() < 10 || v[4] != '-' || v[7] != '-' || !digits_at({0, 1, 2, 3, 5, 6, 8, 9}))
    return false;
  auto number = [&](size_t at) { return (v[at] - '0') * 10 + (v[at + 1] - '0'); };
  if (!valid_calendar_date(number(0) * 100 + number(2), number(5), number(8))) return false;
  if (v.size() == 10) return true;
  // "THH:MM:SS" with an optional "Z": the usual datetime export.
  if (v.size() != 19 && !(v.size() == 20 && v[19] == 'Z')) return false;
  return v[10] == 'T' && v[13] == ':' && v[16] == ':' && digits_at({11, 12, 14, 15, 17, 18}) &&
         number(11) <= 23 && number(14) <= 59 && number(17) <= 60;
}

bool fixed_date_valid(const DateReading& r) {
  return r.fixed && valid_calendar_date(r.fixed_year, r.fixed_month, r.fixed_day);
}

bool write_iso_date(const DateReading& r, DateOrder order, std::string& out) {
  int year = r.fixed_year, month = r.fixed_month, day = r.fixed_day;
  if (!r.fixed) {
    uint8_t bit = order == DateOrder::kDmy ? kDmyBit : order == DateOrder::kMdy ? kMdyBit : kYmdBit;
    if ((valid_orders(r) & bit) == 0) return false;
    int first = r.parts[0], second = r.parts[1], third = r.parts[2];
    if (order == DateOrder::kYmd)
      year = full_year(first, 2), month = second, day = third;
    else
      year = full_year(third, r.digits[2]);
    if (order == DateOrder::kDmy) day = first, month = second;
    if (order == DateOrder::kMdy) month = first, day = second;
  } else if (!fixed_date_valid(r)) {
    return false;
  }
  // "YYYY-MM-DDTHH:MM:SS" and "+hh:mm" fit easily; the fraction is appended between them.
  char buffer[24];
  char* p = put_digits(buffer, year, 4);
  p = put_separated(p, '-', month);
  p = put_separated(p, '-', day);
  if (r.has_time) p = put_time(p, r);
  out.append(buffer, static_cast<size_t>(p - buffer));
  if (!r.has_time) return true;
  if (!r.fraction.empty()) (out += '.') += r.fraction;
  out.append(buffer, static_cast<size_t>(put_zone(buffer, r) - buffer));
  return true;
}

}  // namespace gofer::csv::detail
