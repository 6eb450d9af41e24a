// Fuzz target for the CSS -> XPath translator: any selector text is translated or refused
// with a message naming it and a position inside it; what is translated compiles as XPath
// and runs on a small page.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "gofer/scrape/extract.hpp"
#include "gofer/scrape/selector.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view selector(reinterpret_cast<const char*>(data), size);
  auto xpath = gofer::scrape::css_to_xpath(selector);
  if (!xpath) {
    const std::string& message = xpath.error().message();
    if (!message.starts_with("selector '") || message.find("': position ") == std::string::npos) {
      std::abort();
    }
    return 0;
  }
  if (xpath->empty()) std::abort();
  // A translated selector must be valid XPath: libxml2 compiles and evaluates it.
  auto extractor = gofer::scrape::Extractor::create({"xpath:" + *xpath});
  if (!extractor) std::abort();
  static constexpr std::string_view kPage =
      "<html><body><div class='a b' id=x data-v='1-2'><p>t<b>u</b></p><p></p></div>"
      "<ul><li>1<li>2<li>3</ul></body></html>";
  if (!extractor->extract({kPage, "fuzz", "http://example.org/", ""})) std::abort();
  return 0;
}
