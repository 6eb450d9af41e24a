// Row cleaning and the inference window (see row_cleaner.hpp).
#include "row_cleaner.hpp"

#include <algorithm>

namespace gofer::csv {

std::vector<std::string> typing_null_tokens(const CleanOptions& options) {
  return options.nulls ? options.nulls->tokens() : default_null_tokens();
}

RowCleaner::RowCleaner(const CleanOptions& options, std::vector<size_t> columns,
                       std::vector<ColumnRule> rules, size_t width, bool keep_ragged)
    : options_(options),
      columns_(std::move(columns)),
      rules_(std::move(rules)),
      width_(width),
      keep_ragged_(keep_ragged),
      cleaning_(options.trim || options.squeeze || options.nulls.has_value()),
      typing_(std::any_of(rules_.begin(), rules_.end(),
                          [](const ColumnRule& r) { return r.kind != ColumnKind::kText; })),
      null_tokens_(typing_null_tokens(options)) {
  if (rules_.size() < width_) rules_.resize(width_);  // text: one rule per column, no bounds checks
}

std::string_view RowCleaner::typed(size_t column, std::string_view value, std::string& scratch,
                                   CleanCounts& counts) const {
  const ColumnRule& rule = rules_[column];
  std::string_view out;
  Fit fit = apply_rule(rule, value, null_tokens_, scratch, out);
  if (fit == Fit::kUnchanged) return out;
  bool changed = fit == Fit::kChanged;
  switch (rule.kind) {
    case ColumnKind::kNumber: ++(changed ? counts.numbers : counts.numbers_not_fitting); break;
    case ColumnKind::kBoolean: ++(changed ? counts.booleans : counts.booleans_not_fitting); break;
    case ColumnKind::kDate: ++(changed ? counts.dates : counts.dates_not_fitting); break;
    case ColumnKind::kText: break;
  }
  return out;
}

namespace {

bool bit(uint64_t mask, size_t i) { return i < 64 && (mask >> i & 1) != 0; }

}  // namespace

std::span<const std::string_view> RowCleaner::clean(std::span<const std::string_view> row,
                                                    Workspace& ws, CleanCounts& counts,
                                                    uint64_t plain) const {
  if (ws.scratch.size() < row.size()) ws.scratch.resize(row.size());
  if (ws.typed.size() < row.size()) ws.typed.resize(row.size());
  ws.fields.clear();
  ws.plain = 0;
  for (size_t column : columns_) {
    if (keep_ragged_ && column >= row.size()) continue;  // a short row stays short
    std::string_view value = column < row.size() ? row[column] : std::string_view();
    // Whether the value is still (a trimmed part of) the input field: then it is as plain.
    bool in_input = column >= row.size() || bit(plain, column);
    // Most values are left alone: two inline tests instead of a call per value.
    if (cleaning_ && !clean_leaves_alone(value, options_)) {
      value = clean_value(value, options_, ws.scratch[column], counts);
      in_input = in_input && (value.empty() || value.data() != ws.scratch[column].data());
    }
    if (typing_ && column < row.size() && rules_[column].kind != ColumnKind::kText) {
      std::string_view before = value;
      value = typed(column, value, ws.typed[column], counts);
      in_input = in_input && value.data() == before.data() && value.size() == before.size();
    }
    if (in_input && ws.fields.size() < 64) ws.plain |= uint64_t{1} << ws.fields.size();
    ws.fields.push_back(value);
  }
  // --ragged keep: extra fields beyond the header are written as they are.
  for (size_t i = width_; keep_ragged_ && i < row.size(); ++i) ws.fields.push_back(row[i]);
  return ws.fields;
}

InferenceWindow::InferenceWindow(size_t width, size_t max_rows,
                                 std::vector<std::string> null_tokens)
    : max_rows_(max_rows), null_tokens_(std::move(null_tokens)), profiles_(width) {}

void InferenceWindow::add(std::span<const std::string_view> row) {
  for (size_t i = 0; i < row.size(); ++i) {
    if (i < profiles_.size()) profiles_[i].observe(row[i], null_tokens_);
    bytes_.append(row[i]);
    field_ends_.push_back(static_cast<uint32_t>(bytes_.size()));
  }
  row_ends_.push_back(field_ends_.size());
}

bool InferenceWindow::full() const {
  size_t held = bytes_.size() + field_ends_.size() * sizeof(uint32_t);
  return row_ends_.size() >= max_rows_ || held >= kMaxInferenceBytes;
}

std::vector<ColumnRule> InferenceWindow::decide(const TypeRules& rules,
                                                const std::vector<std::string>& names,
                                                std::vector<std::string>& warnings) const {
  std::vector<ColumnRule> decided;
  for (size_t i = 0; i < profiles_.size(); ++i) {
    std::string warning;
    std::string_view name = i < names.size() ? std::string_view(names[i]) : std::string_view();
    decided.push_back(decide_rule(profiles_[i], rules, name, warning));
    if (!warning.empty()) warnings.push_back(std::move(warning));
  }
  return decided;
}

void InferenceWindow::release() {
  std::string().swap(bytes_);
  std::vector<uint32_t>().swap(field_ends_);
  std::vector<size_t>().swap(row_ends_);
}

}  // namespace gofer::csv
