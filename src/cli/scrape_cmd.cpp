// `gofer scrape`: flags -> an Extractor, then each local file or stdin -> rows -> CSV/JSONL;
// http(s) targets go to scrape_urls.cpp.
#include "scrape_cmd.hpp"

#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <new>
#include <optional>
#include <set>
#include <thread>

#include <fmt/format.h>

#include "command.hpp"
#include "gofer/fs.hpp"
#include "gofer/json_lines.hpp"
#include "gofer/scrape/extract.hpp"
#include "gofer/scrape/html.hpp"
#include "gofer/scrape/url.hpp"
#include "gofer/shard.hpp"
#include "gofer/signals.hpp"
#include "gofer/std_streams.hpp"
#include "gofer/terminal.hpp"
#include "json_report.hpp"
#include "plural.hpp"
#include "scrape_rows.hpp"
#include "scrape_urls.hpp"

namespace gofer::cli {

const std::string_view kScrapeExamples = R"(Examples:
  gofer scrape page.html                                   every link: url,page,text,rel
  gofer scrape --crawl --select 'div.product' --field name=h2 --field price=.price \
      --field link='a::attr(href)' https://shop.example/ -o products.csv
  gofer scrape --follow 'a.next' --select '.item' https://shop.example/list?page=1
  gofer scrape --sitemap --depth 0 --select h1 https://shop.example/      every page listed
  gofer scrape --crawl --refresh --select h1 https://shop.example/ -o new.csv   changed only
  curl -s https://example.org/ | gofer scrape --base https://example.org/ --select 'h1, h2' -
  gofer scrape --format jsonl --select '//table[@id="prices"]//tr' --field cells=td page.html

URL targets go through fetch's engine (-j, --per-host, retries, timeouts, -H, -A as in
`gofer fetch`); each page is held in memory up to --max-size (default 50M, decoded size).
Crawling is polite by default: robots.txt is fetched once per host before its pages and
obeyed (a 4xx robots.txt allows everything; 5xx or unreachable allows nothing), Crawl-delay
is honoured up to 30 s, 2 connections per host. Each normalized URL is requested at most once.
A journal in the state dir lets the same command continue an interrupted crawl (kill -9,
Ctrl-C) without fetching a page twice; --fresh starts over. --sitemap adds the pages of the
site's sitemaps (/sitemap.xml, robots.txt Sitemap: lines, indexes, .xml.gz). --refresh
records each page's validators and links in the state dir; the next --refresh run asks
conditionally and writes rows only for new and changed pages, following the recorded links
of unchanged ones.
The charset comes from the Content-Type header, then <meta>, then detection; non-HTML
responses (PDF, images, ...) are reported as skipped.
Selectors: CSS (type, .class, #id, [attr], = ~= ^= $= *= |=, descendant, >, +, ~,
:nth-child(an+b), :nth-of-type, :first-child, :last-child, :only-child, :first-of-type,
:last-of-type, :only-of-type, :empty, :root, :not(simple), groups with ',') with parsel's
::text and ::attr(NAME); XPath when it starts with /, ./, ( or xpath:.
Exit codes: 0 every page read (non-HTML ones are skipped), 1 some page failed (404, timeout,
parse), 2 usage error, 130 interrupted.)";

namespace {

bool is_web_url(const std::string& target) {
  std::string scheme = scrape::url_scheme(target);
  return scheme == "http" || scheme == "https";
}

Result<std::vector<scrape::FieldSpec>> parse_fields(const std::vector<std::string>& raw) {
  std::vector<scrape::FieldSpec> fields;
  std::set<std::string, std::less<>> names;
  for (const std::string& field : raw) {
    size_t equals = field.find('=');
    if (equals == 0 || equals == std::string::npos || equals + 1 == field.size()) {
      return fail(usage(fmt::format("--field: expected NAME=SELECTOR, got '{}'", field)));
    }
    std::string name = field.substr(0, equals);
    if (!names.insert(name).second)
      return fail(usage(fmt::format("--field: '{}' given twice", name)));
    fields.push_back({std::move(name), field.substr(equals + 1)});
  }
  return fields;
}

// No -o, or -o -: the rows go to stdout.
bool rows_to_stdout(const ScrapeFlags& f) { return f.output.empty() || f.output == "-"; }

Status check_flags(const ScrapeFlags& f, const Invocation& invocation) {
  if (f.targets.empty()) {
    return fail(usage("no TARGET given (an http(s) URL, a local HTML file, or - for stdin)"));
  }
  size_t urls = static_cast<size_t>(std::ranges::count_if(f.targets, is_web_url));
  if (urls > 0 && urls < f.targets.size()) {
    return fail(usage("URLs and local files cannot be mixed in one run (run scrape twice)"));
  }
  if (urls == 0 && f.crawl.refresh) {
    return fail(usage("--refresh needs http(s) URL targets: it makes their requests conditional"));
  }
  if (urls == 0 && uses_crawl_flags(f.crawl)) {
    return fail(
        usage("--crawl, --follow, --sitemap, --delay, --max-pages, --allow, --deny, "
              "--fresh and --ignore-robots need http(s) URL targets"));
  }
  if (urls > 0 && !f.base.empty()) {
    return fail(usage("--base is for local files and stdin; a fetched page's base is its URL"));
  }
  if (f.links && !f.select.empty()) return fail(usage("--links and --select exclude each other"));
  if (!f.fields.empty() && f.select.empty()) return fail(usage("--field needs --select"));
  if (f.format != "csv" && f.format != "jsonl") {
    return fail(usage(fmt::format("--format: expected csv or jsonl, got '{}'", f.format)));
  }
  if (std::ranges::count(f.targets, "-") > 1) return fail(usage("stdin ('-') given twice"));
  if (invocation.globals.json && rows_to_stdout(f)) {
    return fail(usage("--json needs -o FILE: stdout carries the rows"));
  }
  if (!f.base.empty() && scrape::url_scheme(f.base).empty()) {
    return fail(usage(fmt::format("--base: expected an absolute URL, got '{}'", f.base)));
  }
  return {};
}

Result<std::string> read_stdin() {
  std::string out;
  char buffer[1 << 16];
  while (true) {
    GOFER_TRY(wait_readable_or_stop(STDIN_FILENO));
    ssize_t got = ::read(STDIN_FILENO, buffer, sizeof buffer);
    if (got < 0 && errno == EINTR) continue;
    if (got < 0) return fail_errno("stdin");
    if (got == 0) return out;
    out.append(buffer, static_cast<size_t>(got));
  }
}

struct PageCounts {
  size_t pages = 0, rows = 0, skipped = 0, failed = 0;
};

// What became of one target; computed on a worker thread, reported in target order.
struct PageOutcome {
  // kInterrupted: Ctrl-C or SIGTERM came before the page was read; it is neither reported nor
  // counted.
  enum class Kind { kRows, kSkipped, kFailed, kInterrupted } kind = Kind::kFailed;
  scrape::PageRows rows;
  std::string message;
};

// Pages are extracted on up to this many threads: libxml2 parses one page per thread, so
// pages/s grows with the cores (the issue's target is 5x parsel, whose parse is the same).
constexpr unsigned kMaxWorkers = 8;
// Targets handed out per round: bounds the rows held before they are written.
constexpr size_t kPagesPerWorkerRound = 8;

PageOutcome extract_page(const std::string& target, const scrape::Extractor& extractor,
                         const std::string& base_flag) {
  PageOutcome outcome;
  if (stop_requested()) return outcome.kind = PageOutcome::Kind::kInterrupted, outcome;
  auto bytes = target == "-" ? read_stdin() : read_file(target);
  if (!bytes && bytes.error().category() == ErrorCategory::kInterrupted) {
    return outcome.kind = PageOutcome::Kind::kInterrupted, outcome;
  }
  if (!bytes) return outcome.message = "cannot read: " + bytes.error().cause(), outcome;
  if (!scrape::looks_like_html(*bytes)) {
    outcome.kind = PageOutcome::Kind::kSkipped;
    outcome.message = "skipped: not HTML (it does not start with a tag)";
    return outcome;
  }
  std::string base = base_flag;
  if (base.empty() && target != "-") {
    std::error_code error;
    auto absolute = std::filesystem::absolute(target, error);
    if (!error) base = scrape::file_url(absolute.lexically_normal().string()).value_or("");
  }
  auto rows = extractor.extract({*bytes, target, base, ""});
  if (!rows) return outcome.message = rows.error().message(), outcome;
  outcome.kind = PageOutcome::Kind::kRows;
  outcome.rows = std::move(*rows);
  return outcome;
}

class ScrapeCommand final : public Command {
 public:
  void configure(CLI::App& app) override;
  Result<ExitCode> execute(const Invocation& invocation) override;

 private:
  // Reports one page's outcome and writes its rows; per-page problems are counted.
  Status report(const std::string& target, const PageOutcome& outcome, RowSink& sink,
                const Invocation& invocation, PageCounts& counts);
  // Every target through extract_page and report, in order, on `extractors.size()` threads.
  Status scrape_all(std::vector<scrape::Extractor>& extractors, RowSink& sink,
                    const Invocation& invocation, PageCounts& counts);
  ScrapeFlags flags_;
};

void ScrapeCommand::configure(CLI::App& app) {
  ScrapeFlags& f = flags_;
  app.add_option("targets", f.targets, "http(s) URLs, or local HTML files and - for stdin")
      ->type_name("TARGET");
  app.add_flag("--links", f.links, "One row per link: url,page,text,rel (the default)");
  app.add_option("--select", f.select, "One row per element SELECTOR matches (CSS or XPath)")
      ->type_name("SELECTOR");
  app.add_option("--field", f.fields,
                 "A column: SELECTOR relative to the row's element "
                 "(default ::text); repeatable, in column order")
      ->type_name("NAME=SELECTOR")
      ->allow_extra_args(false);
  app.add_option("--join", f.join, "Between several matches of one field (default ' ')")
      ->type_name("SEP");
  app.add_option("--format", f.format,
                 "Output format: csv (default) or jsonl (one object per row, with page)")
      ->type_name("csv|jsonl");
  app.add_option("-o,--output", f.output, "Write the rows to FILE atomically (default stdout)")
      ->type_name("FILE");
  app.add_option("--base", f.base,
                 "URL relative links are resolved against (default: the "
                 "file's file:// URL; none for stdin)")
      ->type_name("URL");
  add_crawl_flags(app, f.crawl);
  app.add_option("--shard", f.shard,
                 "Only targets whose stable hash (FNV-1a) mod N is K-1: a "
                 "URL's host name, a file's path as given; auto: K and N from the array job's "
                 "environment")
      ->type_name("K/N|auto");
  add_concurrency_flags(app, f.transfer);
  add_request_flags(app, f.transfer);
}

// --json: {"type":"page","file":…,"status":…,"rows":N[,"error"|"reason":…]}, as for URL pages.
void write_page_record(const std::string& target, const PageOutcome& outcome) {
  using Kind = PageOutcome::Kind;
  nlohmann::json object{{"type", "page"},
                        {"status", outcome.kind == Kind::kRows      ? "ok"
                                   : outcome.kind == Kind::kSkipped ? "skipped"
                                                                    : "failed"},
                        {"rows", outcome.rows.rows.size()}};
  set_bytes_field(object, "file", target);
  if (!outcome.message.empty()) {
    object[outcome.kind == Kind::kFailed ? "error" : "reason"] = outcome.message;
  }
  JsonLinesWriter(stdout).write(object);
}

Status ScrapeCommand::report(const std::string& target, const PageOutcome& outcome, RowSink& sink,
                             const Invocation& invocation, PageCounts& counts) {
  const bool quiet = invocation.globals.quiet;
  if (invocation.globals.json) write_page_record(target, outcome);
  if (outcome.kind == PageOutcome::Kind::kFailed) {
    ++counts.failed;
    print_err("gofer: scrape: {}: {}\n", escape_for_terminal(target), outcome.message);
    return {};
  }
  if (outcome.kind == PageOutcome::Kind::kSkipped) {
    ++counts.skipped;
    if (!quiet) print_err("gofer: scrape: {}: {}\n", escape_for_terminal(target), outcome.message);
    return {};
  }
  const scrape::PageRows& rows = outcome.rows;
  ++counts.pages;
  counts.rows += rows.rows.size();
  if (invocation.globals.verbosity > 0 && !quiet) {
    print_err(
        "{}: {} ({}{})\n", escape_for_terminal(target), counted(rows.rows.size(), "row"),
        rows.charset,
        rows.unresolved_links == 0
            ? std::string()
            : fmt::format(", {} left out", counted(rows.unresolved_links, "invalid link URL")));
  }
  GOFER_TRY(sink.add_page(rows.rows, target));
  return {};
}

Status ScrapeCommand::scrape_all(std::vector<scrape::Extractor>& extractors, RowSink& sink,
                                 const Invocation& invocation, PageCounts& counts) {
  const std::vector<std::string>& targets = flags_.targets;
  const size_t round = extractors.size() * kPagesPerWorkerRound;
  std::vector<PageOutcome> outcomes;
  for (size_t first = 0; first < targets.size(); first += round) {
    size_t count = std::min(round, targets.size() - first);
    outcomes.assign(count, PageOutcome{});
    std::atomic<size_t> next{0};
    auto work = [&](const scrape::Extractor& extractor) {
      for (size_t i = next++; i < count; i = next++) {
        try {
          outcomes[i] = extract_page(targets[first + i], extractor, flags_.base);
        } catch (const std::bad_alloc&) {
          // A page too big for the memory left fails alone; on a worker thread the exception
          // would end the process.
          outcomes[i] = PageOutcome{};
          outcomes[i].message = "out of memory reading the page";
        }
      }
    };
    {
      std::vector<std::jthread> workers;
      for (size_t w = 1; w < extractors.size() && w < count; ++w)
        workers.emplace_back(work, std::cref(extractors[w]));
      work(extractors[0]);
    }  // joined here
    for (size_t i = 0; i < count; ++i) {
      if (outcomes[i].kind == PageOutcome::Kind::kInterrupted) continue;
      GOFER_TRY(report(targets[first + i], outcomes[i], sink, invocation, counts));
    }
    if (stop_requested()) return {};
  }
  return {};
}

// The rows of an interrupted run are never committed to -o FILE: a half list would look whole.
ExitCode report_interrupted(const ScrapeFlags& flags, const PageCounts& counts) {
  size_t done = counts.pages + counts.skipped + counts.failed;
  print_err(
      "gofer: scrape: interrupted after {} of {}: {}rerun the same command to scrape them all\n",
      done, counted(flags.targets.size(), "page"),
      !rows_to_stdout(flags)
          ? fmt::format("{} was left as it was; ", escape_for_terminal(flags.output))
          : std::string());
  return ExitCode::kInterrupted;
}

Result<ExitCode> ScrapeCommand::execute(const Invocation& invocation) {
  GOFER_TRY(check_flags(flags_, invocation));
  GOFER_TRY_ASSIGN(std::vector<scrape::FieldSpec> fields, parse_fields(flags_.fields));
  if (is_web_url(flags_.targets.front())) return scrape_url_targets(flags_, fields, invocation);
  if (!flags_.shard.empty()) {
    // Local pages split by their path as given, as `csv normalize` splits its inputs.
    GOFER_TRY_ASSIGN(Shard shard, resolve_shard(flags_.shard, &std::getenv));
    std::erase_if(flags_.targets, [&](const std::string& path) { return !in_shard(path, shard); });
  }
  // One extractor per worker: each holds its own compiled XPath, never shared across threads.
  unsigned cores = std::max(1u, std::thread::hardware_concurrency());
  size_t workers =
      std::ranges::count(flags_.targets, "-") > 0
          ? 1
          : std::clamp<size_t>(flags_.targets.size(), 1, std::min<size_t>(cores, kMaxWorkers));
  std::vector<scrape::Extractor> extractors;
  for (size_t w = 0; w < workers; ++w) {
    GOFER_TRY_ASSIGN(scrape::Extractor extractor,
                     scrape::Extractor::create({flags_.select, fields, flags_.join}));
    extractors.push_back(std::move(extractor));
  }
  auto started = std::chrono::steady_clock::now();
  RowSink sink(flags_.format, extractors[0].columns(), extractors[0].lists_links());
  GOFER_TRY(sink.open(flags_.output));
  PageCounts counts;
  GOFER_TRY(scrape_all(extractors, sink, invocation, counts));
  if (stop_requested()) {
    // Rows of the pages read go out on stdout, as a pipeline expects.
    if (rows_to_stdout(flags_)) GOFER_TRY(sink.finish());
    return report_interrupted(flags_, counts);
  }
  GOFER_TRY(sink.finish());
  double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  add_summary_counts(invocation, {{"pages", counts.pages},
                                  {"rows", counts.rows},
                                  {"skipped", counts.skipped},
                                  {"failed", counts.failed}});
  if (!invocation.globals.json && !invocation.globals.quiet) {
    print_err("scrape: {}, {}, {} skipped, {} failed ({:.2f} s)\n", counted(counts.pages, "page"),
              counted(counts.rows, "row"), counts.skipped, counts.failed, seconds);
  }
  return counts.failed > 0 ? ExitCode::kPartialFailure : ExitCode::kOk;
}

}  // namespace

std::unique_ptr<Command> make_scrape_command() { return std::make_unique<ScrapeCommand>(); }

}  // namespace gofer::cli
