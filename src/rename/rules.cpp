// RuleChain: compiles the rename rules once and applies them, in order, to each name.
#include "gofer/rename/rules.hpp"

#include <cstdint>
#include <ctime>
#include <memory>
#include <string>
#include <utility>
#include <variant>

#include <fmt/format.h>

#include "find_replace.hpp"
#include "name_parts.hpp"
#include "name_template.hpp"

namespace gofer::rename {
namespace {

using detail::NameParts;
using detail::split_name;

// A rule in the form apply() runs: patterns and templates parsed, nothing left to check.
using CompiledRule = std::variant<detail::FindReplace, CaseRule, SlugRule, detail::NameTemplate>;

bool is_word_style(CaseStyle style) {
  return style == CaseStyle::kSnake || style == CaseStyle::kKebab || style == CaseStyle::kCamel ||
         style == CaseStyle::kPascal;
}

// Word styles rebuild a stem (or extension) from its words; leading dots of a hidden file
// are kept, and a part without any word (`---`) stays as it was rather than vanishing.
std::string convert_part(std::string_view part, CaseStyle style) {
  if (!is_word_style(style)) return convert_case(part, style);
  size_t hidden = detail::hidden_prefix_length(part);
  std::string converted = convert_case(part.substr(hidden), style);
  if (converted.empty()) return std::string(part);
  return std::string(part.substr(0, hidden)) + converted;
}

// At name scope, lower/upper/sentence see the whole name. Title and the word styles treat
// the extension as a file type rather than a word: title lowercases it (`REPORT.PDF` →
// `Report.pdf`), snake/kebab/camel/pascal leave it alone (`My File.TXT` → `my_file.TXT`).
std::string apply_case(std::string_view name, CaseStyle style, Scope scope) {
  NameParts parts = split_name(name);
  switch (scope) {
    case Scope::kExt:
      if (!parts.has_ext) return std::string(name);
      return detail::join_name(parts.stem, convert_part(parts.ext, style), true);
    case Scope::kStem:
      return detail::join_name(convert_part(parts.stem, style), parts.ext, parts.has_ext);
    case Scope::kName: break;
  }
  if (style == CaseStyle::kLower || style == CaseStyle::kUpper || style == CaseStyle::kSentence) {
    return convert_case(name, style);
  }
  std::string ext = style == CaseStyle::kTitle ? convert_case(parts.ext, CaseStyle::kLower)
                                               : std::string(parts.ext);
  return detail::join_name(convert_part(parts.stem, style), ext, parts.has_ext);
}

// The stem and the extension are slugged separately so that the dot survives
// (`Crème Brûlée (v2).txt` → `creme-brulee-v2.txt`); the scope picks which of the two is
// slugged. Hidden files keep their leading dots. If the stem has nothing left to slug
// (`日本語.txt`), the name is kept unchanged; an extension with nothing left is dropped.
std::string apply_slug(std::string_view name, std::string_view separator, Scope scope) {
  NameParts parts = split_name(name);
  std::string stem(parts.stem);
  if (scope != Scope::kExt) {
    size_t hidden = detail::hidden_prefix_length(parts.stem);
    std::string slug = slugify(parts.stem.substr(hidden), separator);
    if (slug.empty()) return std::string(name);
    stem = std::string(parts.stem.substr(0, hidden)) + slug;
  }
  if (!parts.has_ext) return stem;
  if (scope == Scope::kStem) return detail::join_name(stem, parts.ext, true);
  std::string ext = slugify(parts.ext, separator);
  return detail::join_name(stem, ext, !ext.empty());
}

std::string apply_find_replace(std::string_view name, const detail::FindReplace& rule,
                               Scope scope) {
  NameParts parts = split_name(name);
  switch (scope) {
    case Scope::kName: return rule.apply(name);
    case Scope::kStem: return detail::join_name(rule.apply(parts.stem), parts.ext, parts.has_ext);
    case Scope::kExt:
      // A name without an extension has nothing in scope; no extension is invented.
      if (!parts.has_ext) return std::string(name);
      return detail::join_name(parts.stem, rule.apply(parts.ext), true);
  }
  return std::string(name);
}

[[nodiscard]] Result<CompiledRule> compile_rule(const Rule& rule) {
  if (const auto* find = std::get_if<FindReplaceRule>(&rule)) {
    GOFER_TRY_ASSIGN(detail::FindReplace compiled, detail::FindReplace::compile(*find));
    return CompiledRule(std::move(compiled));
  }
  if (const auto* text = std::get_if<TemplateRule>(&rule)) {
    GOFER_TRY_ASSIGN(detail::NameTemplate compiled, detail::NameTemplate::parse(text->text));
    return CompiledRule(std::move(compiled));
  }
  if (const auto* slug = std::get_if<SlugRule>(&rule)) return CompiledRule(*slug);
  return CompiledRule(std::get<CaseRule>(rule));
}

// {n} = start + index * step in two's-complement arithmetic: absurd inputs wrap around
// instead of being undefined behaviour.
int64_t sequence_number(int64_t start, int64_t step, uint64_t index) {
  uint64_t value = static_cast<uint64_t>(start) + index * static_cast<uint64_t>(step);
  return static_cast<int64_t>(value);
}

}  // namespace

struct RuleChain::Compiled {
  std::vector<CompiledRule> rules;
  Scope scope = Scope::kName;
  int64_t start = 1;
  int64_t step = 1;
};

RuleChain::RuleChain(std::unique_ptr<Compiled> compiled) : compiled_(std::move(compiled)) {}
RuleChain::RuleChain(RuleChain&&) noexcept = default;
RuleChain& RuleChain::operator=(RuleChain&&) noexcept = default;
RuleChain::~RuleChain() = default;

Result<RuleChain> RuleChain::compile(const RuleOptions& options) {
  auto compiled = std::make_unique<Compiled>();
  compiled->scope = options.scope;
  compiled->start = options.start;
  compiled->step = options.step;
  compiled->rules.reserve(options.rules.size());
  bool uses_time = false;
  for (const Rule& rule : options.rules) {
    GOFER_TRY_ASSIGN(CompiledRule compiled_rule, compile_rule(rule));
    uses_time = uses_time || std::holds_alternative<detail::NameTemplate>(compiled_rule);
    compiled->rules.push_back(std::move(compiled_rule));
  }
  // localtime_r need not read TZ itself (POSIX); do it once here, not per entry.
  if (uses_time) tzset();
  return RuleChain(std::move(compiled));
}

Result<std::string> RuleChain::apply(std::string_view name, const EntryFacts& facts) const {
  std::string current(name);
  for (const CompiledRule& rule : compiled_->rules) {
    if (const auto* find = std::get_if<detail::FindReplace>(&rule)) {
      current = apply_find_replace(current, *find, compiled_->scope);
    } else if (const auto* style = std::get_if<CaseRule>(&rule)) {
      current = apply_case(current, style->style, compiled_->scope);
    } else if (const auto* slug = std::get_if<SlugRule>(&rule)) {
      current = apply_slug(current, slug->separator, compiled_->scope);
    } else {
      int64_t number = sequence_number(compiled_->start, compiled_->step, facts.index);
      GOFER_TRY_ASSIGN(current,
                       std::get<detail::NameTemplate>(rule).render(current, facts, number));
    }
  }
  return current;
}

bool RuleChain::reads_content() const {
  for (const CompiledRule& rule : compiled_->rules) {
    const auto* name_template = std::get_if<detail::NameTemplate>(&rule);
    if (name_template != nullptr && name_template->reads_content()) return true;
  }
  return false;
}

Result<CaseStyle> parse_case_style(std::string_view text) {
  static constexpr std::pair<std::string_view, CaseStyle> kStyles[] = {
      {"lower", CaseStyle::kLower}, {"upper", CaseStyle::kUpper},
      {"title", CaseStyle::kTitle}, {"sentence", CaseStyle::kSentence},
      {"snake", CaseStyle::kSnake}, {"kebab", CaseStyle::kKebab},
      {"camel", CaseStyle::kCamel}, {"pascal", CaseStyle::kPascal},
  };
  for (const auto& [spelling, style] : kStyles) {
    if (text == spelling) return style;
  }
  return fail(ErrorCategory::kInvalidArgument,
              fmt::format("unknown case style '{}' (expected lower, upper, title, sentence, "
                          "snake, kebab, camel or pascal)",
                          text));
}

}  // namespace gofer::rename
