// URL resolution and normalization on libcurl's CURLU API (already linked for fetch), with
// the cases libcurl 7.88 gets wrong handled before it sees them.
#include "gofer/scrape/url.hpp"

#include <algorithm>
#include <array>
#include <memory>

#include <curl/curl.h>
#include <fmt/format.h>

#include "url_fast.hpp"

namespace gofer::scrape {
namespace {

struct UrlDeleter {
  void operator()(CURLU* url) const { curl_url_cleanup(url); }
};
using UrlHandle = std::unique_ptr<CURLU, UrlDeleter>;

struct CurlStringDeleter {
  void operator()(char* text) const { curl_free(text); }
};
using CurlString = std::unique_ptr<char, CurlStringDeleter>;

// The static build's libcurl speaks only http and https (scripts/lib/static-curl.sh), but its
// URL API parses any scheme when told to: file:// bases of local pages must resolve there too.
constexpr unsigned kAnyScheme = CURLU_NON_SUPPORT_SCHEME;

char ascii_lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

// An attribute value as a URL parser sees it (WHATWG URL §4.4): leading and trailing C0
// controls and spaces trimmed, tabs and newlines inside removed.
std::string clean_reference(std::string_view ref) {
  while (!ref.empty() && static_cast<unsigned char>(ref.front()) <= 0x20) ref.remove_prefix(1);
  while (!ref.empty() && static_cast<unsigned char>(ref.back()) <= 0x20) ref.remove_suffix(1);
  std::string out;
  out.reserve(ref.size());
  for (char c : ref) {
    if (c != '\t' && c != '\n' && c != '\r') out += c;
  }
  return out;
}

// Where a reference's path starts: after "scheme://authority" or "//authority" (a host is
// IDN-encoded by the URL parser, never percent-encoded), else at 0.
size_t after_authority(std::string_view ref) {
  size_t colon = ref.find(':');
  size_t start = colon != ref.npos && colon < ref.find_first_of("/?#") ? colon + 1 : 0;
  if (ref.substr(start, 2) != "//") return start;
  return std::min(ref.find_first_of("/?#", start + 2), ref.size());
}

// libcurl percent-encodes non-ASCII bytes in lower-case hex ("%c3%a0"); browsers (WHATWG URL)
// and Python's urllib write upper case ("%C3%A0"). Encoded here first, libcurl has none left;
// escapes the page wrote stay as written, as in browsers.
std::string encode_non_ascii(std::string_view text, size_t from) {
  static constexpr std::string_view kHex = "0123456789ABCDEF";
  std::string out(text.substr(0, from));
  for (char c : text.substr(from)) {
    auto byte = static_cast<unsigned char>(c);
    if (byte < 0x80) {
      out += c;
    } else {
      out += '%';
      out += kHex[byte >> 4];
      out += kHex[byte & 0xF];
    }
  }
  return out;
}

std::string with_fragment(std::string_view url, Fragment fragment) {
  return std::string(fragment == Fragment::kKeep ? url : url.substr(0, url.find('#')));
}

Error url_error(CURLUcode code, std::string_view url) {
  return Error(ErrorCategory::kInvalidData,
               fmt::format("invalid URL '{}': {}", url, curl_url_strerror(code)));
}

// Scheme and host lower-cased, fragment dropped if asked; curl drops the default port and an
// empty query when it writes the URL back.
Result<std::string> normalized(CURLU* url, std::string_view subject, Fragment fragment) {
  if (fragment == Fragment::kDrop) curl_url_set(url, CURLUPART_FRAGMENT, nullptr, 0);
  char* raw_host = nullptr;
  if (curl_url_get(url, CURLUPART_HOST, &raw_host, 0) == CURLUE_OK) {
    CurlString host(raw_host);
    std::string lower(host.get());
    std::ranges::transform(lower, lower.begin(), ascii_lower);
    curl_url_set(url, CURLUPART_HOST, lower.c_str(), 0);
  }
  char* raw = nullptr;
  CURLUcode code = curl_url_get(url, CURLUPART_URL, &raw, CURLU_NO_DEFAULT_PORT);
  if (code != CURLUE_OK) return fail(url_error(code, subject));
  CurlString text(raw);
  return std::string(text.get());
}

bool is_resolvable_scheme(std::string_view scheme) {
  return scheme == "http" || scheme == "https" || scheme == "file";
}

}  // namespace

std::string url_scheme(std::string_view ref) {
  size_t colon = ref.find(':');
  if (colon == 0 || colon == std::string_view::npos) return {};
  std::string scheme;
  for (size_t i = 0; i < colon; ++i) {
    char c = ref[i];
    bool alpha = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    bool other = (c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.';
    if (!alpha && !(i > 0 && other)) return {};
    scheme += ascii_lower(c);
  }
  return scheme;
}

bool is_unlisted_link(std::string_view ref) {
  static constexpr std::array<std::string_view, 4> kUnlisted = {"mailto", "javascript", "data", "tel"};
  std::string scheme = url_scheme(clean_reference(ref));
  return std::ranges::find(kUnlisted, scheme) != kUnlisted.end();
}

Result<std::string> resolve_url(std::string_view base, std::string_view ref, Fragment fragment) {
  if (auto simple = resolve_simple(base, ref, fragment)) return std::move(*simple);
  return resolve_with_curl(base, ref, fragment);
}

Result<std::string> resolve_with_curl(std::string_view base, std::string_view raw_ref,
                                      Fragment fragment) {
  std::string ref = clean_reference(raw_ref);
  // libcurl 7.88 resolves "" and "#frag" against the base's directory; RFC 3986 §5.4.1 says
  // they are the base itself (with the reference's fragment, when there is one).
  if (ref.empty() || ref.front() == '#') ref = std::string(base.substr(0, base.find('#'))) + ref;
  std::string scheme = url_scheme(ref);
  std::string base_scheme = url_scheme(base);
  // "http:g" against an http base: RFC 3986 §5.2.2's backward-compatible reading, "g".
  if (!scheme.empty() && scheme == base_scheme && !std::string_view(ref).substr(scheme.size() + 1).starts_with("//")) {
    ref.erase(0, scheme.size() + 1);
    scheme.clear();
  }
  if (!scheme.empty() && !is_resolvable_scheme(scheme)) return with_fragment(ref, fragment);
  if (scheme.empty() && (base.empty() || !is_resolvable_scheme(base_scheme))) {
    return with_fragment(ref, fragment);
  }
  UrlHandle url(curl_url());
  if (!url) return fail(ErrorCategory::kInternal, "out of memory");
  if (scheme.empty()) {
    CURLUcode code = curl_url_set(url.get(), CURLUPART_URL, std::string(base).c_str(), kAnyScheme);
    if (code != CURLUE_OK) return fail(url_error(code, base));
  }
  ref = encode_non_ascii(ref, after_authority(ref));
  CURLUcode code = curl_url_set(url.get(), CURLUPART_URL, ref.c_str(), CURLU_URLENCODE | kAnyScheme);
  if (code != CURLUE_OK) return fail(url_error(code, ref));
  return normalized(url.get(), ref, fragment);
}

Result<std::string> file_url(std::string_view absolute_path) {
  UrlHandle url(curl_url());
  if (!url) return fail(ErrorCategory::kInternal, "out of memory");
  curl_url_set(url.get(), CURLUPART_SCHEME, "file", kAnyScheme);
  CURLUcode code = curl_url_set(url.get(), CURLUPART_PATH, std::string(absolute_path).c_str(),
                                CURLU_URLENCODE);
  if (code != CURLUE_OK) return fail(url_error(code, absolute_path));
  char* raw = nullptr;
  code = curl_url_get(url.get(), CURLUPART_URL, &raw, 0);
  if (code != CURLUE_OK) return fail(url_error(code, absolute_path));
  CurlString text(raw);
  // Every escape here is libcurl's own (it encoded '%' too): upper-case them, as
  // Path.as_uri() and browsers write them.
  std::string out(text.get());
  for (size_t at = out.find('%'); at != out.npos && at + 2 < out.size();
       at = out.find('%', at + 1)) {
    for (size_t digit = at + 1; digit <= at + 2; ++digit) {
      if (out[digit] >= 'a' && out[digit] <= 'f') out[digit] = static_cast<char>(out[digit] - 32);
    }
  }
  return out;
}

}  // namespace gofer::scrape
