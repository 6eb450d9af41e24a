// RFC 9309 robots.txt: parse into the groups that apply to one crawler, then match paths.
#include "gofer/scrape/robots.hpp"

#include <algorithm>
#include <cctype>
#include <vector>
#include <charconv>
#include <cmath>

#include <fmt/format.h>

#include "text.hpp"

namespace gofer::scrape {
namespace {

enum class Key { kUserAgent, kAllow, kDisallow, kCrawlDelay, kSitemap, kOther };

// Names are case-insensitive (§2.2); like Google's parser, common misspellings are accepted.
Key key_of(std::string_view name) {
  std::string key = ascii_lower(name);
  if (key == "user-agent" || key == "useragent" || key == "user agent") return Key::kUserAgent;
  if (key == "allow") return Key::kAllow;
  if (key == "disallow" || key == "dissallow" || key == "dissalow" || key == "disalow" ||
      key == "diasllow" || key == "disallaw") {
    return Key::kDisallow;
  }
  if (key == "crawl-delay") return Key::kCrawlDelay;
  if (key == "sitemap" || key == "site-map") return Key::kSitemap;
  return Key::kOther;
}

// "key: value", or Google's lenient "key value" when the colon is missing.
bool split_line(std::string_view line, std::string_view& key, std::string_view& value) {
  size_t colon = line.find(':');
  if (colon == std::string_view::npos) {
    size_t space = line.find_first_of(" \t");
    if (space == std::string_view::npos) return false;
    colon = space;
  }
  key = trim_blanks(line.substr(0, colon));
  value = trim_blanks(line.substr(colon + 1));
  return !key.empty();
}

// §2.2.2: octets outside US-ASCII are percent-encoded before comparison; existing %xx escapes
// get upper-case hex so "/%e3" and "/%E3" compare equal.
std::string encode_pattern(std::string_view pattern) {
  std::string out;
  for (size_t i = 0; i < pattern.size(); ++i) {
    auto byte = static_cast<unsigned char>(pattern[i]);
    if (byte >= 0x80) {
      out += fmt::format("%{:02X}", byte);
    } else if (byte == '%' && i + 2 < pattern.size() && std::isxdigit(static_cast<unsigned char>(pattern[i + 1])) &&
               std::isxdigit(static_cast<unsigned char>(pattern[i + 2]))) {
      out += '%';
      out += static_cast<char>(std::toupper(static_cast<unsigned char>(pattern[i + 1])));
      out += static_cast<char>(std::toupper(static_cast<unsigned char>(pattern[i + 2])));
      i += 2;
    } else {
      out += pattern[i];
    }
  }
  return out;
}

// The product token a user-agent line names: its leading [A-Za-z_-] characters (Google reads
// "Foo Bar" as "Foo"), or "*".
std::string product_of(std::string_view value) {
  if (value.starts_with('*')) return "*";
  size_t end = 0;
  while (end < value.size() && (std::isalpha(static_cast<unsigned char>(value[end])) ||
                                value[end] == '_' || value[end] == '-')) {
    ++end;
  }
  return ascii_lower(value.substr(0, end));
}

// Does `pattern` match a prefix of `path`? '*' matches any run of characters, a final '$'
// anchors at the end (§2.2.3). The positions in `path` reachable so far are kept in ascending
// order, so a pattern of many '*' costs O(pattern * path), never exponential time.
bool matches(std::string_view pattern, std::string_view path) {
  std::vector<size_t> positions;
  positions.push_back(0);
  for (size_t p = 0; p < pattern.size(); ++p) {
    char c = pattern[p];
    if (c == '$' && p + 1 == pattern.size()) return positions.back() == path.size();
    if (c == '*') {
      size_t from = positions.front();
      positions.clear();
      for (size_t i = from; i <= path.size(); ++i) positions.push_back(i);
      continue;
    }
    size_t kept = 0;
    for (size_t position : positions) {
      if (position < path.size() && path[position] == c) positions[kept++] = position + 1;
    }
    positions.resize(kept);
    if (positions.empty()) return false;
  }
  return true;
}

}  // namespace

RobotsTxt RobotsTxt::allow_all() { return RobotsTxt(); }

RobotsTxt RobotsTxt::disallow_all() {
  RobotsTxt robots;
  robots.rules_.push_back({"/", false});
  return robots;
}

RobotsTxt RobotsTxt::parse(std::string_view text, std::string_view product_token) {
  text = text.substr(0, kMaxBytes);
  if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);
  const std::string token = ascii_lower(product_token);
  RobotsTxt specific, global;
  bool in_agents = false;   // the previous rule line was a user-agent line
  bool for_us = false, for_all = false, seen_specific = false;
  while (!text.empty()) {
    size_t end = text.find_first_of("\r\n");
    std::string_view line = text.substr(0, end);
    text.remove_prefix(end == std::string_view::npos ? text.size() : end + 1);
    line = trim_blanks(line.substr(0, line.find('#')));
    std::string_view name, value;
    if (line.empty() || !split_line(line, name, value)) continue;
    Key key = key_of(name);
    if (key == Key::kSitemap) {
      if (!value.empty()) specific.sitemaps_.emplace_back(value);
      continue;
    }
    if (key == Key::kUserAgent) {
      if (!in_agents) for_us = for_all = false;
      in_agents = true;
      std::string product = product_of(value);
      if (!token.empty() && product == token) for_us = seen_specific = true;
      if (product == "*") for_all = true;
      continue;
    }
    if (key == Key::kOther) continue;
    in_agents = false;
    for (RobotsTxt* target : {for_us ? &specific : nullptr, for_all ? &global : nullptr}) {
      if (target == nullptr) continue;
      if (key == Key::kCrawlDelay) {
        double delay = 0;
        auto [ptr, error] = std::from_chars(value.data(), value.data() + value.size(), delay);
        if (error == std::errc{} && std::isfinite(delay) && delay >= 0) target->crawl_delay_ = delay;
      } else if (!value.empty()) {  // an empty Disallow disallows nothing
        target->rules_.push_back({encode_pattern(value), key == Key::kAllow});
      }
    }
  }
  // Sitemap lines belong to no group (§2.2.4); they were collected on `specific`.
  if (!seen_specific) global.sitemaps_ = std::move(specific.sitemaps_);
  return seen_specific ? specific : global;
}

bool RobotsTxt::allowed(std::string_view path) const {
  // §2.2.2: /robots.txt itself is always allowed.
  if (path == "/robots.txt") return true;
  size_t best = 0;
  bool best_allows = true, found = false;
  for (const Rule& rule : rules_) {
    if (!matches(rule.pattern, path)) continue;
    size_t length = rule.pattern.size();
    if (!found || length > best) {
      best = length;
      best_allows = rule.allow;
      found = true;
    } else if (length == best && rule.allow) {
      best_allows = true;  // §2.2.2: on equal length the least restrictive rule wins
    }
  }
  return !found || best_allows;
}

std::string robots_path(std::string_view url) {
  url = url.substr(0, url.find('#'));
  size_t scheme = url.find("://");
  size_t start = scheme == std::string_view::npos ? 0 : scheme + 3;
  size_t path = url.find_first_of("/?", start);
  if (path == std::string_view::npos) return "/";
  std::string out(url.substr(path));
  if (out.front() == '?') out.insert(out.begin(), '/');
  return out;
}

}  // namespace gofer::scrape
