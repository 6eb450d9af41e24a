// Selectors for `gofer scrape`: CSS (translated to XPath as cssselect/parsel do) or XPath.
#pragma once

#include <string>
#include <string_view>

#include "gofer/error.hpp"

namespace gofer::scrape {

// True when `selector` is taken as XPath: it starts with '/', './', '(' or 'xpath:'.
[[nodiscard]] bool is_xpath_selector(std::string_view selector);

// The XPath 1.0 expression cssselect's HTMLTranslator with parsel's ::text/::attr() gives,
// relative to the context node ("descendant-or-self::..."). Refusals (unsupported
// pseudo-classes, syntax errors) name the selector and the 1-based position.
[[nodiscard]] Result<std::string> css_to_xpath(std::string_view css);

// A selector as given on the command line -> XPath: the 'xpath:' prefix removed, XPath passed
// through, CSS translated.
[[nodiscard]] Result<std::string> selector_to_xpath(std::string_view selector);

}  // namespace gofer::scrape
