// The crawl frontier: the URLs still to fetch, as an ItemSource that grows while the fetch
// engine runs (Scrapy's scheduler). It dedupes normalized URLs, keeps each link in the scope
// of the target it came from, asks for a host's robots.txt before any of its pages and then
// obeys it, and spaces the requests to one host by --delay / Crawl-delay.
#pragma once

#include <chrono>
#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include <re2/re2.h>

#include "gofer/fetch/fetch.hpp"
#include "gofer/scrape/crawl.hpp"
#include "gofer/scrape/robots.hpp"
#include "journal.hpp"
#include "url_set.hpp"

namespace gofer::scrape {

// Scheme, "host[:port]" and host of a normalized absolute URL (resolve_url's output).
struct UrlParts {
  std::string origin;  // "http://host:port"
  std::string host;    // lower-case, no port, IPv6 without brackets
};
[[nodiscard]] std::optional<UrlParts> split_url(std::string_view url);

class Frontier final : public fetch::ItemSource {
 public:
  using Clock = std::chrono::steady_clock;

  // What a handed-out URL is, looked up when its body or report comes back.
  struct Entry {
    int depth = 0;
    uint32_t target = 0;  // index of the target whose scope it is in
    bool robots = false;  // a robots.txt request for `origin`
    std::string origin;
    bool sitemap = false;  // a sitemap (--sitemap) for target `target`
  };

  // Fails on an --allow/--deny pattern RE2 refuses.
  [[nodiscard]] static Result<std::unique_ptr<Frontier>> create(const CrawlOptions& options);

  // A target: depth 0, its own scope. False when it was seen before (given twice) or its
  // host belongs to another --shard.
  bool add_target(const std::string& url);
  // Links of the page `from` (an entry handed out): those in scope, not seen, within the
  // depth and the host cap join the queue.
  void add_links(const Entry& from, const std::vector<std::string>& urls);
  // Resuming: the URLs an interrupted run queued, those it did not finish queued again. Call
  // before add_target(); later queued URLs are recorded in `journal` (may be null).
  void restore(const Journal::Replay& replay, Journal* journal);
  // A sitemap to read for `target` (--sitemap), unless seen before; asked for before pages.
  void add_sitemap(const std::string& url, uint32_t target);
  // The page's URL after redirects counts as fetched: a later link to it is not requested.
  void mark_seen(const std::string& url);

  // The entry of a handed-out URL (until done()); nullopt for an unknown one.
  [[nodiscard]] std::optional<Entry> entry(const std::string& url) const;
  // A robots.txt answered (2xx: its rules; 4xx: allow all; else disallow all).
  void set_robots(const std::string& origin, RobotsTxt robots);

  [[nodiscard]] std::optional<Result<fetch::FetchItem>> next() override;
  [[nodiscard]] bool finished() const override;
  void done(const fetch::FetchItem& item) override;

  [[nodiscard]] int64_t disallowed() const;
  [[nodiscard]] int64_t over_host_cap() const;

 private:
  struct Target {
    std::string host, domain, prefix;
  };
  struct Host {
    enum class Robots { kUnknown, kPending, kKnown } robots_state = Robots::kUnknown;
    std::optional<RobotsTxt> robots;
    // 16 bytes a URL: the text lives once, in seen_.
    struct Waiting {
      UrlSet::Handle url;
      int depth;
      uint32_t target;
    };
    std::deque<Waiting> queue;
    Clock::time_point next_start{};
    double delay_seconds = 0;
    int64_t urls = 0;  // queued so far (--max-urls-per-host)
  };

  explicit Frontier(const CrawlOptions& options) : options_(options) {}
  [[nodiscard]] bool in_scope(const std::string& url, const UrlParts& parts,
                              const Target& target) const;
  void enqueue(const std::string& url, const UrlParts& parts, Entry entry);
  // The next URL of `host` that may start now (its robots.txt first), if any.
  std::optional<std::pair<std::string, Entry>> take_from(Host& host, Clock::time_point now);
  [[nodiscard]] bool queues_empty() const;

  const CrawlOptions& options_;
  Journal* journal_ = nullptr;
  std::vector<std::unique_ptr<RE2>> allow_, deny_;
  mutable std::mutex mutex_;
  std::vector<Target> targets_;
  UrlSet seen_;  // every URL queued or requested, exactly
  std::map<std::string, Host> hosts_;  // by origin
  // Origins whose robots.txt is to be asked for, with the target that first led there.
  std::deque<std::pair<std::string, uint32_t>> robots_requests_;
  std::deque<std::pair<std::string, uint32_t>> sitemap_requests_;  // URL, target
  std::unordered_map<std::string, Entry> out_;                     // handed out, not yet done
  std::string cursor_;  // round-robin position among hosts
  int64_t pages_started_ = 0;
  int64_t disallowed_ = 0, over_host_cap_ = 0;
};

}  // namespace gofer::scrape
