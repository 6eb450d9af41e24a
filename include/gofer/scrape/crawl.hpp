// `gofer scrape` on http(s) URLs: pages fetched through fetch's engine (bodies in memory),
// rows extracted on the committer threads, and with --crawl/--follow a frontier that grows
// while the engine runs, obeying robots.txt and per-host delays.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "gofer/error.hpp"
#include "gofer/fetch/fetch.hpp"
#include "gofer/scrape/extract.hpp"
#include "gofer/shard.hpp"

namespace gofer::scrape {

enum class Scope { kHost, kDomain, kPrefix };

struct CrawlOptions {
  bool follow_links = false;  // --crawl or --follow: links of fetched pages join the frontier
  int depth = 3;              // the targets are depth 0; the deepest page fetched
  int64_t max_pages = -1;     // pages requested at most; -1: no limit
  Scope scope = Scope::kHost;
  std::vector<std::string> allow, deny;  // RE2, on the absolute URL
  int64_t max_urls_per_host = 100'000;
  bool robots = true;                   // fetch and obey robots.txt (off: --ignore-robots)
  double delay_seconds = 0;             // --delay between requests to one host
  std::string product_token = "gofer";  // the robots.txt user-agent it matches
  // --sitemap: each target's /sitemap.xml and its robots.txt's Sitemap: lines seed the crawl
  // (sitemap indexes followed, .xml.gz read); their pages are depth 0 in the target's scope.
  bool sitemaps = false;
  // --shard: only targets whose host name hashes to this shard. Links stay with the shard
  // that found them, so with Scope::kHost no page is fetched by two shards.
  std::optional<Shard> shard;
  // The resume journal (empty: none). A crawl stopped by kill -9 or Ctrl-C continues from it;
  // a completed one removes it. `fresh` empties it first.
  std::filesystem::path journal;
  bool fresh = false;
  // --refresh: where pages are recorded (validators, final URL, links to follow); empty: off.
  // A recorded page is asked for conditionally; a 304 gives no rows, and its recorded links
  // are followed as if it had been parsed.
  std::filesystem::path refresh_state;
};

// What became of one page (robots.txt requests are not pages and are not reported).
struct PageEvent {
  std::string url;
  fetch::ItemStatus status = fetch::ItemStatus::kFailed;
  long http_status = 0;
  size_t rows = 0;
  std::string charset;
  std::string message;  // why it failed or was skipped
};

struct CrawlSummary {
  int64_t pages = 0, rows = 0, skipped = 0, failed = 0, interrupted = 0;
  int64_t unchanged = 0;       // --refresh: pages that answered 304 (not parsed again)
  int64_t disallowed = 0;      // frontier URLs robots.txt kept from being requested
  int64_t over_host_cap = 0;   // links dropped by --max-urls-per-host
  int64_t robots_fetched = 0;  // robots.txt requests made
  int64_t resumed = 0;         // pages done by the interrupted run this one continues
  double seconds = 0;
  bool stopped = false;
};

struct CrawlCallbacks {
  // Rows of one page; called by one thread at a time. Returns the bytes it wrote (they go to
  // the journal). An error stops nothing but is kept and returned at the end.
  std::function<Result<std::string>(const std::string& page, const PageRows& rows)> on_rows;
  // Resuming: the rows the interrupted run wrote, as on_rows returned them; called first.
  std::function<Status(std::string_view rows)> on_replay;
  std::function<void(const PageEvent&)> on_page;  // one thread at a time
  std::function<void(const fetch::Progress&)> on_progress;
  std::function<void(const std::string& url, const std::string& reason, double wait_seconds)>
      on_retry;
  std::function<void(const std::string& message)> on_warning;  // e.g. robots.txt unreachable
};

// Fetches every target (and with follow_links what they lead to) and extracts rows. Targets
// must be absolute http(s) URLs. `fetch_options.max_size` bounds each page in memory.
[[nodiscard]] Result<CrawlSummary> scrape_urls(const std::vector<std::string>& targets,
                                               const ExtractOptions& extract,
                                               const CrawlOptions& crawl,
                                               const fetch::FetchOptions& fetch_options,
                                               const CrawlCallbacks& callbacks);

// The registrable domain as --scope domain takes it (no public suffix list): the last two
// labels, or three when the second-level label has two letters ("shop.example.co.uk" ->
// "example.co.uk"). An IP address is its own domain.
[[nodiscard]] std::string registrable_domain(std::string_view host);

}  // namespace gofer::scrape
