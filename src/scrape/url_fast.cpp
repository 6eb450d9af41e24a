// resolve_simple(): RFC 3986 §5.2 on strings, for the references libcurl would not change
// beyond resolving them (see url_fast.hpp).
#include "url_fast.hpp"

#include <algorithm>
#include <charconv>

namespace gofer::scrape {
namespace {

bool is_hex(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

// RFC 3986 pchar (unreserved, sub-delims, ':', '@', a %XX escape) plus '/', and `extra`:
// what libcurl's parser passes through as it is. A space, a control or non-ASCII byte (which
// libcurl percent-encodes), a lone '%', '\' and the rest decline the fast path.
bool all_plain(std::string_view text, std::string_view extra) {
  static constexpr std::string_view kPlain = "-._~!$&'()*+,;=:@/";
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    bool alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    if (alnum || kPlain.find(c) != kPlain.npos || extra.find(c) != extra.npos) continue;
    if (c != '%' || i + 2 >= text.size() || !is_hex(text[i + 1]) || !is_hex(text[i + 2])) {
      return false;
    }
    i += 2;
  }
  return true;
}

bool is_digits(std::string_view text) {
  return !text.empty() && std::ranges::all_of(text, [](char c) { return c >= '0' && c <= '9'; });
}

// A number as libcurl writes it back: no leading zero, within `max`.
bool canonical_number(std::string_view text, int max) {
  if (!is_digits(text) || text.size() > 5 || (text.size() > 1 && text.front() == '0')) return false;
  int value = 0;
  std::from_chars(text.data(), text.data() + text.size(), value);
  return value <= max;
}

// Lower-case DNS labels starting with a letter, or a dotted quad as libcurl writes it (it
// rewrites "127.1" and "0x7f.0.0.1"; hosts such as "1password.com" take the slow path).
bool canonical_host(std::string_view host) {
  if (host.empty()) return false;
  if (host.front() >= '0' && host.front() <= '9') {
    int parts = 0;
    for (size_t at = 0; at <= host.size(); ++parts) {
      size_t dot = std::min(host.find('.', at), host.size());
      if (!canonical_number(host.substr(at, dot - at), 255)) return false;
      at = dot + 1;
    }
    return parts == 4;
  }
  if (host.front() < 'a' || host.front() > 'z' || host.back() == '.' || host.back() == '-') {
    return false;
  }
  return std::ranges::all_of(host,
                             [](char c) {
                               return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                                      c == '-' || c == '.';
                             }) &&
         host.find("..") == host.npos;
}

bool canonical_authority(std::string_view scheme, std::string_view authority) {
  if (scheme == "file") return authority.empty();
  size_t colon = authority.find(':');
  if (colon == authority.npos) return canonical_host(authority);
  std::string_view port = authority.substr(colon + 1);
  bool default_port = (scheme == "http" && port == "80") || (scheme == "https" && port == "443");
  return canonical_host(authority.substr(0, colon)) && !default_port &&
         canonical_number(port, 65535) && port != "0";
}

bool has_dot_segment(std::string_view path) {
  for (size_t at = 0; at < path.size();) {
    size_t next = std::min(path.find('/', at + 1), path.size());
    std::string_view segment = path.substr(at + 1, next - at - 1);
    if (segment == "." || segment == "..") return true;
    at = next;
  }
  return false;
}

struct Reference {
  std::string_view path, query, fragment;
  bool has_query = false, has_fragment = false;
};

// Cuts "<delimiter>part" off `text` at the first delimiter; false when the part is empty
// (libcurl drops an empty query) or holds a character libcurl would encode.
bool cut_part(std::string_view& text, char delimiter, std::string_view& part, bool& has) {
  size_t at = text.find(delimiter);
  if (at == text.npos) return true;
  has = true;
  part = text.substr(at + 1);
  text = text.substr(0, at);
  return !part.empty() && all_plain(part, "?");
}

// Splits at the first '#', then at the first '?' before it.
bool split_reference(std::string_view text, Reference& out) {
  if (!cut_part(text, '#', out.fragment, out.has_fragment) ||
      !cut_part(text, '?', out.query, out.has_query)) {
    return false;
  }
  out.path = text;
  return all_plain(out.path, "");
}

// The parts of a base libcurl would write back unchanged.
struct Base {
  std::string_view origin;  // "http://host:port"
  Reference rest;
};

std::optional<Base> simple_base(std::string_view base) {
  size_t scheme_end = base.find("://");
  if (scheme_end == base.npos) return std::nullopt;
  std::string_view scheme = base.substr(0, scheme_end);
  if (scheme != "http" && scheme != "https" && scheme != "file") return std::nullopt;
  size_t path_start = base.find_first_of("/?#", scheme_end + 3);
  if (path_start == base.npos || base[path_start] != '/') return std::nullopt;
  if (!canonical_authority(scheme, base.substr(scheme_end + 3, path_start - scheme_end - 3))) {
    return std::nullopt;
  }
  Base out;
  out.origin = base.substr(0, path_start);
  // A base with a fragment is declined: libcurl 7.88 keeps it before a "?y" reference.
  if (!split_reference(base.substr(path_start), out.rest) || out.rest.has_fragment ||
      has_dot_segment(out.rest.path)) {
    return std::nullopt;
  }
  return out;
}

// RFC 3986 §5.2.4 on a path that starts with '/'.
std::string remove_dot_segments(std::string_view path) {
  std::string out;
  out.reserve(path.size());
  for (size_t at = 0; at < path.size();) {
    size_t next = std::min(path.find('/', at + 1), path.size());
    std::string_view segment = path.substr(at + 1, next - at - 1);
    bool last = next == path.size();
    if (segment == "..") {
      out.resize(std::min(out.rfind('/'), out.size()));
      if (last) out += '/';
    } else if (segment == ".") {
      if (last) out += '/';
    } else {
      out += '/';
      out += segment;
    }
    at = next;
  }
  if (out.empty()) out = "/";
  return out;
}

}  // namespace

std::optional<std::string> resolve_simple(std::string_view base_text, std::string_view ref,
                                          Fragment fragment) {
  // A scheme or a network-path reference: libcurl decides what it means.
  if (ref.starts_with("//")) return std::nullopt;
  size_t first_end = std::min(ref.find_first_of("/?#"), ref.size());
  if (ref.substr(0, first_end).find(':') != std::string_view::npos) return std::nullopt;
  auto base = simple_base(base_text);
  Reference parts;
  if (!base || !split_reference(ref, parts)) return std::nullopt;
  // libcurl drops the query of a file: URL, and refuses every reference against file:///.
  if (base->origin.starts_with("file:") &&
      (parts.has_query || base->rest.has_query || base->rest.path == "/")) {
    return std::nullopt;
  }
  std::string out(base->origin);
  std::string_view query = parts.has_query ? parts.query : std::string_view();
  bool has_query = parts.has_query;
  if (parts.path.empty()) {
    out += base->rest.path;
    if (!has_query) {
      query = base->rest.query;
      has_query = base->rest.has_query;
    }
  } else if (parts.path.front() == '/') {
    out += remove_dot_segments(parts.path);
  } else {
    std::string_view directory = base->rest.path.substr(0, base->rest.path.rfind('/') + 1);
    out += remove_dot_segments(std::string(directory) + std::string(parts.path));
  }
  if (has_query) {
    out += '?';
    out += query;
  }
  if (fragment == Fragment::kKeep && parts.has_fragment) {
    out += '#';
    out += parts.fragment;
  }
  return out;
}

}  // namespace gofer::scrape
