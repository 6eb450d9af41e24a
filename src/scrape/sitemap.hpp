// Sitemaps (sitemaps.org 0.9): a <urlset> of pages or a <sitemapindex> of more sitemaps, plain
// or gzip-compressed (.xml.gz). Parsed with libxml2's XML reader, never fetching anything
// (no network, no external entities).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "gofer/error.hpp"

namespace gofer::scrape {

struct Sitemap {
  bool index = false;                  // <sitemapindex>: `locations` are sitemaps
  std::vector<std::string> locations;  // every <loc>, whitespace trimmed, in order
};

// kInvalidData for what is not a sitemap (not XML, another root element) or a gzip body that
// is broken or decodes to more than `max_bytes`.
[[nodiscard]] Result<Sitemap> parse_sitemap(std::string_view bytes, int64_t max_bytes);

}  // namespace gofer::scrape
