// `gofer scrape URL...`: flags -> FetchOptions + CrawlOptions, rows to the RowSink, a line per
// failed page (every page with -v), JSON objects with --json, the summary.
#include "scrape_urls.hpp"

#include <cstdlib>
#include <mutex>

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <spdlog/spdlog.h>

#include "command.hpp"
#include "gofer/fs.hpp"
#include "gofer/json_lines.hpp"
#include "gofer/scrape/crawl.hpp"
#include "gofer/scrape/url.hpp"
#include "gofer/shard.hpp"
#include "gofer/std_streams.hpp"
#include "gofer/terminal.hpp"
#include "json_report.hpp"
#include "plural.hpp"
#include "scrape_rows.hpp"

namespace gofer::cli {
namespace {

Result<scrape::CrawlOptions> crawl_options(const CrawlFlags& f) {
  if (f.depth < 0) return fail(usage("--depth: expected 0 or more"));
  if (f.max_pages < -1 || f.max_pages == 0) return fail(usage("--max-pages: expected 1 or more"));
  if (f.max_urls_per_host < 1) return fail(usage("--max-urls-per-host: expected 1 or more"));
  if (f.delay < 0) return fail(usage("--delay: expected 0 or more seconds"));
  scrape::CrawlOptions o;
  o.follow_links = f.crawl || !f.follow.empty();
  o.depth = f.depth;
  o.max_pages = f.max_pages;
  if (f.scope == "host") {
    o.scope = scrape::Scope::kHost;
  } else if (f.scope == "domain") {
    o.scope = scrape::Scope::kDomain;
  } else if (f.scope == "prefix") {
    o.scope = scrape::Scope::kPrefix;
  } else {
    return fail(usage(fmt::format("--scope: expected host, domain or prefix, got '{}'", f.scope)));
  }
  o.allow = f.allow;
  o.deny = f.deny;
  o.max_urls_per_host = f.max_urls_per_host;
  o.robots = !f.ignore_robots;
  o.delay_seconds = f.delay;
  o.sitemaps = f.sitemap;
  return o;
}

// Where this command's crawl journal lives: one per crawl identity (what it fetches and what
// it writes), so the same command again finds it and a different one does not.
Result<std::filesystem::path> journal_path(const ScrapeFlags& f,
                                           const std::vector<std::string>& targets,
                                           const Invocation& invocation) {
  GOFER_TRY_ASSIGN(std::filesystem::path state, state_directory(invocation.globals.state_dir));
  std::string identity = fmt::format(
      "{}\n{}\n{}\n{}\n{}\n{}\n{}\n{}\n{}\n{}\n{}\n{}\n{}\n{}\n{}", fmt::join(targets, " "),
      f.select, fmt::join(f.fields, "\x1f"), f.join, f.format, f.output, f.crawl.crawl,
      f.crawl.follow, f.crawl.scope, f.crawl.depth, f.crawl.max_pages,
      fmt::join(f.crawl.allow, "\x1f"), fmt::join(f.crawl.deny, "\x1f"), f.crawl.ignore_robots,
      f.shard + (f.crawl.sitemap ? " sitemap" : ""));
  return state / "scrape" / fmt::format("crawl-{:016x}.journal", stable_hash(identity));
}

Result<std::vector<std::string>> normalized_targets(const std::vector<std::string>& targets) {
  std::vector<std::string> out;
  for (const std::string& target : targets) {
    auto url = scrape::resolve_url("", target);
    if (!url) return fail(usage(url.error().cause()));
    out.push_back(std::move(*url));
  }
  return out;
}

// Per-page lines on stderr or, with --json, objects on stdout; a live progress line when
// stderr is a terminal; rows to the sink. Pages are reported by parser threads and progress by the
// event loops, so every stderr write holds mutex_.
class PageRenderer {
 public:
  PageRenderer(const Invocation& invocation, RowSink& rows)
      : invocation_(invocation),
        rows_(rows),
        live_(!invocation.globals.quiet && !invocation.globals.json && is_terminal(2)) {}

  scrape::CrawlCallbacks callbacks() {
    scrape::CrawlCallbacks c;
    c.on_rows = [this](const std::string& page, const scrape::PageRows& rows) {
      return rows_.add_page(rows.rows, page);
    };
    // Rows of the interrupted run: an -o file starts over and gets them again; stdout had them.
    c.on_replay = [this](std::string_view rows) {
      return rows_.to_file() ? rows_.add_rendered(rows) : Status{};
    };
    c.on_page = [this](const scrape::PageEvent& page) {
      std::lock_guard lock(mutex_);
      if (page.status == fetch::ItemStatus::kFailed) ++failed_;
      clear_progress();
      render(page);
    };
    if (live_) {
      c.on_progress = [this](const fetch::Progress& p) {
        std::lock_guard lock(mutex_);
        clear_progress();
        double rate = p.seconds > 0 ? static_cast<double>(p.done) / p.seconds : 0;
        print_err("scrape: {}/{} requests done, {:.0f}/s, {} active, {} failed", p.done, p.queued,
                  rate, p.active, failed_);
        progress_shown_ = true;
      };
    }
    c.on_warning = [this](const std::string& message) {
      std::lock_guard lock(mutex_);
      clear_progress();
      if (invocation_.globals.quiet) return;
      print_err("gofer: scrape: {}\n", escape_for_terminal(message));
    };
    if (invocation_.globals.verbosity > 0 && !invocation_.globals.quiet) {
      c.on_retry = [this](const std::string& url, const std::string& reason, double wait) {
        std::lock_guard lock(mutex_);
        clear_progress();
        print_err("{}: {}; retrying in {:.1f} s\n", escape_for_terminal(url), reason, wait);
      };
    }
    return c;
  }

  // Before the summary: the progress line goes away.
  void finish() {
    std::lock_guard lock(mutex_);
    clear_progress();
  }

 private:
  void render(const scrape::PageEvent& page) {
    const GlobalOptions& g = invocation_.globals;
    if (g.json) {
      nlohmann::json object{{"type", "page"},
                            {"url", page.url},
                            {"status", fetch::to_string(page.status)},
                            {"rows", page.rows}};
      if (page.http_status != 0) object["http_status"] = page.http_status;
      // "error" only for a failure; why a page was skipped is no error.
      bool page_failed = page.status == fetch::ItemStatus::kFailed;
      if (!page.message.empty()) object[page_failed ? "error" : "reason"] = page.message;
      JsonLinesWriter(stdout).write(object);
      return;
    }
    bool ok = page.status == fetch::ItemStatus::kOk;
    bool unchanged = page.status == fetch::ItemStatus::kUnchanged;
    bool failed = !ok && !unchanged && page.status != fetch::ItemStatus::kSkipped;
    if (unchanged) {
      if (g.verbosity > 0 && !g.quiet) {
        print_err("{}: unchanged (HTTP {})\n", escape_for_terminal(page.url), page.http_status);
      }
    } else if (failed) {
      print_err("gofer: scrape: {}: {}\n", escape_for_terminal(page.url), page.message);
    } else if (!ok && !g.quiet) {
      print_err("gofer: scrape: {}: {}\n", escape_for_terminal(page.url), page.message);
    } else if (ok && g.verbosity > 0 && !g.quiet) {
      print_err("{}: {} ({})\n", escape_for_terminal(page.url), counted(page.rows, "row"),
                page.charset);
    }
  }

  void clear_progress() {
    if (progress_shown_) write_stderr("\r\x1b[K");
    progress_shown_ = false;
  }

  const Invocation& invocation_;
  RowSink& rows_;
  bool live_;
  std::mutex mutex_;
  bool progress_shown_ = false;
  int64_t failed_ = 0;
};

void render_summary(const scrape::CrawlSummary& s, const Invocation& invocation) {
  add_summary_counts(invocation, {{"pages", s.pages},
                                  {"rows", s.rows},
                                  {"skipped", s.skipped},
                                  {"failed", s.failed},
                                  {"unchanged", s.unchanged},
                                  {"interrupted", s.interrupted},
                                  {"disallowed", s.disallowed},
                                  {"over_host_cap", s.over_host_cap},
                                  {"robots_fetched", s.robots_fetched},
                                  {"resumed", s.resumed}});
  if (invocation.globals.json) return;
  if (invocation.globals.quiet) return;
  std::string extra;
  if (s.unchanged > 0) extra += fmt::format(", {} unchanged", s.unchanged);
  if (s.disallowed > 0) extra += fmt::format(", {} disallowed by robots.txt", s.disallowed);
  if (s.over_host_cap > 0) extra += fmt::format(", {} over --max-urls-per-host", s.over_host_cap);
  if (s.interrupted > 0) extra += fmt::format(", {} interrupted", s.interrupted);
  if (s.resumed > 0) extra += fmt::format(", {} done by the interrupted run", s.resumed);
  print_err("scrape: {}, {}, {} skipped, {} failed{} ({:.2f} s)\n", counted(s.pages, "page"),
            counted(s.rows, "row"), s.skipped, s.failed, extra, s.seconds);
}

}  // namespace

void add_crawl_flags(CLI::App& app, CrawlFlags& f) {
  app.add_flag("--crawl", f.crawl, "Follow the links (<a>, <area>) of every fetched page");
  app.add_option("--follow", f.follow,
                 "Follow only the links SELECTOR matches (e.g. 'a.next'); "
                 "implies --crawl")
      ->type_name("SELECTOR");
  app.add_option("--depth", f.depth, "Deepest page fetched; the targets are depth 0 (default 3)");
  app.add_option("--max-pages", f.max_pages, "Request at most N pages, then stop cleanly")
      ->type_name("N");
  app.add_option("--scope", f.scope,
                 "Links followed: host (same host as the target, default), "
                 "domain (same last two labels; three under co.uk-like names), prefix (same URL "
                 "directory)")
      ->type_name("host|domain|prefix");
  app.add_option("--allow", f.allow, "Follow only URLs this RE2 pattern matches (repeatable)")
      ->type_name("RE")
      ->allow_extra_args(false);
  app.add_option("--deny", f.deny, "Never follow URLs this RE2 pattern matches (repeatable)")
      ->type_name("RE")
      ->allow_extra_args(false);
  app.add_option("--max-urls-per-host", f.max_urls_per_host,
                 "Queue at most N URLs of one host: ends link traps (default 100000)")
      ->type_name("N");
  app.add_flag("--ignore-robots", f.ignore_robots, "Do not fetch or obey robots.txt (warns)");
  app.add_flag("--sitemap", f.sitemap,
               "Also fetch the pages listed in each target site's "
               "/sitemap.xml and its robots.txt Sitemap: lines (indexes and .xml.gz followed)");
  app.add_flag("--refresh", f.refresh,
               "Record each page's ETag/Last-Modified and links; later "
               "--refresh runs ask with If-None-Match/If-Modified-Since, and a page that is "
               "unchanged (304) gives no rows but its recorded links are still followed");
  app.add_flag("--fresh", f.fresh,
               "Start over: forget what an interrupted run of the same "
               "command left in its journal (state dir)");
  app.add_option("--delay", f.delay,
                 "Seconds between requests to one host (robots.txt's "
                 "Crawl-delay, up to 30 s, if longer)")
      ->type_name("S");
}

bool uses_crawl_flags(const CrawlFlags& f) {
  return f.crawl || f.ignore_robots || f.fresh || f.sitemap || !f.follow.empty() || f.delay != 0 ||
         f.max_pages != -1 || !f.allow.empty() || !f.deny.empty();
}

Result<ExitCode> scrape_url_targets(const ScrapeFlags& flags,
                                    const std::vector<scrape::FieldSpec>& fields,
                                    const Invocation& invocation) {
  GOFER_TRY(check_transfer_flags(flags.transfer));
  GOFER_TRY_ASSIGN(scrape::CrawlOptions crawl, crawl_options(flags.crawl));
  if (!flags.shard.empty()) {
    GOFER_TRY_ASSIGN(crawl.shard, resolve_shard(flags.shard, &std::getenv));
  }
  GOFER_TRY_ASSIGN(std::vector<std::string> targets, normalized_targets(flags.targets));
  GOFER_TRY_ASSIGN(crawl.journal, journal_path(flags, targets, invocation));
  crawl.fresh = flags.crawl.fresh;
  if (flags.crawl.refresh) crawl.refresh_state = crawl.journal.parent_path() / "pages";
  fetch::FetchOptions options;
  GOFER_TRY(apply_transfer_flags(flags.transfer, options));
  scrape::ExtractOptions extract{flags.select, fields, flags.join, crawl.follow_links,
                                 flags.crawl.follow};
  // Bad selectors are usage errors (exit 2) before anything is fetched.
  GOFER_TRY_ASSIGN(scrape::Extractor probe, scrape::Extractor::create(extract));
  if (options.insecure) {
    spdlog::warn("scrape: --insecure: TLS certificates are NOT verified");
  }
  if (flags.crawl.ignore_robots) {
    spdlog::warn(
        "scrape: --ignore-robots: robots.txt is neither fetched nor obeyed; crawl "
        "only sites you may crawl");
  }
  RowSink rows(flags.format, probe.columns(), probe.lists_links());
  GOFER_TRY(rows.open(flags.output));
  PageRenderer renderer(invocation, rows);
  auto crawled = scrape::scrape_urls(targets, extract, crawl, options, renderer.callbacks());
  renderer.finish();
  GOFER_TRY_ASSIGN(scrape::CrawlSummary summary, std::move(crawled));
  GOFER_TRY(rows.finish());
  render_summary(summary, invocation);
  if (invocation.items != nullptr) {
    *invocation.items =
        static_cast<uint64_t>(summary.pages + summary.unchanged + summary.skipped + summary.failed);
  }
  if (summary.stopped) {
    // Shown even with -q: the journal keeps what was done until the run is resumed.
    print_err(
        "gofer: scrape: interrupted: rerun the same command to resume (pages already "
        "done are not fetched again; --fresh starts over)\n");
    return ExitCode::kInterrupted;
  }
  return summary.failed > 0 ? ExitCode::kPartialFailure : ExitCode::kOk;
}

}  // namespace gofer::cli
