// Column type inference (sniff and normalize share it) and the typed cleaning rules that
// follow from it: --dates iso, --numbers, --booleans.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace gofer::csv {

// How a date written with the year last (or a 2-digit year first) is read. A value whose
// first part has 4 digits is always year-month-day; a month name needs no order.
enum class DateOrder { kAuto, kDmy, kMdy, kYmd };

// Issue 5: decisions use the first 10,000 rows unless --infer-rows says otherwise.
inline constexpr size_t kDefaultInferRows = 10'000;

struct TypeRules {
  bool dates = false;  // --dates iso
  DateOrder date_order = DateOrder::kAuto;
  bool numbers = false;
  bool decimal_comma = false;  // --decimal-comma: a ',' is always the decimal mark
  bool booleans = false;
  size_t infer_rows = kDefaultInferRows;

  [[nodiscard]] bool any() const { return dates || numbers || booleans; }
};

// What was seen in one column's sample. Empty and null-like values (the null tokens in any
// ASCII case) carry no type and are skipped.
class ColumnProfile {
 public:
  void observe(std::string_view value, std::span<const std::string> null_tokens);

  uint64_t values = 0;  // typed values observed (not empty, not null-like)
  uint64_t point_misfits = 0, comma_misfits = 0;      // not a number with '.' / ',' decimals
  uint64_t point_fractions = 0, comma_fractions = 0;  // with a decimal part or an exponent
  uint64_t bool_misfits = 0;
  bool bool_word = false, bool_true_letter = false, bool_false_letter = false;
  uint64_t date_misfits = 0;   // not shaped like a date at all (or an invalid fixed date)
  uint64_t ordered_dates = 0;  // numeric dates whose order is not fixed by their shape
  uint64_t dmy_misfits = 0, mdy_misfits = 0, ymd_misfits = 0;
  bool any_time = false;
};

enum class ColumnKind { kText, kNumber, kBoolean, kDate };

// An immutable per-column decision: safe to share between threads.
struct ColumnRule {
  ColumnKind kind = ColumnKind::kText;
  char decimal_mark = '.';                 // kNumber
  DateOrder date_order = DateOrder::kDmy;  // kDate: for values whose order is not fixed
};

// The type `csv sniff` prints: int, float, decimal-comma, bool, date (ymd|dmy|mdy|ambiguous
// dmy/mdy), datetime (...), text, or empty.
[[nodiscard]] std::string describe_type(const ColumnProfile& profile);

// The rule normalize applies to a column. An enabled rule the column does not fit, or dates
// whose order stays ambiguous, leave it kText; `warning` then says why (ambiguous dates only).
[[nodiscard]] ColumnRule decide_rule(const ColumnProfile& profile, const TypeRules& rules,
                                     std::string_view column_name, std::string& warning);

enum class Fit { kUnchanged, kChanged, kNotFitting };

// Rewrites one value by its column's rule. `out` views `value` or `scratch`. Empty and
// null-like values are kUnchanged, a value that does not parse is kNotFitting (left as is).
[[nodiscard]] Fit apply_rule(const ColumnRule& rule, std::string_view value,
                             std::span<const std::string> null_tokens, std::string& scratch,
                             std::string_view& out);

// Empty, or one of `tokens` in any ASCII case.
[[nodiscard]] bool is_null_like(std::string_view value, std::span<const std::string> tokens);

}  // namespace gofer::csv
