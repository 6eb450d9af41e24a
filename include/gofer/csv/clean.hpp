// Opt-in cleaning rules applied per value and per header while normalizing.
#pragma once

#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "gofer/csv/column_types.hpp"
#include "gofer/error.hpp"

namespace gofer::csv {

enum class HeaderStyle { kKeep, kSnake, kSafe };

// The --nulls tokens, with an index that rejects most values in two bit tests (by length
// and first byte) before any comparison: the check runs once per value.
class NullTokens {
 public:
  // Implicit on purpose: `options.nulls = default_null_tokens();` reads as what it is.
  NullTokens(std::vector<std::string> tokens);
  [[nodiscard]] bool contains(std::string_view value) const;
  // The two bit tests alone: false means "not a token" (inline: it runs once per value).
  [[nodiscard]] bool may_contain(std::string_view value) const {
    if ((lengths_ >> std::min<size_t>(value.size(), 63) & 1) == 0) return false;
    if (value.empty()) return true;
    auto first = static_cast<unsigned char>(value[0]);
    return (first_bytes_[first / 64] >> (first % 64) & 1) != 0;
  }
  [[nodiscard]] const std::vector<std::string>& tokens() const { return tokens_; }

 private:
  // A token of 1-8 bytes as its size and one word (see clean.cpp): the usual tokens ("NA",
  // "NULL", "-") are then matched by integer compares instead of string compares.
  struct ShortKey {
    size_t size;
    uint64_t word;
  };
  std::vector<std::string> tokens_;
  std::vector<ShortKey> short_keys_;
  uint64_t lengths_ = 0;          // bit n: a token of n bytes (bit 63: 63 or more)
  uint64_t first_bytes_[4] = {};  // bit b: a token starting with byte b
};

struct CleanOptions {
  bool trim = false;
  bool squeeze = false;
  HeaderStyle headers = HeaderStyle::kKeep;
  std::optional<NullTokens> nulls;  // set: these tokens become empty
  std::vector<std::string> select;  // keep only these columns, in this order
  std::vector<std::string> drop;
  std::vector<std::pair<std::string, std::string>> rename;  // old -> new
  bool dedupe = false;
  TypeRules types;  // --dates, --numbers, --booleans, --infer-rows
};

// The default --nulls tokens (issue 5).
[[nodiscard]] std::vector<std::string> default_null_tokens();

// How many values each rule changed, for the summary.
struct CleanCounts {
  uint64_t trimmed = 0;
  uint64_t squeezed = 0;
  uint64_t nulled = 0;
  uint64_t headers_renamed = 0;
  uint64_t duplicates_dropped = 0;
  uint64_t dates = 0, numbers = 0, booleans = 0;  // values the typed rules rewrote
  // Values of a typed column that did not parse (after the inferred rows): left as they are.
  uint64_t dates_not_fitting = 0, numbers_not_fitting = 0, booleans_not_fitting = 0;

  // Per-worker counts are summed into one report.
  CleanCounts& operator+=(const CleanCounts& other);
};

// Strips leading/trailing white space: ASCII, NBSP and every Unicode space separator (Zs).
[[nodiscard]] std::string_view trim_value(std::string_view value);
// Collapses inner runs of white space into one ASCII space.
[[nodiscard]] std::string squeeze_value(std::string_view value);
// The same into `out` (cleared first), for the per-value path.
void squeeze_value_into(std::string_view value, std::string& out);

// True when clean_value() would return `value` as it is, decided inline for the usual value
// (ASCII non-space at both ends, no null token of its length and first byte); false means
// "maybe not": call clean_value().
[[nodiscard]] inline bool clean_leaves_alone(std::string_view value, const CleanOptions& options) {
  if (options.squeeze) return false;
  if (value.empty()) return true;
  auto space_or_wide = [](char c) {
    auto byte = static_cast<unsigned char>(c);
    return byte >= 0x80 || byte == ' ' || (byte >= '\t' && byte <= '\r');
  };
  if (options.trim && (space_or_wide(value.front()) || space_or_wide(value.back()))) return false;
  return !options.nulls || !options.nulls->may_contain(value);
}

// Applies trim/squeeze/nulls to one value; the result views `value` or `scratch`.
[[nodiscard]] std::string_view clean_value(std::string_view value, const CleanOptions& options,
                                           std::string& scratch, CleanCounts& counts);

// `  Amount ($) ` -> `amount`: ASCII snake_case through utf8proc's folding.
[[nodiscard]] std::string snake_header(std::string_view name);
// A valid SQL/pandas identifier: letters, digits and '_', not starting with a digit.
[[nodiscard]] std::string safe_header(std::string_view name);
// Styles every name, names empty ones column_N and makes duplicates unique (name, name_2).
[[nodiscard]] std::vector<std::string> clean_headers(const std::vector<std::string>& names,
                                                     HeaderStyle style);

// Which input columns to write, in order, after --select/--drop; errors name unknown columns.
[[nodiscard]] Result<std::vector<size_t>> select_columns(const std::vector<std::string>& header,
                                                         const CleanOptions& options);

}  // namespace gofer::csv
