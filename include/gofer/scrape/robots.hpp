// robots.txt per RFC 9309: the group for one product token, longest-match Allow/Disallow,
// Crawl-delay and Sitemap lines. A pure library piece; the crawler fetches the file.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace gofer::scrape {

class RobotsTxt {
 public:
  // The rules `text` gives the crawler whose product token is `product_token` (e.g. "gofer"):
  // every group naming it (merged), else every "*" group, else none. Parsing never fails:
  // lines that are not rules are ignored (RFC 9309 §2.2), and only the first
  // kMaxBytes are read (§2.5).
  [[nodiscard]] static RobotsTxt parse(std::string_view text, std::string_view product_token);
  // RFC 9309 §2.3.1.3/4: a 4xx robots.txt allows everything; 5xx or unreachable nothing.
  [[nodiscard]] static RobotsTxt allow_all();
  [[nodiscard]] static RobotsTxt disallow_all();

  // Is `path` (the URL's path and query, percent-encoded, e.g. "/a/b?x=1") allowed? The
  // longest matching pattern wins; on a tie Allow wins; no match allows.
  [[nodiscard]] bool allowed(std::string_view path) const;

  [[nodiscard]] std::optional<double> crawl_delay() const { return crawl_delay_; }
  [[nodiscard]] const std::vector<std::string>& sitemaps() const { return sitemaps_; }

  // RFC 9309 §2.5: crawlers must parse at least 500 KiB.
  static constexpr size_t kMaxBytes = 500 * 1024;

 private:
  struct Rule {
    std::string pattern;  // percent-encoded as the paths are
    bool allow = false;
  };
  std::vector<Rule> rules_;
  std::optional<double> crawl_delay_;
  std::vector<std::string> sitemaps_;
};

// The part of an absolute URL that robots.txt rules match: path and query ("/" when empty),
// fragment dropped.
[[nodiscard]] std::string robots_path(std::string_view url);

}  // namespace gofer::scrape
