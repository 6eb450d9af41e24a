// Name transformation rules of `gofer rename`: find/replace, case, slug, template.
// Rules are compiled once (patterns, templates) and then applied to every entry in order.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "gofer/error.hpp"

namespace gofer::rename {

enum class CaseStyle { kLower, kUpper, kTitle, kSentence, kSnake, kKebab, kCamel, kPascal };
// Which part of the name find/replace and case rules touch.
enum class Scope { kName, kStem, kExt };

struct FindReplaceRule {
  std::string pattern;      // RE2 syntax unless `literal`
  std::string replacement;  // $1, ${name}, $$ (ignored escapes when `literal`)
  bool literal = false;
  bool ignore_case = false;
  bool first_only = false;  // default: replace every match
};
struct CaseRule {
  CaseStyle style;
};
struct SlugRule {
  std::string separator = "-";
};
struct TemplateRule {
  // {name} {stem} {ext} {parent} {n} {n:03} {mtime:%Y-%m-%d} {size} {hash:sha256:8}
  // {exif.date:%Y%m%d} {exif.model|unknown} …
  std::string text;
};
using Rule = std::variant<FindReplaceRule, CaseRule, SlugRule, TemplateRule>;

struct RuleOptions {
  std::vector<Rule> rules;  // applied in command-line order
  Scope scope = Scope::kName;
  int64_t start = 1;  // {n} of the first entry
  int64_t step = 1;
};

// What a rule may need to know about the entry besides its current name.
struct EntryFacts {
  std::filesystem::path path;  // the entry as it is on disk now (for {hash}, read lazily)
  std::string parent;          // name of the containing directory
  uint64_t size = 0;
  int64_t mtime = 0;   // seconds since the epoch
  uint64_t index = 0;  // position in the sort order; {n} = start + index * step
  // Where metadata placeholders ({exif.*}) report broken metadata ("PATH: what"); null: dropped.
  std::vector<std::string>* warnings = nullptr;
};

[[nodiscard]] Result<CaseStyle> parse_case_style(std::string_view text);

// Every placeholder a template knows, as a user would start typing it ("{stem}", "{n:03}",
// "{exif.date}", …): what shell completion offers for --template.
[[nodiscard]] std::vector<std::string> template_placeholders();

class RuleChain {
 public:
  // Fails with kInvalidArgument naming the bad pattern, unknown placeholder or format.
  [[nodiscard]] static Result<RuleChain> compile(const RuleOptions& options);
  // The new name for `name` (a single path component). Fails on I/O ({hash} reading), and
  // with kConflict when the entry lacks a metadata placeholder that has no fallback.
  [[nodiscard]] Result<std::string> apply(std::string_view name, const EntryFacts& facts) const;
  // Whether apply() reads the entry's content ({hash}, metadata): facts.path must be set.
  [[nodiscard]] bool reads_content() const;

  RuleChain(RuleChain&&) noexcept;
  RuleChain& operator=(RuleChain&&) noexcept;
  ~RuleChain();

 private:
  struct Compiled;
  explicit RuleChain(std::unique_ptr<Compiled> compiled);
  std::unique_ptr<Compiled> compiled_;
};

// Exposed for unit tests and for the rules that build on them.
[[nodiscard]] std::string convert_case(std::string_view text, CaseStyle style);
[[nodiscard]] std::string slugify(std::string_view text, std::string_view separator);

}  // namespace gofer::rename
