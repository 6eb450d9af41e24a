// The parsed form of a CSS selector group: the small tree cssselect's parser builds, reduced to
// the constructs gofer translates to XPath (css_translator.cpp).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "gofer/error.hpp"

namespace gofer::scrape::css {

enum class AttributeOperator { kExists, kEquals, kIncludes, kPrefix, kSuffix, kSubstring, kDashMatch };

enum class PseudoClass {
  kFirstChild, kLastChild, kOnlyChild, kFirstOfType, kLastOfType, kOnlyOfType, kEmpty, kRoot
};

// :nth-child(an+b) and its siblings.
enum class NthKind { kChild, kLastChild, kOfType, kLastOfType };
struct NthSeries {
  int64_t a = 0;
  int64_t b = 0;
};

struct Compound;

// One test inside a compound selector: #id, .class, [attr...], :pseudo, :nth-*(), :not().
struct Condition {
  enum class Kind { kId, kClass, kAttribute, kPseudo, kNth, kNot };
  Kind kind = Kind::kId;
  std::string name;   // the id, class or attribute name
  std::string value;  // the attribute operator's value
  AttributeOperator op = AttributeOperator::kExists;
  PseudoClass pseudo = PseudoClass::kFirstChild;
  NthKind nth_kind = NthKind::kChild;
  NthSeries nth;
  std::vector<Compound> negated;  // :not(): exactly one compound
  size_t position = 0;            // offset in the selector text, for messages
};

// `div.product[data-id]:first-child`: an element name (empty = any) and its conditions.
struct Compound {
  std::string element;
  std::vector<Condition> conditions;
  size_t position = 0;
};

enum class Combinator { kDescendant, kChild, kAdjacent, kSibling };

// parsel's pseudo-elements, allowed only at the end of a selector.
enum class Ending { kNone, kText, kAttribute };

// `div.a > p + span::text`: compounds joined by combinators (combinators[i] joins compound i
// and i + 1), with an optional ending.
struct Complex {
  std::vector<Compound> compounds;
  std::vector<Combinator> combinators;
  Ending ending = Ending::kNone;
  std::string ending_attribute;  // ::attr(NAME)
};

using SelectorGroup = std::vector<Complex>;

// Parses `a, b > c` into its tree. Errors name the selector and the 1-based position of the
// offending character.
[[nodiscard]] Result<SelectorGroup> parse_selector_group(std::string_view selector);

// The message of a selector error: "selector 'X': position N: WHAT".
[[nodiscard]] Error selector_error(std::string_view selector, size_t offset, std::string_view what);

}  // namespace gofer::scrape::css
