// Readers and writers of single typed values (numbers, booleans, dates) behind column_types.
// Allocation-free: they read string_views and append to a caller's reused buffer.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "gofer/csv/column_types.hpp"

namespace gofer::csv::detail {

// Characters that may separate digit groups or mark decimals.
enum class Separator : uint8_t { kNone, kPoint, kComma, kSpace, kApostrophe };

// A number as people write it, e.g. "-$1,234.56", "(1.234,56 €)", "1'000", "1.5e-3".
struct NumberReading {
  bool negative = false;
  std::string_view body;      // digits and separators
  std::string_view exponent;  // "e-3" or empty
  uint32_t separators = 0;
  Separator first_separator = Separator::kNone;
  Separator last_separator = Separator::kNone;
  bool separators_alike = true;              // every separator is first_separator
  bool all_but_last_alike = true;            // every separator but the last is first_separator
  uint32_t first_group = 0, last_group = 0;  // digits before the first / after the last separator
  bool inner_groups_of_three = true;         // every group between two separators has 3 digits
};

[[nodiscard]] bool read_number(std::string_view value, NumberReading& out);
// Whether `reading` is a valid number when `mark` is the decimal mark; `fraction` tells
// whether it then has a decimal part or an exponent.
[[nodiscard]] bool number_fits(const NumberReading& reading, Separator mark, bool* fraction);
// Appends the plain form: '-', digits, '.', fraction digits, exponent.
void write_number(const NumberReading& reading, Separator mark, std::string& out);

// 1 for a true spelling, 0 for a false one, -1 for neither.
struct BooleanReading {
  int value = -1;
  bool word = false;    // true/false/yes/no/on/off (not a letter or a digit)
  bool letter = false;  // y/n/t/f
};
[[nodiscard]] BooleanReading read_boolean(std::string_view value);

enum DateOrderBits : uint8_t { kDmyBit = 1, kMdyBit = 2, kYmdBit = 4 };

// A date or datetime: three date parts and an optional time of day and zone.
struct DateReading {
  int parts[3] = {0, 0, 0};
  uint8_t digits[3] = {0, 0, 0};
  bool fixed = false;  // the order is fixed by the shape: 4-digit year first or a month name
  int fixed_year = 0, fixed_month = 0, fixed_day = 0;  // when fixed (year may have 2 digits)
  bool has_time = false;
  int hour = 0, minute = 0, second = -1;  // second -1: not given
  std::string_view fraction;              // digits after the seconds' '.'
  bool has_zone = false;
  int zone_minutes = 0;  // offset east of UTC; 0 with has_zone is written "Z" if zone_utc
  bool zone_utc = false;
};

[[nodiscard]] bool read_date(std::string_view value, DateReading& out);
// Which of dmy/mdy/ymd read a non-fixed date as a valid calendar date.
[[nodiscard]] uint8_t valid_orders(const DateReading& reading);
// "2024-01-13" or "2024-01-13T10:00:00[Z]", valid: the ISO form already (no full parse).
[[nodiscard]] bool already_iso(std::string_view value);
// Whether a fixed date is a valid calendar date.
[[nodiscard]] bool fixed_date_valid(const DateReading& reading);
// Appends the ISO 8601 form; false if the date is not valid in `order`.
[[nodiscard]] bool write_iso_date(const DateReading& reading, DateOrder order, std::string& out);

// std::tolower without its call into the C library (gofer never sets a locale, so the two
// agree: only A-Z change).
[[nodiscard]] inline bool is_ascii_digit(char c) { return c >= '0' && c <= '9'; }

[[nodiscard]] inline char ascii_lower(char c) {
  return c >= 'A' && c <= 'Z' ? static_cast<char>(c + ('a' - 'A')) : c;
}

// ASCII white space and NBSP around a value, without utf8proc on the hot path.
[[nodiscard]] std::string_view strip_padding(std::string_view value);

}  // namespace gofer::csv::detail
