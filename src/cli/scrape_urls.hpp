// `gofer scrape` flags shared by its two halves: local pages (scrape_cmd.cpp) and http(s)
// targets fetched, and with --crawl followed, through fetch's engine (scrape_urls.cpp).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "command.hpp"
#include "gofer/scrape/extract.hpp"
#include "transfer_flags.hpp"

namespace gofer::cli {

// A page is held in memory while it is parsed: this bounds each one unless --max-size says
// otherwise (a 100 MB page is refused, never read into memory in full).
inline constexpr std::string_view kScrapeDefaultMaxSize = "50M";
// Politeness: fewer connections per host than fetch's 6.
inline constexpr int kScrapeDefaultPerHost = 2;

struct CrawlFlags {
  bool crawl = false, ignore_robots = false, fresh = false, sitemap = false, refresh = false;
  std::string follow, scope = "host";
  int depth = 3;
  int64_t max_pages = -1, max_urls_per_host = 100'000;
  std::vector<std::string> allow, deny;
  double delay = 0;
};

struct ScrapeFlags {
  std::vector<std::string> targets, fields;
  std::string select, join = " ", format = "csv", output, base, shard;
  bool links = false;
  CrawlFlags crawl;
  TransferFlags transfer{.max_size = std::string(kScrapeDefaultMaxSize),
                         .per_host = kScrapeDefaultPerHost};
};

// --crawl, --follow, --depth, --max-pages, --scope, --allow, --deny, --max-urls-per-host,
// --ignore-robots, --delay, --fresh, --sitemap, --refresh.
void add_crawl_flags(CLI::App& app, CrawlFlags& flags);
// True when a flag that only URL targets use was given with local files.
[[nodiscard]] bool uses_crawl_flags(const CrawlFlags& flags);

// Every target is an http(s) URL: fetch, extract, follow; render pages and the summary.
[[nodiscard]] Result<ExitCode> scrape_url_targets(const ScrapeFlags& flags,
                                                  const std::vector<scrape::FieldSpec>& fields,
                                                  const Invocation& invocation);

}  // namespace gofer::cli
