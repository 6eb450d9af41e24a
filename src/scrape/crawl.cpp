// scrape_urls(): the frontier as the fetch engine's source, bodies in memory, each page's
// rows extracted on a committer thread and its links fed back to the frontier.
#include "gofer/scrape/crawl.hpp"

#include <algorithm>
#include <mutex>
#include <optional>
#include <unordered_map>

#include <fmt/format.h>

#include "frontier.hpp"
#include "gofer/scrape/html.hpp"
#include "gofer/scrape/url.hpp"
#include "page_state.hpp"
#include "sitemap.hpp"
#include "text.hpp"

namespace gofer::scrape {
namespace {

// The media type of a Content-Type value, lower-cased ("text/html").
std::string media_type(std::string_view content_type) {
  return ascii_lower(trim_blanks(content_type.substr(0, content_type.find(';'))));
}

// The charset parameter of a Content-Type value, unquoted; empty when there is none.
std::string charset_parameter(std::string_view content_type) {
  std::string lowered = ascii_lower(content_type);
  size_t at = lowered.find("charset=");
  if (at == lowered.npos) return {};
  std::string_view value = std::string_view(content_type).substr(at + 8);
  value = trim_blanks(value.substr(0, value.find(';')));
  if (value.size() >= 2 && value.front() == '"' && value.back() == '"') {
    value = value.substr(1, value.size() - 2);
  }
  return std::string(value);
}

// HTML by the header; without one, by the bytes (as for local files).
bool is_html(std::string_view content_type, std::string_view body) {
  std::string type = media_type(content_type);
  if (type.empty()) return looks_like_html(body);
  return type == "text/html" || type == "application/xhtml+xml";
}

// Extractors for the parsing threads: libxml2's compiled XPath is not shared between threads.
class ExtractorPool {
 public:
  static Result<ExtractorPool> create(const ExtractOptions& options, int count) {
    ExtractorPool pool;
    for (int i = 0; i < count; ++i) {
      GOFER_TRY_ASSIGN(Extractor extractor, Extractor::create(options));
      pool.free_.push_back(std::make_unique<Extractor>(std::move(extractor)));
    }
    return pool;
  }
  // One extractor, lent to a page until the lease ends, however the page ends: the memory
  // sink turns a std::bad_alloc into the page's failure, and a lost extractor would leave a
  // committer thread without one.
  class Lease {
   public:
    explicit Lease(ExtractorPool& pool) : pool_(pool), extractor_(pool.take()) {}
    ~Lease() { pool_.give_back(std::move(extractor_)); }
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;
    const Extractor* operator->() const { return extractor_.get(); }

   private:
    ExtractorPool& pool_;
    std::unique_ptr<Extractor> extractor_;
  };

 private:
  std::unique_ptr<Extractor> take() {
    std::lock_guard lock(*mutex_);
    auto extractor = std::move(free_.back());
    free_.pop_back();
    return extractor;
  }
  // No allocation (take() left the capacity), so a lease can end during std::bad_alloc.
  void give_back(std::unique_ptr<Extractor> extractor) {
    std::lock_guard lock(*mutex_);
    free_.push_back(std::move(extractor));
  }

  std::unique_ptr<std::mutex> mutex_ = std::make_unique<std::mutex>();
  std::vector<std::unique_ptr<Extractor>> free_;
};

class Crawl {
 public:
  Crawl(Frontier& frontier, ExtractorPool& pool, const CrawlOptions& options,
        const CrawlCallbacks& callbacks, Journal* journal, const PageState* pages,
        int64_t max_size)
      : frontier_(frontier),
        pool_(pool),
        options_(options),
        callbacks_(callbacks),
        journal_(journal),
        pages_(pages),
        max_size_(max_size) {}

  Result<fetch::ItemStatus> on_body(const fetch::FetchedBody& body);
  void on_item(const fetch::ItemReport& report);
  // --refresh: the validators to ask a page with, if it was recorded (its record is kept
  // until the page's report, for a 304).
  std::optional<fetch::Validators> conditional(const fetch::FetchItem& item);
  [[nodiscard]] CrawlSummary summary() const { return summary_; }
  [[nodiscard]] Status output_status() const { return output_; }

 private:
  Result<fetch::ItemStatus> on_page(const fetch::FetchedBody& body, const Frontier::Entry& entry);
  // A sitemap index adds sitemaps, a urlset adds depth-0 pages; a bad one is a warning.
  fetch::ItemStatus on_sitemap(const fetch::FetchedBody& body, const Frontier::Entry& entry);
  void warn(const std::string& message);
  // --refresh: records a page parsed in full (a failure to is a warning).
  void record(const fetch::FetchedBody& body, const std::string& page, const PageRows& rows);
  // A 304: the recorded links join the frontier, no rows.
  void on_unchanged(const fetch::ItemReport& report, const Frontier::Entry& entry,
                    std::optional<PageRecord> record);
  // Reports a page, and records it as done in the journal with the rows it gave.
  void event(PageEvent page, const std::string& requested = {}, std::string_view rows = {});

  Frontier& frontier_;
  ExtractorPool& pool_;
  const CrawlOptions& options_;
  const CrawlCallbacks& callbacks_;
  Journal* journal_;         // null: no resume journal
  const PageState* pages_;   // null: no --refresh
  int64_t max_size_;         // --max-size, also for a sitemap once decompressed
  std::mutex mutex_;         // summary_, output_, the callbacks and asked_
  CrawlSummary summary_;
  Status output_;
  // --refresh: the records of the pages asked for conditionally, until their report.
  std::unordered_map<std::string, PageRecord> asked_;
};

void Crawl::event(PageEvent page, const std::string& requested, std::string_view rows) {
  // Interrupted pages are not done: the next run fetches them.
  if (journal_ != nullptr && page.status != fetch::ItemStatus::kInterrupted) {
    journal_->done(requested.empty() ? page.url : requested, rows);
  }
  switch (page.status) {
    case fetch::ItemStatus::kOk: ++summary_.pages; break;
    case fetch::ItemStatus::kSkipped: ++summary_.skipped; break;
    case fetch::ItemStatus::kUnchanged: ++summary_.unchanged; break;
    case fetch::ItemStatus::kInterrupted: ++summary_.interrupted; break;
    default: ++summary_.failed; break;
  }
  if (callbacks_.on_page) callbacks_.on_page(page);
}

Result<fetch::ItemStatus> Crawl::on_body(const fetch::FetchedBody& body) {
  auto entry = frontier_.entry(body.item.url);
  if (!entry) return fetch::ItemStatus::kOk;
  if (entry->sitemap) return on_sitemap(body, *entry);
  if (!entry->robots) return on_page(body, *entry);
  RobotsTxt robots = RobotsTxt::parse(body.body, options_.product_token);
  if (options_.sitemaps) {
    for (const std::string& sitemap : robots.sitemaps()) {
      if (auto url = resolve_url(body.item.url, sitemap))
        frontier_.add_sitemap(*url, entry->target);
    }
  }
  frontier_.set_robots(entry->origin, std::move(robots));
  return fetch::ItemStatus::kOk;
}

void Crawl::warn(const std::string& message) {
  std::lock_guard lock(mutex_);
  if (callbacks_.on_warning) callbacks_.on_warning(message);
}

fetch::ItemStatus Crawl::on_sitemap(const fetch::FetchedBody& body, const Frontier::Entry& entry) {
  auto sitemap = parse_sitemap(body.body, max_size_);
  if (!sitemap) {
    warn(fmt::format("{}: {}", body.item.url, sitemap.error().message()));
    return fetch::ItemStatus::kSkipped;
  }
  std::vector<std::string> urls;
  for (const std::string& location : sitemap->locations) {
    auto url = resolve_url(body.item.url, location);
    if (!url) continue;
    if (sitemap->index) {
      frontier_.add_sitemap(*url, entry.target);
    } else {
      urls.push_back(std::move(*url));
    }
  }
  frontier_.add_links(Frontier::Entry{-1, entry.target, false, {}}, urls);
  return fetch::ItemStatus::kOk;
}

Result<fetch::ItemStatus> Crawl::on_page(const fetch::FetchedBody& body,
                                         const Frontier::Entry& entry) {
  // A redirect is the same page: its final URL is the base of its links and is not fetched
  // again, and its links are one level deeper than the page, not the redirect.
  std::string page = body.item.url;
  if (!body.effective_url.empty()) {
    if (auto final_url = resolve_url("", body.effective_url)) page = *final_url;
  }
  if (page != body.item.url) frontier_.mark_seen(page);
  if (!is_html(body.content_type, body.body)) {
    std::lock_guard lock(mutex_);
    event({page, fetch::ItemStatus::kSkipped, body.http_status, 0, "",
           fmt::format("skipped: not HTML (Content-Type: {})",
                       body.content_type.empty() ? "none" : body.content_type)},
          body.item.url);
    return fetch::ItemStatus::kSkipped;
  }
  auto rows = ExtractorPool::Lease(pool_)->extract(
      {body.body, page, page, charset_parameter(body.content_type)});
  if (!rows) return fail(rows.error());
  frontier_.add_links(entry, rows->follow);
  if (pages_ != nullptr) record(body, page, *rows);
  std::lock_guard lock(mutex_);
  std::string written;
  if (callbacks_.on_rows && output_) {
    auto rendered = callbacks_.on_rows(page, *rows);
    if (rendered)
      written = std::move(*rendered);
    else
      output_ = fail(rendered.error());
  }
  summary_.rows += static_cast<int64_t>(rows->rows.size());
  event({page, fetch::ItemStatus::kOk, body.http_status, rows->rows.size(), rows->charset, ""},
        body.item.url, written);
  return fetch::ItemStatus::kOk;
}

std::optional<fetch::Validators> Crawl::conditional(const fetch::FetchItem& item) {
  auto entry = frontier_.entry(item.url);
  if (pages_ == nullptr || !entry || entry->robots || entry->sitemap) return std::nullopt;
  auto record = pages_->load(item.url);
  if (!record) return std::nullopt;
  fetch::Validators validators = record->validators;
  std::lock_guard lock(mutex_);
  asked_.insert_or_assign(item.url, std::move(*record));
  return validators;
}

void Crawl::record(const fetch::FetchedBody& body, const std::string& page, const PageRows& rows) {
  PageRecord record{{std::string(body.etag), std::string(body.last_modified)}, page, rows.follow};
  if (Status saved = pages_->save(body.item.url, record); !saved) {
    warn(fmt::format("{}: {}; the next --refresh run fetches it in full", body.item.url,
                     saved.error().message()));
  }
}

// Under mutex_. The page was not parsed again: what it led to last time is followed again,
// and the URL it ended at then counts as fetched.
void Crawl::on_unchanged(const fetch::ItemReport& report, const Frontier::Entry& entry,
                         std::optional<PageRecord> record) {
  std::string page = record ? record->page : report.url;
  if (record) {
    if (page != report.url) frontier_.mark_seen(page);
    frontier_.add_links(entry, record->links);
  }
  event({page, fetch::ItemStatus::kUnchanged, report.http_status, 0, "", "unchanged"},
        report.url);
}

// Reports of pages that did not reach on_body (failed, interrupted, unchanged), and of
// robots.txt.
void Crawl::on_item(const fetch::ItemReport& report) {
  auto entry = frontier_.entry(report.url);
  std::lock_guard lock(mutex_);
  std::optional<PageRecord> asked;
  if (auto it = asked_.find(report.url); it != asked_.end()) {
    asked = std::move(it->second);
    asked_.erase(it);
  }
  if (entry && entry->sitemap) {
    if (report.status == fetch::ItemStatus::kFailed && callbacks_.on_warning) {
      callbacks_.on_warning(fmt::format("{}: {} (sitemap)", report.url, report.error));
    }
    return;
  }
  if (entry && entry->robots) {
    ++summary_.robots_fetched;
    if (report.status != fetch::ItemStatus::kFailed) return;
    bool client_error = report.http_status >= 400 && report.http_status < 500;
    frontier_.set_robots(entry->origin,
                         client_error ? RobotsTxt::allow_all() : RobotsTxt::disallow_all());
    if (!client_error && callbacks_.on_warning) {
      callbacks_.on_warning(
          fmt::format("{}: {}; nothing of {} is fetched (RFC 9309: an "
                      "unreachable robots.txt disallows everything)",
                      report.url, report.error, entry->origin));
    }
    return;
  }
  if (report.status == fetch::ItemStatus::kOk || report.status == fetch::ItemStatus::kSkipped) {
    return;  // reported by on_page
  }
  if (report.status == fetch::ItemStatus::kUnchanged && entry) {
    return on_unchanged(report, *entry, std::move(asked));
  }
  event({report.url, report.status, report.http_status, 0, "", report.error});
}

// --refresh's records, if asked for; the links recorded for a page are those this command
// follows, so the key names --crawl/--follow.
std::optional<PageState> refresh_state(const CrawlOptions& crawl, const ExtractOptions& extract) {
  if (crawl.refresh_state.empty()) return std::nullopt;
  return PageState(crawl.refresh_state,
                   crawl.follow_links ? "follow " + extract.follow : std::string("no-follow"));
}

}  // namespace

Result<CrawlSummary> scrape_urls(const std::vector<std::string>& targets,
                                 const ExtractOptions& extract, const CrawlOptions& crawl,
                                 const fetch::FetchOptions& fetch_options,
                                 const CrawlCallbacks& callbacks) {
  GOFER_TRY_ASSIGN(std::unique_ptr<Frontier> frontier, Frontier::create(crawl));
  ExtractOptions options = extract;
  options.list_follow = crawl.follow_links;
  GOFER_TRY_ASSIGN(
      ExtractorPool pool,
      // One Extractor per committer thread: as many pages are parsed at once.
      ExtractorPool::create(options, fetch::memory_handler_threads(fetch_options)));
  std::optional<Journal> journal;
  CrawlSummary resumed;
  if (!crawl.journal.empty()) {
    GOFER_TRY_ASSIGN(journal, with_context(Journal::open(crawl.journal, crawl.fresh),
                                           "cannot open the crawl journal"));
    Journal::Replay replay = journal->replay();
    resumed.resumed = static_cast<int64_t>(replay.done.size());
    if (callbacks.on_replay) GOFER_TRY(callbacks.on_replay(replay.rows));
    frontier->restore(replay, &*journal);
  }
  for (const std::string& target : targets) frontier->add_target(target);
  std::optional<PageState> pages = refresh_state(crawl, extract);
  Crawl run(*frontier, pool, crawl, callbacks, journal ? &*journal : nullptr,
            pages ? &*pages : nullptr, fetch_options.max_size);
  fetch::FetchCallbacks fetch_callbacks;
  fetch_callbacks.on_item = [&run](const fetch::ItemReport& report) { run.on_item(report); };
  fetch_callbacks.on_progress = [&journal, &callbacks](const fetch::Progress& progress) {
    if (journal) journal->flush_if_due();
    if (callbacks.on_progress) callbacks.on_progress(progress);
  };
  fetch_callbacks.on_retry = callbacks.on_retry;
  fetch::BodyHandler handler = [&run](const fetch::FetchedBody& body) { return run.on_body(body); };
  fetch::ConditionalLookup conditional;
  if (pages) conditional = [&run](const fetch::FetchItem& item) { return run.conditional(item); };
  GOFER_TRY_ASSIGN(fetch::FetchSummary fetched,
                   fetch::run_fetch_to_memory(*frontier, fetch_options, fetch_callbacks, handler,
                                              conditional));
  GOFER_TRY(run.output_status());
  if (journal) {
    GOFER_TRY(journal->flush(true));
    if (!fetched.stopped) journal->remove();
  }
  CrawlSummary summary = run.summary();
  summary.resumed = resumed.resumed;
  summary.disallowed = frontier->disallowed();
  summary.over_host_cap = frontier->over_host_cap();
  summary.seconds = fetched.seconds;
  summary.stopped = fetched.stopped;
  return summary;
}

}  // namespace gofer::scrape
