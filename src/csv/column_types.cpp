// One implementation of column typing for `csv sniff` and `csv normalize`: observe a sample,
// decide a rule per column once, then apply it per value without allocating.
#include "gofer/csv/column_types.hpp"

#include <fmt/format.h>

#include "typed_values.hpp"

namespace gofer::csv {
namespace {

using detail::Separator;

void observe_number(ColumnProfile& p, std::string_view value) {
  detail::NumberReading reading;
  if (!detail::read_number(value, reading)) {
    ++p.point_misfits;
    ++p.comma_misfits;
    return;
  }
  bool fraction = false;
  if (!detail::number_fits(reading, Separator::kPoint, &fraction))
    ++p.point_misfits;
  else if (fraction)
    ++p.point_fractions;
  if (!detail::number_fits(reading, Separator::kComma, &fraction))
    ++p.comma_misfits;
  else if (fraction)
    ++p.comma_fractions;
}

void observe_boolean(ColumnProfile& p, std::string_view value) {
  detail::BooleanReading reading = detail::read_boolean(value);
  if (reading.value < 0) {
    ++p.bool_misfits;
    return;
  }
  p.bool_word = p.bool_word || reading.word;
  if (reading.letter && reading.value == 1) p.bool_true_letter = true;
  if (reading.letter && reading.value == 0) p.bool_false_letter = true;
}

void observe_date(ColumnProfile& p, std::string_view value) {
  detail::DateReading reading;
  if (!detail::read_date(value, reading)) {
    ++p.date_misfits;
    return;
  }
  p.any_time = p.any_time || reading.has_time;
  if (reading.fixed) {
    if (!detail::fixed_date_valid(reading)) ++p.date_misfits;
    return;
  }
  ++p.ordered_dates;
  uint8_t orders = detail::valid_orders(reading);
  if ((orders & detail::kDmyBit) == 0) ++p.dmy_misfits;
  if ((orders & detail::kMdyBit) == 0) ++p.mdy_misfits;
  if ((orders & detail::kYmdBit) == 0) ++p.ymd_misfits;
}

// A column is boolean when every value is a boolean spelling and the spellings are not just
// digits or one letter: "F" alone may be a gender code, 0/1 alone an int column.
bool is_boolean_column(const ColumnProfile& p) {
  return p.values > 0 && p.bool_misfits == 0 &&
         (p.bool_word || (p.bool_true_letter && p.bool_false_letter));
}

bool is_date_column(const ColumnProfile& p) { return p.values > 0 && p.date_misfits == 0; }

// The order the column's orderable dates prove. kAuto with `proved` set: both dmy and mdy
// fit every value (ambiguous); `proved` false: no one order fits every value.
DateOrder auto_date_order(const ColumnProfile& p, bool& proved) {
  proved = true;
  if (p.ordered_dates == 0) return DateOrder::kYmd;  // only fixed shapes: any order will do
  bool dmy = p.dmy_misfits == 0, mdy = p.mdy_misfits == 0;
  if (dmy && !mdy) return DateOrder::kDmy;
  if (mdy && !dmy) return DateOrder::kMdy;
  proved = dmy && mdy;  // both fit: ambiguous; neither: not dates in any one order
  return DateOrder::kAuto;
}

std::string_view order_name(DateOrder order) {
  switch (order) {
    case DateOrder::kDmy: return "dmy";
    case DateOrder::kMdy: return "mdy";
    case DateOrder::kYmd: return "ymd";
    case DateOrder::kAuto: break;
  }
  return "ambiguous dmy/mdy";
}

bool ascii_iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (detail::ascii_lower(a[i]) != detail::ascii_lower(b[i])) {
      return false;
    }
  }
  return true;
}

Fit apply_number(const ColumnRule& rule, std::string_view value, std::string& scratch,
                 std::string_view& out) {
  Separator mark = rule.decimal_mark == ',' ? Separator::kComma : Separator::kPoint;
  detail::NumberReading reading;
  bool fraction = false;
  if (!detail::read_number(value, reading) || !detail::number_fits(reading, mark, &fraction)) {
    return Fit::kNotFitting;
  }
  scratch.clear();
  detail::write_number(reading, mark, scratch);
  out = scratch;
  return out == value ? Fit::kUnchanged : Fit::kChanged;
}

// The common plain forms need no parse: digits with an optional '-' and one '.'.
bool plain_number(std::string_view value) {
  if (value.starts_with('-')) value.remove_prefix(1);
  if (value.empty() || value[0] == '.') return false;
  bool point = false;
  for (char c : value) {
    if (c == '.' && !point)
      point = true;
    else if (c < '0' || c > '9')
      return false;
  }
  return value.back() != '.';
}

}  // namespace

void ColumnProfile::observe(std::string_view value, std::span<const std::string> null_tokens) {
  value = detail::strip_padding(value);
  if (is_null_like(value, null_tokens)) return;
  ++values;
  observe_number(*this, value);
  observe_boolean(*this, value);
  observe_date(*this, value);
}

bool is_null_like(std::string_view value, std::span<const std::string> tokens) {
  if (value.empty()) return true;
  for (const std::string& token : tokens) {
    if (ascii_iequals(value, token)) return true;
  }
  return false;
}

std::string describe_type(const ColumnProfile& p) {
  if (p.values == 0) return "empty";
  if (p.point_misfits == 0) return p.point_fractions > 0 ? "float" : "int";
  if (p.comma_misfits == 0) return p.comma_fractions > 0 ? "decimal-comma" : "int";
  if (is_boolean_column(p)) return "bool";
  if (!is_date_column(p)) return "text";
  bool proved = false;
  DateOrder order = auto_date_order(p, proved);
  if (!proved) return "text";
  return fmt::format("{} ({})", p.any_time ? "datetime" : "date", order_name(order));
}

ColumnRule decide_rule(const ColumnProfile& p, const TypeRules& rules, std::string_view name,
                       std::string& warning) {
  ColumnRule rule;
  if (rules.numbers && p.values > 0) {
    if (!rules.decimal_comma && p.point_misfits == 0) return {ColumnKind::kNumber, '.'};
    if (p.comma_misfits == 0) return {ColumnKind::kNumber, ','};
  }
  if (rules.booleans && is_boolean_column(p)) return {ColumnKind::kBoolean};
  if (!rules.dates || !is_date_column(p)) return rule;
  if (rules.date_order != DateOrder::kAuto) {
    uint64_t misfits = rules.date_order == DateOrder::kDmy   ? p.dmy_misfits
                       : rules.date_order == DateOrder::kMdy ? p.mdy_misfits
                                                             : p.ymd_misfits;
    if (misfits == 0) return {ColumnKind::kDate, '.', rules.date_order};
    return rule;
  }
  bool proved = false;
  DateOrder order = auto_date_order(p, proved);
  if (proved && order != DateOrder::kAuto) return {ColumnKind::kDate, '.', order};
  if (proved) {
    warning = fmt::format(
        "column '{}': every date reads as day/month and as month/day; left as "
        "it is (use --date-order dmy or mdy)",
        name);
  }
  return rule;
}

Fit apply_rule(const ColumnRule& rule, std::string_view value,
               std::span<const std::string> null_tokens, std::string& scratch,
               std::string_view& out) {
  out = value;
  if (rule.kind == ColumnKind::kText || value.empty()) return Fit::kUnchanged;
  if (rule.kind == ColumnKind::kNumber && rule.decimal_mark == '.' && plain_number(value)) {
    return Fit::kUnchanged;
  }
  Fit fit = Fit::kNotFitting;
  if (rule.kind == ColumnKind::kNumber) {
    fit = apply_number(rule, value, scratch, out);
  } else if (rule.kind == ColumnKind::kBoolean) {
    int truth = detail::read_boolean(detail::strip_padding(value)).value;
    if (truth >= 0) {
      out = truth == 1 ? "true" : "false";
      fit = out == value ? Fit::kUnchanged : Fit::kChanged;
    }
  } else if (detail::already_iso(value)) {
    return Fit::kUnchanged;
  } else {
    detail::DateReading reading;
    scratch.clear();
    if (detail::read_date(value, reading) &&
        detail::write_iso_date(reading, rule.date_order, scratch)) {
      out = scratch;
      fit = out == value ? Fit::kUnchanged : Fit::kChanged;
    }
  }
  if (fit == Fit::kNotFitting && is_null_like(detail::strip_padding(value), null_tokens)) {
    out = value;
    return Fit::kUnchanged;
  }
  if (fit == Fit::kNotFitting) out = value;
  return fit;
}

}  // namespace gofer::csv
