// Absolute, normalized URLs for scraped links: RFC 3986 §5.2 resolution through libcurl's URL
// API, plus the normalization the crawler dedupes on.
#pragma once

#include <string>
#include <string_view>

#include "gofer/error.hpp"

namespace gofer::scrape {

// What resolve_url does with a "#fragment": the crawler drops it (page.html#a and page.html#b
// are one page to fetch); values a user extracts keep it, as parsel + urljoin and the page do.
enum class Fragment { kDrop, kKeep };

// `ref` (an href/src value) resolved against `base` and normalized: scheme and host
// lower-cased, default port dropped, empty query dropped, dot segments removed, and the
// fragment dropped or kept as asked. An empty `base` resolves nothing: a relative `ref` comes
// back as it is. URLs of schemes other than http, https and file come back unchanged.
[[nodiscard]] Result<std::string> resolve_url(std::string_view base, std::string_view ref,
                                              Fragment fragment = Fragment::kDrop);

// True for the link schemes a link list leaves out: mailto:, javascript:, data:, tel:.
[[nodiscard]] bool is_unlisted_link(std::string_view ref);

// The RFC 3986 scheme of `ref`, lower-cased; empty when `ref` is relative.
[[nodiscard]] std::string url_scheme(std::string_view ref);

// A file:// URL for an absolute path (percent-encoded as needed).
[[nodiscard]] Result<std::string> file_url(std::string_view absolute_path);

}  // namespace gofer::scrape
