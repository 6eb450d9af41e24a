// Find/replace on names with RE2: replacement parsing ($1, ${name}, $$) and substitution.
#include "find_replace.hpp"

#include <algorithm>
#include <cstddef>
#include <utility>
#include <vector>

#include <fmt/format.h>
#include <re2/re2.h>
#include <utf8proc.h>

namespace gofer::rename::detail {
namespace {

// More digits than any pattern can have groups; also keeps the int parse from overflowing.
constexpr size_t kMaxGroupDigits = 4;

[[nodiscard]] std::unexpected<Error> bad_replacement(std::string_view replacement,
                                                     std::string_view reason) {
  return fail(ErrorCategory::kInvalidArgument,
              fmt::format("invalid replacement '{}': {}", replacement, reason));
}

// Resolves the reference inside `${...}` or after `$` to a group number of `regex`.
[[nodiscard]] Result<int> resolve_group(std::string_view reference, std::string_view replacement,
                                        const re2::RE2& regex) {
  int groups = regex.NumberOfCapturingGroups();
  if (reference.find_first_not_of("0123456789") == std::string_view::npos) {
    if (reference.size() > kMaxGroupDigits) {
      return bad_replacement(replacement, fmt::format("no group {}", reference));
    }
    int group = 0;
    for (char c : reference) group = group * 10 + (c - '0');
    if (group > groups) {
      return bad_replacement(replacement,
                             fmt::format("no group {}: pattern '{}' has {} group{}", group,
                                         regex.pattern(), groups, groups == 1 ? "" : "s"));
    }
    return group;
  }
  const auto& named = regex.NamedCapturingGroups();
  auto found = named.find(std::string(reference));
  if (found == named.end()) {
    return bad_replacement(replacement, fmt::format("no group named '{}' in pattern '{}'",
                                                    reference, regex.pattern()));
  }
  return found->second;
}

// Splits `replacement` into literal pieces and group references. `$` must start `$N`,
// `${N}`, `${name}` or `$$`; anything else is an error rather than a silent literal `$`.
[[nodiscard]] Result<std::vector<ReplacementPiece>> parse_replacement(std::string_view replacement,
                                                                      const re2::RE2& regex) {
  std::vector<ReplacementPiece> pieces;
  auto literal = [&pieces](std::string_view text) {
    if (text.empty()) return;
    if (pieces.empty() || pieces.back().group >= 0) pieces.emplace_back();
    pieces.back().literal += text;
  };
  size_t pos = 0;
  while (pos < replacement.size()) {
    size_t dollar = replacement.find('$', pos);
    literal(replacement.substr(pos, dollar - pos));
    if (dollar == std::string_view::npos) break;
    char next = dollar + 1 < replacement.size() ? replacement[dollar + 1] : '\0';
    std::string_view reference;
    if (next == '$') {
      literal("$");
      pos = dollar + 2;
      continue;
    } else if (next >= '0' && next <= '9') {
      size_t end = replacement.find_first_not_of("0123456789", dollar + 1);
      reference = replacement.substr(dollar + 1, end - dollar - 1);
      pos = end == std::string_view::npos ? replacement.size() : end;
    } else if (size_t close = replacement.find('}', dollar);
               next == '{' && close != std::string_view::npos && close > dollar + 2) {
      reference = replacement.substr(dollar + 2, close - dollar - 2);
      pos = close + 1;
    } else {
      return bad_replacement(replacement, "'$' must start $1, ${name} or $$ (a literal '$')");
    }
    GOFER_TRY_ASSIGN(int group, resolve_group(reference, replacement, regex));
    pieces.push_back({.group = group});
  }
  return pieces;
}

// Bytes of the character at `pos`, so that skipping past an empty match never splits a
// UTF-8 sequence (which would let the replacement land inside a character).
size_t character_length(std::string_view text, size_t pos) {
  utf8proc_int32_t codepoint = 0;
  utf8proc_ssize_t length =
      utf8proc_iterate(reinterpret_cast<const utf8proc_uint8_t*>(text.data() + pos),
                       static_cast<utf8proc_ssize_t>(text.size() - pos), &codepoint);
  return length > 0 ? static_cast<size_t>(length) : 1;
}

// A case-sensitive pattern without regex syntax matches only itself: `-e ' '` needs no RE2.
bool is_plain_text(const FindReplaceRule& rule) {
  if (rule.ignore_case) return false;
  return rule.literal || rule.pattern.find_first_of("\\.^$|?*+()[]{}") == std::string::npos;
}

}  // namespace

FindReplace::FindReplace(FindReplace&&) noexcept = default;
FindReplace& FindReplace::operator=(FindReplace&&) noexcept = default;
FindReplace::~FindReplace() = default;

Result<FindReplace> FindReplace::compile(const FindReplaceRule& rule) {
  if (rule.pattern.empty()) return fail(ErrorCategory::kInvalidArgument, "empty pattern");
  re2::RE2::Options options;
  options.set_log_errors(false);
  options.set_case_sensitive(!rule.ignore_case);
  options.set_literal(rule.literal);  // same effect as RE2::QuoteMeta, without the escaping
  FindReplace compiled;
  compiled.regex_ = std::make_unique<re2::RE2>(rule.pattern, options);
  if (!compiled.regex_->ok()) {
    return fail(ErrorCategory::kInvalidArgument,
                fmt::format("invalid pattern '{}': {}", rule.pattern, compiled.regex_->error()));
  }
  if (rule.literal) {
    if (!rule.replacement.empty()) compiled.replacement_.push_back({.literal = rule.replacement});
  } else {
    GOFER_TRY_ASSIGN(compiled.replacement_, parse_replacement(rule.replacement, *compiled.regex_));
  }
  for (const ReplacementPiece& piece : compiled.replacement_) {
    compiled.submatches_ = std::max(compiled.submatches_, piece.group + 1);
  }
  compiled.first_only_ = rule.first_only;
  bool literal_replacement = std::all_of(compiled.replacement_.begin(), compiled.replacement_.end(),
                                         [](const ReplacementPiece& piece) { return piece.group <= 0; });
  if (is_plain_text(rule) && literal_replacement) {
    compiled.literal_find_ = rule.pattern;
    for (const ReplacementPiece& piece : compiled.replacement_) {
      compiled.literal_replace_ += piece.group == 0 ? rule.pattern : piece.literal;
    }
  }
  return compiled;
}

std::string FindReplace::apply_literal(std::string_view text) const {
  size_t found = text.find(literal_find_);
  if (found == std::string_view::npos) return std::string(text);
  std::string out;
  out.reserve(text.size() + literal_replace_.size());
  size_t copied = 0;
  while (found != std::string_view::npos) {
    out.append(text.substr(copied, found - copied));
    out += literal_replace_;
    copied = found + literal_find_.size();
    if (first_only_) break;
    found = text.find(literal_find_, copied);
  }
  out.append(text.substr(copied));
  return out;
}

std::string FindReplace::apply(std::string_view text) const {
  if (!literal_find_.empty()) return apply_literal(text);
  std::vector<re2::StringPiece> groups(static_cast<size_t>(submatches_));
  std::string out;
  size_t copied = 0;  // text[0, copied) has been handled
  size_t pos = 0;     // where the next search starts
  bool matched = false;
  size_t last_end = 0;
  while (pos <= text.size() &&
         regex_->Match(text, pos, text.size(), re2::RE2::UNANCHORED, groups.data(), submatches_)) {
    size_t begin = static_cast<size_t>(groups[0].data() - text.data());
    size_t end = begin + groups[0].size();
    if (begin == end && matched && begin == last_end) {
      // An empty match where the previous match ended is skipped, as RE2::GlobalReplace does.
      pos = begin < text.size() ? begin + character_length(text, begin) : text.size() + 1;
      continue;
    }
    out.append(text.substr(copied, begin - copied));
    for (const ReplacementPiece& piece : replacement_) {
      if (piece.group < 0) {
        out += piece.literal;
      } else {
        const re2::StringPiece& group = groups[static_cast<size_t>(piece.group)];
        // An optional group that did not take part in the match is empty (and null).
        if (!group.empty()) out.append(group.data(), group.size());
      }
    }
    copied = pos = last_end = end;
    matched = true;
    if (first_only_) break;
  }
  if (!matched) return std::string(text);
  out.append(text.substr(copied));
  return out;
}

}  // namespace gofer::rename::detail
