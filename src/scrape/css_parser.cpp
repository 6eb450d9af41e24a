// A recursive-descent parser for the CSS selectors gofer supports (Selectors Level 3 plus
// parsel's ::text and ::attr()), with the position of every refusal.
#include "css_parser.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <utility>

#include <fmt/format.h>

#include "gofer/csv/decode.hpp"

namespace gofer::scrape::css {
namespace {

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }
bool is_name_start(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' ||
         static_cast<unsigned char>(c) >= 0x80;
}
bool is_name_char(char c) { return is_name_start(c) || (c >= '0' && c <= '9') || c == '-'; }
bool is_hex(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}
std::string lower(std::string_view text) {
  std::string out(text);
  std::ranges::transform(out, out.begin(), [](char c) {
    return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
  });
  return out;
}

// Every pseudo-class gofer translates: plain ones (`:first-child`) and the an+b functions
// (`:nth-child()`), told apart by `function`.
struct PseudoName {
  std::string_view name;
  bool function;
  PseudoClass pseudo;
  NthKind nth;
};
constexpr std::array kPseudoNames = {
    PseudoName{"first-child", false, PseudoClass::kFirstChild, {}},
    PseudoName{"last-child", false, PseudoClass::kLastChild, {}},
    PseudoName{"only-child", false, PseudoClass::kOnlyChild, {}},
    PseudoName{"first-of-type", false, PseudoClass::kFirstOfType, {}},
    PseudoName{"last-of-type", false, PseudoClass::kLastOfType, {}},
    PseudoName{"only-of-type", false, PseudoClass::kOnlyOfType, {}},
    PseudoName{"empty", false, PseudoClass::kEmpty, {}},
    PseudoName{"root", false, PseudoClass::kRoot, {}},
    PseudoName{"nth-child", true, {}, NthKind::kChild},
    PseudoName{"nth-last-child", true, {}, NthKind::kLastChild},
    PseudoName{"nth-of-type", true, {}, NthKind::kOfType},
    PseudoName{"nth-last-of-type", true, {}, NthKind::kLastOfType},
};

const PseudoName* find_pseudo(std::string_view name, bool function) {
  auto found = std::ranges::find_if(kPseudoNames, [&](const PseudoName& known) {
    return known.name == name && known.function == function;
  });
  return found == kPseudoNames.end() ? nullptr : &*found;
}

bool parse_integer(std::string_view text, int64_t& value) {
  if (text.starts_with('+')) text.remove_prefix(1);
  if (text.empty()) return false;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  return error == std::errc{} && end == text.data() + text.size();
}

// "odd", "even", "3", "-n+3", "2n + 1": the series' a and b.
bool parse_nth_series(std::string_view text, NthSeries& series) {
  std::string compact;
  for (char c : text) {
    if (!is_space(c)) compact += c;
  }
  compact = lower(compact);
  if (compact == "odd") return series = {2, 1}, true;
  if (compact == "even") return series = {2, 0}, true;
  size_t n = compact.find('n');
  if (n == std::string::npos) return series.a = 0, parse_integer(compact, series.b);
  std::string_view a_part = std::string_view(compact).substr(0, n);
  std::string_view b_part = std::string_view(compact).substr(n + 1);
  if (a_part.empty() || a_part == "+") {
    series.a = 1;
  } else if (a_part == "-") {
    series.a = -1;
  } else if (!parse_integer(a_part, series.a)) {
    return false;
  }
  series.b = 0;
  if (b_part.empty()) return true;
  if (b_part[0] != '+' && b_part[0] != '-') return false;
  bool negative = b_part[0] == '-';
  if (!parse_integer(b_part.substr(1), series.b) || b_part.substr(1).starts_with('+')) return false;
  if (negative) series.b = -series.b;
  return true;
}

// Length of the UTF-8 sequence at `text[i]`, 0 when it is not a valid one (overlong forms,
// surrogates and code points past U+10FFFF included).
size_t utf8_sequence_length(std::string_view text, size_t i) {
  auto byte = [&](size_t k) { return static_cast<unsigned char>(text[i + k]); };
  unsigned char lead = byte(0);
  size_t length = lead < 0x80 ? 1 : lead >= 0xC2 && lead <= 0xDF ? 2 : lead >= 0xE0 && lead <= 0xEF ? 3
                  : lead >= 0xF0 && lead <= 0xF4 ? 4 : 0;
  if (length == 0 || i + length > text.size()) return 0;
  for (size_t k = 1; k < length; ++k) {
    if ((byte(k) & 0xC0) != 0x80) return 0;
  }
  if ((lead == 0xE0 && byte(1) < 0xA0) || (lead == 0xED && byte(1) > 0x9F) ||
      (lead == 0xF0 && byte(1) < 0x90) || (lead == 0xF4 && byte(1) > 0x8F)) {
    return 0;
  }
  if (lead == 0xEF && byte(1) == 0xBF && (byte(2) == 0xBE || byte(2) == 0xBF)) return 0;  // U+FFFE/F
  return length;
}

size_t first_invalid_character(std::string_view text) {
  for (size_t i = 0; i < text.size();) {
    auto c = static_cast<unsigned char>(text[i]);
    if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7F) return i;
    size_t length = utf8_sequence_length(text, i);
    if (length == 0) return i;
    i += length;
  }
  return std::string_view::npos;
}

// Code points that are not XML characters cannot appear in libxml2's tree or XPath literals.
bool is_xml_character(char32_t c) {
  return c == 0x9 || c == 0xA || c == 0xD || (c >= 0x20 && c <= 0xD7FF) ||
         (c >= 0xE000 && c <= 0xFFFD) || (c >= 0x10000 && c <= 0x10FFFF);
}

class Parser {
 public:
  explicit Parser(std::string_view text) : text_(text) {}

  Result<SelectorGroup> parse_group() {
    SelectorGroup group;
    while (true) {
      skip_space();
      GOFER_TRY_ASSIGN(Complex complex, parse_complex());
      group.push_back(std::move(complex));
      skip_space();
      if (at_end()) return group;
      if (peek() != ',') return fail(unexpected());
      ++pos_;
    }
  }

 private:
  [[nodiscard]] bool at_end() const { return pos_ >= text_.size(); }
  [[nodiscard]] char peek(size_t ahead = 0) const {
    return pos_ + ahead < text_.size() ? text_[pos_ + ahead] : '\0';
  }
  bool skip_space() {
    size_t start = pos_;
    while (!at_end() && is_space(peek())) ++pos_;
    return pos_ > start;
  }
  Error error_at(size_t offset, std::string_view what) const {
    return selector_error(text_, offset, what);
  }
  Error unexpected() const {
    if (at_end()) return error_at(pos_, "unexpected end of selector");
    return error_at(pos_, fmt::format("unexpected '{}'", peek()));
  }

  Result<Complex> parse_complex() {
    Complex complex;
    GOFER_TRY_ASSIGN(Compound first, parse_compound());
    complex.compounds.push_back(std::move(first));
    while (true) {
      bool space = skip_space();
      if (at_end() || peek() == ',' || peek() == ')') return complex;
      if (peek() == ':' && peek(1) == ':') {
        if (space) {  // `a ::text` is `a *::text`, as in cssselect
          complex.compounds.push_back(Compound{{}, {}, pos_});
          complex.combinators.push_back(Combinator::kDescendant);
        }
        GOFER_TRY(parse_ending(complex));
        skip_space();
        if (!at_end() && peek() != ',') return fail(error_at(pos_, "a pseudo-element must end the selector"));
        return complex;
      }
      Combinator combinator = Combinator::kDescendant;
      if (peek() == '>' || peek() == '+' || peek() == '~') {
        combinator = peek() == '>' ? Combinator::kChild
                     : peek() == '+' ? Combinator::kAdjacent
                                     : Combinator::kSibling;
        ++pos_;
        skip_space();
      } else if (!space) {
        return fail(unexpected());
      }
      GOFER_TRY_ASSIGN(Compound next, parse_compound());
      complex.combinators.push_back(combinator);
      complex.compounds.push_back(std::move(next));
    }
  }

  Result<Compound> parse_compound() {
    Compound compound{{}, {}, pos_};
    bool any = false;
    if (peek() == '*') {
      ++pos_, any = true;
    } else if (is_name_start(peek()) || peek() == '\\' || peek() == '-') {
      GOFER_TRY_ASSIGN(compound.element, parse_identifier("an element name"));
      compound.element = lower(compound.element);  // HTML element names are case-insensitive
      any = true;
    }
    while (!at_end()) {
      char c = peek();
      if (c == ':' && peek(1) == ':') break;
      if (c != '#' && c != '.' && c != '[' && c != ':') break;
      GOFER_TRY_ASSIGN(Condition condition, parse_condition());
      compound.conditions.push_back(std::move(condition));
      any = true;
    }
    if (!any && !(peek() == ':' && peek(1) == ':')) return fail(unexpected());
    return compound;
  }

  Result<Condition> parse_condition() {
    Condition condition;
    condition.position = pos_;
    char c = text_[pos_++];
    if (c == '#' || c == '.') {
      condition.kind = c == '#' ? Condition::Kind::kId : Condition::Kind::kClass;
      GOFER_TRY_ASSIGN(condition.name, parse_identifier(c == '#' ? "an id" : "a class name"));
      return condition;
    }
    if (c == '[') return parse_attribute(std::move(condition));
    return parse_pseudo_class(std::move(condition));
  }

  Result<Condition> parse_attribute(Condition condition) {
    condition.kind = Condition::Kind::kAttribute;
    skip_space();
    GOFER_TRY_ASSIGN(std::string name, parse_identifier("an attribute name"));
    condition.name = lower(name);
    skip_space();
    if (peek() == ']') return ++pos_, condition;
    constexpr std::array<std::pair<char, AttributeOperator>, 6> kOperators = {{
        {'~', AttributeOperator::kIncludes}, {'^', AttributeOperator::kPrefix},
        {'$', AttributeOperator::kSuffix}, {'*', AttributeOperator::kSubstring},
        {'|', AttributeOperator::kDashMatch}, {'=', AttributeOperator::kEquals}}};
    if (at_end()) return fail(error_at(pos_, "missing ']'"));
    auto op = std::ranges::find(kOperators, peek(), &std::pair<char, AttributeOperator>::first);
    if (op == kOperators.end()) return fail(unexpected());
    condition.op = op->second;
    ++pos_;
    if (op->first != '=') {
      if (peek() != '=') return fail(error_at(pos_, fmt::format("expected '=' after '{}'", op->first)));
      ++pos_;
    }
    GOFER_TRY_ASSIGN(condition.value, parse_string_or_identifier("an attribute value"));
    GOFER_TRY(expect_close(']'));
    return condition;
  }

  Result<Condition> parse_pseudo_class(Condition condition) {
    GOFER_TRY_ASSIGN(std::string raw, parse_identifier("a pseudo-class name"));
    std::string name = lower(raw);
    if (peek() == '(') return parse_function(std::move(condition), name);
    const PseudoName* known = find_pseudo(name, false);
    if (known == nullptr) {
      return fail(error_at(condition.position, fmt::format("unsupported pseudo-class ':{}'", raw)));
    }
    condition.kind = Condition::Kind::kPseudo;
    condition.pseudo = known->pseudo;
    return condition;
  }

  Result<Condition> parse_function(Condition condition, const std::string& name) {
    ++pos_;  // '('
    if (name == "not") {
      condition.kind = Condition::Kind::kNot;
      skip_space();
      size_t start = pos_;
      GOFER_TRY_ASSIGN(Compound negated, parse_compound());
      if (peek() == ':' && peek(1) == ':') {
        return fail(error_at(pos_, "a pseudo-element is not allowed inside :not()"));
      }
      if (negated.element.empty() && negated.conditions.empty() && pos_ == start) {
        return fail(unexpected());
      }
      condition.negated.push_back(std::move(negated));
      skip_space();
      if (peek() != ')') return fail(error_at(pos_, ":not() takes one simple selector"));
      ++pos_;
      return condition;
    }
    const PseudoName* nth = find_pseudo(name, true);
    if (nth == nullptr) {
      return fail(error_at(condition.position, fmt::format("unsupported pseudo-class ':{}()'", name)));
    }
    size_t close = text_.find(')', pos_);
    if (close == std::string_view::npos) return fail(error_at(text_.size(), "missing ')'"));
    condition.kind = Condition::Kind::kNth;
    condition.nth_kind = nth->nth;
    if (!parse_nth_series(text_.substr(pos_, close - pos_), condition.nth)) {
      return fail(error_at(pos_, fmt::format("invalid an+b series '{}'",
                                             text_.substr(pos_, close - pos_))));
    }
    pos_ = close + 1;
    return condition;
  }

  Status parse_ending(Complex& complex) {
    size_t start = pos_;
    pos_ += 2;
    GOFER_TRY_ASSIGN(std::string raw, parse_identifier("a pseudo-element name"));
    std::string name = lower(raw);
    if (name == "text" && peek() != '(') return complex.ending = Ending::kText, Status{};
    if (name != "attr" || peek() != '(') {
      return fail(error_at(start, fmt::format("unsupported pseudo-element '::{}'", raw)));
    }
    ++pos_;
    GOFER_TRY_ASSIGN(complex.ending_attribute, parse_string_or_identifier("an attribute name"));
    GOFER_TRY(expect_close(')'));
    complex.ending = Ending::kAttribute;
    return {};
  }

  // A quoted string or an identifier, after optional whitespace: [attr=VALUE], ::attr(NAME).
  Result<std::string> parse_string_or_identifier(std::string_view what) {
    skip_space();
    if (peek() == '"' || peek() == '\'') return parse_string();
    return parse_identifier(what);
  }

  // Optional whitespace, then `close`.
  Status expect_close(char close) {
    skip_space();
    if (peek() != close) {
      return fail(at_end() ? error_at(pos_, fmt::format("missing '{}'", close)) : unexpected());
    }
    ++pos_;
    return {};
  }

  // An identifier with CSS escapes: `\31 0` is "10", `\.` is ".".
  Result<std::string> parse_identifier(std::string_view what) {
    std::string out;
    size_t start = pos_;
    if (peek() == '-') out += text_[pos_++];
    while (!at_end()) {
      char c = peek();
      if (c == '\\') {
        GOFER_TRY(parse_escape(out));
      } else if (is_name_char(c) && !(out.empty() && c >= '0' && c <= '9' && pos_ == start)) {
        out += c, ++pos_;
      } else {
        break;
      }
    }
    if (out.empty() || out == "-") return fail(error_at(start, fmt::format("expected {}", what)));
    return out;
  }

  Status parse_escape(std::string& out) {
    ++pos_;
    if (at_end()) return fail(error_at(pos_ - 1, "a backslash cannot end the selector"));
    size_t digits = 0;
    char32_t code_point = 0;
    while (digits < 6 && is_hex(peek())) {
      char c = peek();
      code_point = code_point * 16 + static_cast<char32_t>(c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10);
      ++pos_, ++digits;
    }
    if (digits == 0) {
      // CSS Syntax §4.3.8: a backslash before a newline is not an escape.
      if (peek() == '\n' || peek() == '\r') return fail(error_at(pos_ - 1, "invalid escape"));
      out += text_[pos_++];
      return {};
    }
    if (is_space(peek())) ++pos_;
    // CSS Syntax §4.3.7 replaces NUL, surrogates and out-of-range values with U+FFFD; so does
    // gofer for the other code points XML (and so libxml2's XPath) cannot hold.
    if (!is_xml_character(code_point)) code_point = 0xFFFD;
    csv::append_utf8(out, code_point);
    return {};
  }

  Result<std::string> parse_string() {
    char quote = text_[pos_];
    size_t start = pos_++;
    std::string out;
    while (!at_end() && peek() != quote) {
      if (peek() == '\\') {
        if (peek(1) == '\n' || peek(1) == '\r') {  // a line continuation
          pos_ += peek(1) == '\r' && peek(2) == '\n' ? 3u : 2u;
          continue;
        }
        GOFER_TRY(parse_escape(out));
      } else {
        out += text_[pos_++];
      }
    }
    if (at_end()) return fail(error_at(start, "unterminated string"));
    ++pos_;
    return out;
  }

  std::string_view text_;
  size_t pos_ = 0;
};

}  // namespace

Error selector_error(std::string_view selector, size_t offset, std::string_view what) {
  return Error(ErrorCategory::kInvalidArgument,
               fmt::format("selector '{}': position {}: {}", selector, offset + 1, what));
}

Result<SelectorGroup> parse_selector_group(std::string_view selector) {
  if (selector.find_first_not_of(" \t\r\n\f") == std::string_view::npos) {
    return fail(selector_error(selector, 0, "empty selector"));
  }
  // libxml2's XPath parser takes UTF-8 XML characters only; refuse the rest here, with a
  // position, rather than as an XPath compile error about the translation.
  if (size_t bad = first_invalid_character(selector); bad != std::string_view::npos) {
    return fail(selector_error(selector, bad, "invalid UTF-8 or control character"));
  }
  return Parser(selector).parse_group();
}

}  // namespace gofer::scrape::css
