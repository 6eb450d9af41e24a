// CSS selector tree -> XPath 1.0, one function per construct, as cssselect's xpath.py is laid
// out; the output follows cssselect's HTMLTranslator and parsel's pseudo-elements so the same
// selector selects the same nodes in gofer and in parsel.
#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <vector>
#include <utility>

#include <fmt/format.h>

#include "css_parser.hpp"
#include "gofer/scrape/selector.hpp"

namespace gofer::scrape {
namespace {

using css::AttributeOperator;
using css::Compound;
using css::Condition;
using css::PseudoClass;

// One step of the path being built: `element[condition]`, as cssselect's XPathExpr.
struct Step {
  std::string path;  // everything before this step's element
  std::string element = "*";
  std::string condition;

  void add_condition(std::string_view more) {
    condition = condition.empty() ? std::string(more) : fmt::format("({}) and ({})", condition, more);
  }
  [[nodiscard]] std::string str() const {
    return condition.empty() ? path + element : fmt::format("{}{}[{}]", path, element, condition);
  }
};

std::string xpath_literal(std::string_view text) {
  if (text.find('\'') == std::string_view::npos) return fmt::format("'{}'", text);
  if (text.find('"') == std::string_view::npos) return fmt::format("\"{}\"", text);
  // Both quote kinds: XPath 1.0 has no escapes, so concatenate the pieces.
  std::string out = "concat(";
  size_t start = 0;
  while (start < text.size()) {
    size_t quote = text.find('\'', start);
    if (quote == start) {
      out += "\"'\",";
      ++start;
      continue;
    }
    size_t end = quote == std::string_view::npos ? text.size() : quote;
    out += fmt::format("'{}',", text.substr(start, end - start));
    start = end;
  }
  out.back() = ')';
  return out;
}

bool is_safe_name(std::string_view name) {
  if (name.empty() || !(std::isalpha(static_cast<unsigned char>(name[0])) || name[0] == '_')) return false;
  return std::ranges::all_of(name, [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' || c == '.';
  });
}

std::string xpath_attribute_name(std::string_view name) {
  if (is_safe_name(name)) return fmt::format("@{}", name);
  return fmt::format("attribute::*[name() = {}]", xpath_literal(name));
}

size_t code_points(std::string_view text) {
  return static_cast<size_t>(std::ranges::count_if(
      text, [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

std::string xpath_id(const Condition& id) { return fmt::format("@id = {}", xpath_literal(id.name)); }

std::string xpath_class(const Condition& cls) {
  return fmt::format("@class and contains(concat(' ', normalize-space(@class), ' '), {})",
                     xpath_literal(" " + cls.name + " "));
}

std::string xpath_attribute_includes(const std::string& a, std::string_view value) {
  if (value.find_first_not_of(" \t\r\n\f") == std::string_view::npos) return "0";
  return fmt::format("{} and contains(concat(' ', normalize-space({}), ' '), {})", a, a,
                     xpath_literal(fmt::format(" {} ", value)));
}

std::string xpath_attribute_suffix(const std::string& a, std::string_view value) {
  if (value.empty()) return "0";
  // XPath 1.0 has starts-with() but no ends-with(): compare the tail by its length.
  return fmt::format("{} and substring({}, string-length({})-{}) = {}", a, a, a,
                     code_points(value) - 1, xpath_literal(value));
}

std::string xpath_attribute(const Condition& attribute) {
  std::string a = xpath_attribute_name(attribute.name);
  const std::string& v = attribute.value;
  switch (attribute.op) {
    case AttributeOperator::kExists: return a;
    case AttributeOperator::kEquals: return fmt::format("{} = {}", a, xpath_literal(v));
    case AttributeOperator::kIncludes: return xpath_attribute_includes(a, v);
    case AttributeOperator::kPrefix:
      return v.empty() ? "0" : fmt::format("{} and starts-with({}, {})", a, a, xpath_literal(v));
    case AttributeOperator::kSuffix: return xpath_attribute_suffix(a, v);
    case AttributeOperator::kSubstring:
      return v.empty() ? "0" : fmt::format("{} and contains({}, {})", a, a, xpath_literal(v));
    case AttributeOperator::kDashMatch:
      return fmt::format("{} and ({} = {} or starts-with({}, {}))", a, a, xpath_literal(v), a,
                         xpath_literal(v + "-"));
  }
  return "0";
}

// :nth-child(an+b) and friends: the element has an+b-1 siblings before (or after) it, for some
// n >= 0; cssselect's derivation in xpath_nth_child_function.
std::string xpath_nth(const Condition& nth, const std::string& sibling_test) {
  const int64_t a = nth.nth.a;
  const int64_t b_min_1 = nth.nth.b - 1;
  bool last = nth.nth_kind == css::NthKind::kLastChild || nth.nth_kind == css::NthKind::kLastOfType;
  std::string count = fmt::format("count({}-sibling::{})", last ? "following" : "preceding", sibling_test);
  if (a == 1 && b_min_1 <= 0) return "";
  if (a < 0 && b_min_1 < 0) return "0";
  if (a == 0) return fmt::format("{} = {}", count, b_min_1);
  std::vector<std::string> terms;
  if (a > 0 && b_min_1 > 0) terms.push_back(fmt::format("{} >= {}", count, b_min_1));
  if (a < 0) terms.push_back(fmt::format("{} <= {}", count, b_min_1));
  if (std::llabs(a) != 1) {
    int64_t modulus = std::llabs(a);
    int64_t shift = ((-b_min_1) % modulus + modulus) % modulus;
    std::string left = shift == 0 ? count : fmt::format("({} +{})", count, shift);
    terms.push_back(fmt::format("{} mod {} = 0", left, a));
  }
  if (terms.size() == 1) return terms[0];
  return fmt::format("({}) and ({})", terms[0], terms[1]);
}

std::string xpath_pseudo(const Condition& pseudo, const std::string& element) {
  switch (pseudo.pseudo) {
    case PseudoClass::kFirstChild: return "count(preceding-sibling::*) = 0";
    case PseudoClass::kLastChild: return "count(following-sibling::*) = 0";
    case PseudoClass::kOnlyChild: return "count(parent::*/child::*) = 1";
    case PseudoClass::kFirstOfType: return fmt::format("count(preceding-sibling::{}) = 0", element);
    case PseudoClass::kLastOfType: return fmt::format("count(following-sibling::{}) = 0", element);
    case PseudoClass::kOnlyOfType: return fmt::format("count(parent::*/child::{}) = 1", element);
    case PseudoClass::kEmpty: return "not(*) and not(string-length())";
    case PseudoClass::kRoot: return "not(parent::*)";
  }
  return "0";
}

bool needs_element(const Condition& condition) {
  if (condition.kind == Condition::Kind::kNth) {
    return condition.nth_kind == css::NthKind::kOfType || condition.nth_kind == css::NthKind::kLastOfType;
  }
  return condition.kind == Condition::Kind::kPseudo &&
         (condition.pseudo == PseudoClass::kFirstOfType || condition.pseudo == PseudoClass::kLastOfType ||
          condition.pseudo == PseudoClass::kOnlyOfType);
}

Result<Step> xpath_compound(std::string_view source, const Compound& compound);

Result<std::string> xpath_not(std::string_view source, const Condition& negation) {
  GOFER_TRY_ASSIGN(Step inner, xpath_compound(source, negation.negated.front()));
  if (inner.element != "*") inner.add_condition(fmt::format("name() = {}", xpath_literal(inner.element)));
  if (inner.condition.empty()) return std::string("0");  // :not(*) matches nothing
  return fmt::format("not({})", inner.condition);
}

Result<std::string> xpath_condition(std::string_view source, const Condition& condition,
                                    const std::string& element) {
  if (needs_element(condition) && element == "*") {
    return fail(css::selector_error(source, condition.position,
                                    "*:...-of-type is not supported: name the element (p:first-of-type)"));
  }
  switch (condition.kind) {
    case Condition::Kind::kId: return xpath_id(condition);
    case Condition::Kind::kClass: return xpath_class(condition);
    case Condition::Kind::kAttribute: return xpath_attribute(condition);
    case Condition::Kind::kPseudo: return xpath_pseudo(condition, element);
    case Condition::Kind::kNth: return xpath_nth(condition, needs_element(condition) ? element : "*");
    case Condition::Kind::kNot: return xpath_not(source, condition);
  }
  return std::string("0");
}

Result<Step> xpath_compound(std::string_view source, const Compound& compound) {
  Step step;
  if (!compound.element.empty()) {
    if (is_safe_name(compound.element)) {
      step.element = compound.element;
    } else {
      step.add_condition(fmt::format("name() = {}", xpath_literal(compound.element)));
    }
  }
  for (const Condition& condition : compound.conditions) {
    GOFER_TRY_ASSIGN(std::string test, xpath_condition(source, condition, step.element));
    if (!test.empty()) step.add_condition(test);
  }
  return step;
}

// Joins the right step onto the path so far, as the combinator says.
Step xpath_combine(Step left, css::Combinator combinator, Step right) {
  std::string base = left.str();
  switch (combinator) {
    case css::Combinator::kDescendant: right.path = base + "/descendant-or-self::*/"; break;
    case css::Combinator::kChild: right.path = base + "/"; break;
    case css::Combinator::kSibling: right.path = base + "/following-sibling::"; break;
    case css::Combinator::kAdjacent:
      right.path = base + "/following-sibling::";
      if (right.element != "*") right.add_condition(fmt::format("name() = {}", xpath_literal(right.element)));
      right.element = "*";
      right.add_condition("position() = 1");
      break;
  }
  return right;
}

// parsel's ::text and ::attr(NAME) endings (csstranslator.py XPathExpr.__str__).
std::string xpath_ending(std::string path, const css::Complex& complex) {
  constexpr std::string_view kAnyDescendant = "::*/*";
  if (complex.ending == css::Ending::kText) {
    if (path == "*") return "text()";
    if (path.ends_with(kAnyDescendant)) return path.substr(0, path.size() - 3) + "text()";
    return path + "/text()";
  }
  if (complex.ending == css::Ending::kAttribute) {
    if (path.ends_with(kAnyDescendant)) path.resize(path.size() - 2);
    return path + "/" + xpath_attribute_name(complex.ending_attribute);
  }
  return path;
}

Result<std::string> xpath_complex(std::string_view source, const css::Complex& complex) {
  GOFER_TRY_ASSIGN(Step step, xpath_compound(source, complex.compounds.front()));
  for (size_t i = 1; i < complex.compounds.size(); ++i) {
    GOFER_TRY_ASSIGN(Step right, xpath_compound(source, complex.compounds[i]));
    step = xpath_combine(std::move(step), complex.combinators[i - 1], std::move(right));
  }
  return "descendant-or-self::" + xpath_ending(step.str(), complex);
}

}  // namespace

bool is_xpath_selector(std::string_view selector) {
  return selector.starts_with('/') || selector.starts_with("./") || selector.starts_with('(') ||
         selector.starts_with("xpath:");
}

Result<std::string> css_to_xpath(std::string_view css) {
  GOFER_TRY_ASSIGN(css::SelectorGroup group, css::parse_selector_group(css));
  std::string out;
  for (const css::Complex& complex : group) {
    GOFER_TRY_ASSIGN(std::string xpath, xpath_complex(css, complex));
    out += out.empty() ? xpath : " | " + xpath;
  }
  return out;
}

Result<std::string> selector_to_xpath(std::string_view selector) {
  constexpr std::string_view kPrefix = "xpath:";
  if (selector.starts_with(kPrefix)) return std::string(selector.substr(kPrefix.size()));
  if (is_xpath_selector(selector)) return std::string(selector);
  return css_to_xpath(selector);
}

}  // namespace gofer::scrape
