// Fuzz target for HTML -> rows: any bytes give rows or an error, never a crash, and rows have
// exactly the columns promised; the URLs the crawler follows never carry a fragment (the rows
// keep theirs, as the page has them).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "gofer/scrape/extract.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view page(reinterpret_cast<const char*>(data), size);
  static const auto links = [] {
    gofer::scrape::ExtractOptions options;
    options.list_follow = true;
    return gofer::scrape::Extractor::create(options);
  }();
  static const auto fields = gofer::scrape::Extractor::create(
      {"div.item, li:nth-child(2n+1), tr",
       {{"name", "h2, .name"}, {"link", "a::attr(href)"}, {"text", "::text"}, {"cells", "./td[2]"}},
       "|"});
  if (!links || !fields) std::abort();
  for (const auto* extractor : {&*links, &*fields}) {
    auto rows = extractor->extract({page, "fuzz", "http://example.org/dir/page.html", ""});
    if (!rows) continue;
    size_t columns = extractor->columns().size();
    for (const auto& row : rows->rows) {
      if (row.size() != columns) std::abort();
    }
    for (const auto& url : rows->follow) {
      if (url.find('#') != std::string::npos) std::abort();
    }
  }
  return 0;
}
