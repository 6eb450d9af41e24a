// The common case of resolve_url() without libcurl: a plain relative reference ("x.html",
// "../a/b.html#s", "/p?q=1") against a normalized http(s)/file base. libcurl's URL API parses
// the base again, then the reference, then writes the URL back out for every link; on a
// documentation tree with 300 links a page that was a third of a crawl's CPU time. This path
// does RFC 3986 §5.2 on the strings and declines (nullopt) whatever libcurl would change
// beyond that (percent-encoding, host or port normalization, a scheme or network-path
// reference, empty query or fragment): those still go through libcurl, so the result is the
// same either way (url_fast_test compares the two on a grid of bases and references).
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "gofer/error.hpp"
#include "gofer/scrape/url.hpp"

namespace gofer::scrape {

// `ref` resolved against `base` when both are simple (see above); nullopt otherwise.
[[nodiscard]] std::optional<std::string> resolve_simple(std::string_view base, std::string_view ref,
                                                        Fragment fragment);

// resolve_url() through libcurl only (what resolve_simple must agree with).
[[nodiscard]] Result<std::string> resolve_with_curl(std::string_view base, std::string_view ref,
                                                    Fragment fragment);

}  // namespace gofer::scrape
