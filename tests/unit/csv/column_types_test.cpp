// Typed cleaning rules: number shapes, booleans, dates and the per-column decisions.
#include "gofer/csv/column_types.hpp"

#include <gtest/gtest.h>

#include "gofer/csv/clean.hpp"

namespace gofer::csv {
namespace {

const std::vector<std::string> kNulls = default_null_tokens();

ColumnProfile profile_of(const std::vector<std::string_view>& values) {
  ColumnProfile profile;
  for (std::string_view value : values) profile.observe(value, kNulls);
  return profile;
}

ColumnRule rule_for(const std::vector<std::string_view>& values, TypeRules rules,
                    std::string* warning = nullptr) {
  std::string text;
  ColumnRule rule = decide_rule(profile_of(values), rules, "col", text);
  if (warning) *warning = text;
  return rule;
}

// The value after the rule, or "<misfit>" when it does not fit.
std::string apply(const ColumnRule& rule, std::string_view value) {
  std::string scratch;
  std::string_view out;
  Fit fit = apply_rule(rule, value, kNulls, scratch, out);
  if (fit == Fit::kNotFitting) return "<misfit>";
  EXPECT_EQ(fit == Fit::kChanged, out != value) << value;
  return std::string(out);
}

// Each value and what the rule makes of it ("<misfit>": left as it is, counted).
void expect_rewrites(const ColumnRule& rule,
                     std::initializer_list<std::pair<std::string_view, std::string_view>> cases) {
  for (const auto& [value, expected] : cases) EXPECT_EQ(apply(rule, value), expected) << value;
}

constexpr TypeRules kNumbers{.numbers = true};
constexpr TypeRules kBooleans{.booleans = true};
constexpr TypeRules kDates{.dates = true};

TEST(CsvNumbers, CurrencySignsAndThousandsWithPoint) {
  ColumnRule rule =
      rule_for({"$1,234.50", "1,234,567.89", "12.5", "(1,000.00)", "USD 7"}, kNumbers);
  ASSERT_EQ(rule.kind, ColumnKind::kNumber);
  EXPECT_EQ(rule.decimal_mark, '.');
  expect_rewrites(rule, {
                            {"$1,234.50", "1234.50"},
                            {"1,234,567.89", "1234567.89"},
                            {"(1,000.00)", "-1000.00"},  // accounting negative
                            {"-$5", "-5"},
                            {"USD 7", "7"},
                            {"\xC2\xA3"
                             "3.10",
                             "3.10"},  // £
                            {"12.5", "12.5"},
                            {"1.5e-3", "1.5e-3"},
                            {"12,34", "<misfit>"},  // not a group of three
                            {"N/A", "N/A"},         // null-like: neither changed nor a misfit
                        });
}

TEST(CsvNumbers, DecimalCommaWithPointSpaceNbspAndApostropheGroups) {
  ColumnRule rule = rule_for({"1.234,56", "99,00", "0,5", "1 234,5"}, kNumbers);
  ASSERT_EQ(rule.kind, ColumnKind::kNumber);
  EXPECT_EQ(rule.decimal_mark, ',');
  expect_rewrites(rule, {
                            {"1.234,56", "1234.56"},
                            {"1.234.567", "1234567"},
                            {"1 234,5", "1234.5"},
                            {"1\xC2\xA0"
                             "234,5",
                             "1234.5"},  // NBSP
                            {"1\xE2\x80\xAF"
                             "234,5",
                             "1234.5"},                       // narrow NBSP
                            {"1'234,5", "1234.5"},            // Swiss apostrophe
                            {"12,50 \xE2\x82\xAC", "12.50"},  // 12,50 €
                            {"-0,5", "-0.5"},
                            {"1,2,3", "<misfit>"},
                        });
}

TEST(CsvNumbers, ColumnDecidesTheMarkAndDecimalCommaForces) {
  // "1,234" alone reads either way; with "12,5" beside it the column uses decimal commas.
  EXPECT_EQ(rule_for({"1,234", "12,5"}, kNumbers).decimal_mark, ',');
  EXPECT_EQ(apply(rule_for({"1,234", "12,5"}, kNumbers), "1,234"), "1.234");
  EXPECT_EQ(rule_for({"1,234", "5,678"}, kNumbers).decimal_mark, '.');
  TypeRules forced = kNumbers;
  forced.decimal_comma = true;
  ColumnRule rule = rule_for({"1,234", "5,678"}, forced);
  EXPECT_EQ(rule.decimal_mark, ',');
  EXPECT_EQ(apply(rule, "1,234"), "1.234");
  EXPECT_EQ(rule_for({"1,234.5"}, forced).kind, ColumnKind::kText);  // does not fit ','
  EXPECT_EQ(rule_for({"12.3%", "4"}, kNumbers).kind, ColumnKind::kText);
  EXPECT_EQ(rule_for({"1", "x"}, kNumbers).kind, ColumnKind::kText);
  EXPECT_EQ(rule_for({"", "NA"}, kNumbers).kind, ColumnKind::kText);  // nothing to decide from
}

TEST(CsvBooleans, SpellingsBecomeTrueFalse) {
  ColumnRule rule =
      rule_for({"yes", "No", "TRUE", "false", "Y", "n", "1", "0", "on", "OFF"}, kBooleans);
  ASSERT_EQ(rule.kind, ColumnKind::kBoolean);
  expect_rewrites(rule, {
                            {"yes", "true"},
                            {"FALSE", "false"},
                            {"Y", "true"},
                            {"0", "false"},
                            {"true", "true"},
                            {"maybe", "<misfit>"},
                        });
  EXPECT_EQ(rule_for({"Y", "N"}, kBooleans).kind, ColumnKind::kBoolean);
}

TEST(CsvBooleans, OnlyWholeBooleanColumns) {
  EXPECT_EQ(rule_for({"yes", "no", "maybe"}, kBooleans).kind, ColumnKind::kText);
  EXPECT_EQ(rule_for({"1", "0", "1"}, kBooleans).kind, ColumnKind::kText);  // an int column
  EXPECT_EQ(rule_for({"F", "F"}, kBooleans).kind, ColumnKind::kText);       // a code, maybe
  EXPECT_EQ(rule_for({"F", "M"}, kBooleans).kind, ColumnKind::kText);
  EXPECT_EQ(rule_for({"yes", "no"}, kNumbers).kind, ColumnKind::kText);  // rule not asked
}

// The auto rule for a date column, which must come out as `order`.
ColumnRule date_rule(const std::vector<std::string_view>& values, DateOrder order) {
  ColumnRule rule = rule_for(values, kDates);
  EXPECT_EQ(rule.kind, ColumnKind::kDate);
  EXPECT_EQ(rule.date_order, order);
  return rule;
}

TEST(CsvDates, DmyProvedByADayAboveTwelve) {
  ColumnRule rule = date_rule({"03/04/2024", "13/01/2024"}, DateOrder::kDmy);
  expect_rewrites(rule, {
                            {"03/04/2024", "2024-04-03"},
                            {"13.01.2024", "2024-01-13"},
                            {"13-01-2024", "2024-01-13"},
                            {"13 01 2024", "2024-01-13"},
                            {"1/2/24", "2024-02-01"},
                            {"31/02/2024", "<misfit>"},
                        });
}

TEST(CsvDates, MdyProved) {
  ColumnRule rule = date_rule({"1/13/2024", "2/3/2024"}, DateOrder::kMdy);
  expect_rewrites(rule, {
                            {"2/3/2024", "2024-02-03"},
                            {"12/31/99", "1999-12-31"},
                        });
}

TEST(CsvDates, AmbiguousColumnIsLeftAloneWithAWarning) {
  std::string warning;
  ColumnRule rule = rule_for({"01/02/2024", "03/04/2024", "2024-05-06"}, kDates, &warning);
  EXPECT_EQ(rule.kind, ColumnKind::kText);
  EXPECT_NE(warning.find("column 'col'"), std::string::npos) << warning;
  EXPECT_NE(warning.find("--date-order"), std::string::npos) << warning;
  TypeRules forced = kDates;
  forced.date_order = DateOrder::kMdy;
  rule = rule_for({"01/02/2024", "03/04/2024"}, forced);
  EXPECT_EQ(apply(rule, "01/02/2024"), "2024-01-02");
  forced.date_order = DateOrder::kDmy;
  EXPECT_EQ(rule_for({"1/13/2024"}, forced).kind, ColumnKind::kText);  // does not fit dmy
}

TEST(CsvDates, YmdFourDigitYearFirstAndForcedTwoDigit) {
  ColumnRule rule = rule_for({"2024-01-13", "2024/2/3", "2024.12.31"}, kDates);
  ASSERT_EQ(rule.kind, ColumnKind::kDate);
  expect_rewrites(rule, {
                            {"2024/2/3", "2024-02-03"},
                            {"2024-01-13", "2024-01-13"},
                            {"2024-01-13T23:59:60Z", "2024-01-13T23:59:60Z"},  // a leap second
                            {"2024-02-30", "<misfit>"},
                            {"2024-01-13T24:00:00", "<misfit>"},
                        });
  TypeRules forced = kDates;
  forced.date_order = DateOrder::kYmd;
  rule = rule_for({"24-01-13", "99/12/31"}, forced);
  ASSERT_EQ(rule.kind, ColumnKind::kDate);
  expect_rewrites(rule, {
                            {"24-01-13", "2024-01-13"},
                            {"99/12/31", "1999-12-31"},  // pivot: 69-99 -> 19xx
                            {"68/12/31", "2068-12-31"},  //        00-68 -> 20xx
                        });
}

TEST(CsvDates, MonthNamesDatetimesAndZones) {
  ColumnRule rule = rule_for({"13/01/2024"}, kDates);
  expect_rewrites(rule, {
                            {"13 Jan 2024", "2024-01-13"},
                            {"13-Sept-2024", "2024-09-13"},
                            {"January 13, 2024", "2024-01-13"},
                            {"Sat, 13 Jan 2024 10:00:00 +0000", "2024-01-13T10:00:00+00:00"},
                            {"13/01/2024 14:05", "2024-01-13T14:05"},
                            {"2024-01-13T14:05:09Z", "2024-01-13T14:05:09Z"},
                            {"2024-01-13 14:05:09.250", "2024-01-13T14:05:09.250"},
                            {"1/2/2024 2:05 PM", "2024-02-01T14:05"},
                            {"13.01.2024 12:00 am UTC", "2024-01-13T00:00Z"},
                            {"2024-01-13T09:15-0530", "2024-01-13T09:15-05:30"},
                            {"29/02/2023", "<misfit>"},  // not a leap year
                            {"13/01/2024 25:00", "<misfit>"},
                            {"Smarch 13, 2024", "<misfit>"},
                        });
}

TEST(CsvDates, NotDatesStayText) {
  EXPECT_EQ(rule_for({"1.5", "2.5"}, kDates).kind, ColumnKind::kText);
  EXPECT_EQ(rule_for({"20240113"}, kDates).kind, ColumnKind::kText);
  EXPECT_EQ(rule_for({"13/01/2024", "tomorrow"}, kDates).kind, ColumnKind::kText);
  EXPECT_EQ(rule_for({"1 000 000"}, kDates).kind, ColumnKind::kText);
}

TEST(CsvColumnTypes, SniffDescriptions) {
  EXPECT_EQ(describe_type(profile_of({"1", "-2", "NA"})), "int");
  EXPECT_EQ(describe_type(profile_of({"1.5", "$2"})), "float");
  EXPECT_EQ(describe_type(profile_of({"1,5", "2"})), "decimal-comma");
  EXPECT_EQ(describe_type(profile_of({"yes", "no"})), "bool");
  EXPECT_EQ(describe_type(profile_of({"13/01/2024"})), "date (dmy)");
  EXPECT_EQ(describe_type(profile_of({"1/13/2024 10:00"})), "datetime (mdy)");
  EXPECT_EQ(describe_type(profile_of({"2024-01-13"})), "date (ymd)");
  EXPECT_EQ(describe_type(profile_of({"01/02/2024"})), "date (ambiguous dmy/mdy)");
  EXPECT_EQ(describe_type(profile_of({"hello"})), "text");
  EXPECT_EQ(describe_type(profile_of({"", "null"})), "empty");
}

TEST(CsvColumnTypes, CountsSum) {
  CleanCounts a, b;
  a.dates = 1;
  a.numbers_not_fitting = 2;
  b.dates = 3;
  b.booleans = 4;
  a += b;
  EXPECT_EQ(a.dates, 4U);
  EXPECT_EQ(a.booleans, 4U);
  EXPECT_EQ(a.numbers_not_fitting, 2U);
}

}  // namespace
}  // namespace gofer::csv
