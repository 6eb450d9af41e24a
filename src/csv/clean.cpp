// Per-value cleaning: white space (utf8proc decides what a space is) and null tokens.
#include "gofer/csv/clean.hpp"

#include <utf8proc.h>

#include <algorithm>
#include <cstring>

namespace gofer::csv {
namespace {

bool ascii_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

// Length of the space character at the front of `text` (0 if none).
size_t space_at_front(std::string_view text) {
  if (text.empty()) return 0;
  if (ascii_space(text[0])) return 1;
  if (static_cast<unsigned char>(text[0]) < 0x80) return 0;
  utf8proc_int32_t cp = 0;
  auto n = utf8proc_iterate(reinterpret_cast<const utf8proc_uint8_t*>(text.data()),
                            static_cast<utf8proc_ssize_t>(text.size()), &cp);
  if (n <= 0 || utf8proc_category(cp) != UTF8PROC_CATEGORY_ZS) return 0;
  return static_cast<size_t>(n);
}

// Length of the space character at the back of `text` (0 if none).
size_t space_at_back(std::string_view text) {
  if (text.empty()) return 0;
  if (ascii_space(text.back())) return 1;
  size_t start = text.size();
  for (size_t k = 0; k < 4 && start > 0; ++k) {
    --start;
    if ((static_cast<unsigned char>(text[start]) & 0xC0) != 0x80) break;
  }
  size_t n = space_at_front(text.substr(start));
  return start + n == text.size() ? n : 0;
}

// The usual case, decided without utf8proc: ASCII non-space bytes at both ends.
inline bool nothing_to_trim(std::string_view value) {
  if (value.empty()) return true;
  auto first = static_cast<unsigned char>(value.front()),
       last = static_cast<unsigned char>(value.back());
  return first < 0x80 && last < 0x80 && !ascii_space(value.front()) && !ascii_space(value.back());
}

constexpr size_t kShortToken = 8;

uint64_t load_bytes(const char* p, size_t n) {
  uint64_t word = 0;
  std::memcpy(&word, p, n);
  return word;
}

// 1-8 bytes as one word that, with the size, tells them apart exactly: the first and the
// last four bytes (they overlap below 8), or for 1-3 bytes the first, middle and last one.
uint64_t short_key(std::string_view text) {
  const char* p = text.data();
  size_t n = text.size();
  if (n >= 4) return load_bytes(p, 4) | load_bytes(p + n - 4, 4) << 32;
  auto byte = [&](size_t i) { return uint64_t{static_cast<unsigned char>(p[i])}; };
  return byte(0) | byte(n / 2) << 8 | byte(n - 1) << 16;
}

}  // namespace

CleanCounts& CleanCounts::operator+=(const CleanCounts& other) {
  trimmed += other.trimmed;
  squeezed += other.squeezed;
  nulled += other.nulled;
  headers_renamed += other.headers_renamed;
  duplicates_dropped += other.duplicates_dropped;
  dates += other.dates;
  numbers += other.numbers;
  booleans += other.booleans;
  dates_not_fitting += other.dates_not_fitting;
  numbers_not_fitting += other.numbers_not_fitting;
  booleans_not_fitting += other.booleans_not_fitting;
  return *this;
}

NullTokens::NullTokens(std::vector<std::string> tokens) : tokens_(std::move(tokens)) {
  for (const std::string& token : tokens_) {
    lengths_ |= uint64_t{1} << std::min<size_t>(token.size(), 63);
    if (!token.empty() && token.size() <= kShortToken) {
      short_keys_.push_back({token.size(), short_key(token)});
    }
    if (token.empty()) continue;
    auto first = static_cast<unsigned char>(token[0]);
    first_bytes_[first / 64] |= uint64_t{1} << (first % 64);
  }
}

bool NullTokens::contains(std::string_view value) const {
  if (!may_contain(value)) return false;
  if (!value.empty() && value.size() <= kShortToken) {
    uint64_t key = short_key(value);
    for (const ShortKey& token : short_keys_) {
      if (token.size == value.size() && token.word == key) return true;
    }
    return false;  // a value this short equals no longer token
  }
  return std::find(tokens_.begin(), tokens_.end(), value) != tokens_.end();
}

std::vector<std::string> default_null_tokens() {
  return {"NA", "N/A", "NULL", "null", "None", "-", "nan"};
}

std::string_view trim_value(std::string_view value) {
  if (nothing_to_trim(value)) return value;
  while (size_t n = space_at_front(value)) value.remove_prefix(n);
  while (size_t n = space_at_back(value)) value.remove_suffix(n);
  return value;
}

void squeeze_value_into(std::string_view value, std::string& out) {
  out.clear();
  bool in_space = false;
  while (!value.empty()) {
    if (size_t n = space_at_front(value)) {
      if (!in_space) out += ' ';
      in_space = true;
      value.remove_prefix(n);
      continue;
    }
    in_space = false;
    out += value.front();
    value.remove_prefix(1);
  }
}

std::string squeeze_value(std::string_view value) {
  std::string out;
  squeeze_value_into(value, out);
  return out;
}

std::string_view clean_value(std::string_view value, const CleanOptions& options,
                             std::string& scratch, CleanCounts& counts) {
  if (options.trim && !nothing_to_trim(value)) {
    std::string_view trimmed = trim_value(value);
    if (trimmed.size() != value.size()) ++counts.trimmed;
    value = trimmed;
  }
  if (options.squeeze) {
    squeeze_value_into(value, scratch);  // reuses scratch's capacity: no allocation per value
    if (scratch != value) {
      ++counts.squeezed;
      value = scratch;
    }
  }
  if (options.nulls && !value.empty()) {
    if (options.nulls->contains(value)) {
      ++counts.nulled;
      return {};
    }
  }
  return value;
}

}  // namespace gofer::csv
