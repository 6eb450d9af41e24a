// Absolute, normalized URLs for scraped links: RFC 3986 §5.2 resolution through libcurl's URL
// API, plus the normalization the crawler dedupes on.
#pragma once

#include <string>
#include <string_view>

#include "gofer/error.hpp"

namespace gofer::scrape {

// `ref` (an href/src value) resolved against `base` and normalized: fragment removed, scheme
// and host lower-cased, default port dropped, empty query dropped, dot segments removed.
// An empty `base` resolves nothing: a relative `ref` comes back as it is, minus its fragment.
// URLs of schemes other than http, https and file come back unchanged minus their fragment.
[[nodiscard]] Result<std::string> resolve_url(std::string_view base, std::string_view ref);

// True for the link schemes a link list leaves out: mailto:, javascript:, data:, tel:.
[[nodiscard]] bool is_unlisted_link(std::string_view ref);

// The RFC 3986 scheme of `ref`, lower-cased; empty when `ref` is relative.
[[nodiscard]] std::string url_scheme(std::string_view ref);

// A file:// URL for an absolute path (percent-encoded as needed).
[[nodiscard]] Result<std::string> file_url(std::string_view absolute_path);

}  // namespace gofer::scrape
