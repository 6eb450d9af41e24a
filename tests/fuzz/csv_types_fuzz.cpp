// Fuzz target for the typed cleaning rules: every line of the input is read as a number, a
// boolean and a date under each rule. Never a crash, and a rewritten value is a fixed point
// of its canonical rule (decimal point, the same date order).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "gofer/csv/clean.hpp"
#include "gofer/csv/column_types.hpp"

namespace {

using gofer::csv::ColumnKind;
using gofer::csv::ColumnRule;
using gofer::csv::DateOrder;
using gofer::csv::Fit;

const std::vector<std::string> kNulls = gofer::csv::default_null_tokens();

void check_rule(const ColumnRule& rule, std::string_view value) {
  std::string scratch, again_scratch;
  std::string_view out, again;
  Fit fit = gofer::csv::apply_rule(rule, value, kNulls, scratch, out);
  if (fit != Fit::kChanged) {
    if (out != value) std::abort();  // unchanged and misfit values are left as they are
    return;
  }
  ColumnRule canonical = rule;
  canonical.decimal_mark = '.';
  std::string written(out);
  if (gofer::csv::apply_rule(canonical, written, kNulls, again_scratch, again) != Fit::kUnchanged) {
    std::abort();
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  const ColumnRule rules[] = {{ColumnKind::kNumber, '.'},
                              {ColumnKind::kNumber, ','},
                              {ColumnKind::kBoolean},
                              {ColumnKind::kDate, '.', DateOrder::kDmy},
                              {ColumnKind::kDate, '.', DateOrder::kMdy},
                              {ColumnKind::kDate, '.', DateOrder::kYmd}};
  gofer::csv::ColumnProfile profile;
  while (!text.empty()) {
    size_t end = text.find('\n');
    std::string_view line = text.substr(0, end);
    text = end == std::string_view::npos ? std::string_view() : text.substr(end + 1);
    profile.observe(line, kNulls);
    for (const ColumnRule& rule : rules) check_rule(rule, line);
  }
  (void)gofer::csv::describe_type(profile);
  std::string warning;
  (void)gofer::csv::decide_rule(profile, {.dates = true, .numbers = true, .booleans = true}, "c",
                                warning);
  return 0;
}
