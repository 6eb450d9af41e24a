// A compiled find/replace rule: an RE2 pattern plus a pre-parsed replacement.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "gofer/error.hpp"
#include "gofer/rename/rules.hpp"

namespace re2 {
class RE2;
}

namespace gofer::rename::detail {

// Literal text interleaved with group references; `group` < 0 marks a literal piece.
struct ReplacementPiece {
  std::string literal;
  int group = -1;
};

class FindReplace {
 public:
  // Fails with kInvalidArgument for an empty or invalid pattern, a malformed replacement
  // or a reference to a group the pattern does not have.
  [[nodiscard]] static Result<FindReplace> compile(const FindReplaceRule& rule);

  // Replaces every match (or only the first) with RE2::GlobalReplace semantics: an empty
  // match right after the previous match is skipped, so `a*` → `-` turns `baaa` into `-b-`.
  [[nodiscard]] std::string apply(std::string_view text) const;

  FindReplace(FindReplace&&) noexcept;
  FindReplace& operator=(FindReplace&&) noexcept;
  ~FindReplace();

 private:
  FindReplace() = default;
  [[nodiscard]] std::string apply_literal(std::string_view text) const;

  std::unique_ptr<re2::RE2> regex_;
  std::vector<ReplacementPiece> replacement_;
  std::string literal_find_;     // non-empty: the pattern is plain text, found without RE2
  std::string literal_replace_;  // what replaces it then
  int submatches_ = 1;  // the whole match plus every group up to the highest referenced
  bool first_only_ = false;
};

}  // namespace gofer::rename::detail
