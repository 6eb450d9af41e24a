// `gofer scrape`: flags -> an Extractor, then each local file or stdin -> rows -> CSV/JSONL.
// URL targets and crawling arrive with the crawler; today a URL target is a usage error.
#include "scrape_cmd.hpp"

#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <filesystem>
#include <optional>
#include <set>
#include <thread>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "gofer/atomic_file.hpp"
#include "gofer/csv/writer.hpp"
#include "gofer/fs.hpp"
#include "gofer/json_lines.hpp"
#include "gofer/scrape/extract.hpp"
#include "gofer/scrape/html.hpp"
#include "gofer/scrape/url.hpp"
#include "gofer/std_streams.hpp"
#include "gofer/terminal.hpp"

namespace gofer::cli {

const std::string_view kScrapeExamples = R"(Examples:
  gofer scrape page.html                                   every link: url,page,text,rel
  gofer scrape --select 'div.product' --field name=h2 --field price=.price \
      --field link='a::attr(href)' --base https://shop.example/ saved/*.html -o products.csv
  curl -s https://example.org/ | gofer scrape --base https://example.org/ --select 'h1, h2' -
  gofer scrape --format jsonl --select '//table[@id="prices"]//tr' --field cells=td page.html

Status: scrape reads local HTML files and stdin. http(s):// targets, --crawl and robots.txt
handling arrive with the crawler (a usage error today): save pages with `gofer fetch` first.
Selectors: CSS (type, .class, #id, [attr], = ~= ^= $= *= |=, descendant, >, +, ~,
:nth-child(an+b), :nth-of-type, :first-child, :last-child, :only-child, :first-of-type,
:last-of-type, :only-of-type, :empty, :root, :not(simple), groups with ',') with parsel's
::text and ::attr(NAME); XPath when it starts with /, ./, ( or xpath:.
Exit codes: 0 all pages read (non-HTML files are skipped), 1 some page failed, 2 usage error.)";

namespace {

struct ScrapeFlags {
  std::vector<std::string> targets, fields;
  std::string select, join = " ", format = "csv", output, base;
  bool links = false;
};

Error usage(std::string message) { return Error(ErrorCategory::kInvalidArgument, std::move(message)); }

Result<std::vector<scrape::FieldSpec>> parse_fields(const std::vector<std::string>& raw) {
  std::vector<scrape::FieldSpec> fields;
  std::set<std::string, std::less<>> names;
  for (const std::string& field : raw) {
    size_t equals = field.find('=');
    if (equals == 0 || equals == std::string::npos || equals + 1 == field.size()) {
      return fail(usage(fmt::format("--field: expected NAME=SELECTOR, got '{}'", field)));
    }
    std::string name = field.substr(0, equals);
    if (!names.insert(name).second) return fail(usage(fmt::format("--field: '{}' given twice", name)));
    fields.push_back({std::move(name), field.substr(equals + 1)});
  }
  return fields;
}

Status check_flags(const ScrapeFlags& f, const Invocation& invocation) {
  if (f.targets.empty()) return fail(usage("no TARGET given (a local HTML file, or - for stdin)"));
  for (const std::string& target : f.targets) {
    std::string scheme = scrape::url_scheme(target);
    if (scheme == "http" || scheme == "https") {
      return fail(usage(fmt::format(
          "{}: URL targets arrive with the crawler; today scrape reads local files and stdin "
          "(save the page with `gofer fetch` first)", target)));
    }
  }
  if (f.links && !f.select.empty()) return fail(usage("--links and --select exclude each other"));
  if (!f.fields.empty() && f.select.empty()) return fail(usage("--field needs --select"));
  if (f.format != "csv" && f.format != "jsonl") {
    return fail(usage(fmt::format("--format: expected csv or jsonl, got '{}'", f.format)));
  }
  if (std::ranges::count(f.targets, "-") > 1) return fail(usage("stdin ('-') given twice"));
  if (invocation.globals.json && (f.output.empty() || f.output == "-")) {
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
    ssize_t got = ::read(STDIN_FILENO, buffer, sizeof buffer);
    if (got < 0 && errno == EINTR) continue;
    if (got < 0) return fail_errno("stdin");
    if (got == 0) return out;
    out.append(buffer, static_cast<size_t>(got));
  }
}

// Rows in the chosen format, to stdout or the atomic -o file.
class RowSink {
 public:
  RowSink(std::string format, std::vector<std::string> columns, bool links)
      : jsonl_(format == "jsonl"), links_(links), columns_(std::move(columns)) {}

  Status open(const std::string& output) {
    if (!output.empty() && output != "-") {
      GOFER_TRY_ASSIGN(AtomicFile file, with_context(AtomicFile::create(output), "cannot create " + output));
      file_.emplace(std::move(file));
    }
    if (!jsonl_) {
      std::vector<std::string_view> header(columns_.begin(), columns_.end());
      writer_.write(header, buffer_);
    }
    return flush();
  }

  Status add(const std::vector<std::string>& row, std::string_view page) {
    if (jsonl_) {
      nlohmann::ordered_json object;
      if (!links_) object["page"] = page;
      for (size_t i = 0; i < columns_.size() && i < row.size(); ++i) object[columns_[i]] = row[i];
      buffer_ += object.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
      buffer_ += '\n';
    } else {
      std::vector<std::string_view> fields(row.begin(), row.end());
      writer_.write(fields, buffer_);
    }
    return buffer_.size() >= kFlushBytes ? flush() : Status{};
  }

  Status finish() {
    GOFER_TRY(flush());
    if (file_) return with_context(file_->commit(), "cannot write " + file_->target().string());
    return {};
  }

 private:
  // Rows go out in blocks: one write per ~256 KiB instead of one per row.
  static constexpr size_t kFlushBytes = 256 * 1024;

  Status flush() {
    if (file_) {
      GOFER_TRY(with_context(file_->write(buffer_), "cannot write " + file_->target().string()));
    } else {
      write_stdout(buffer_);
    }
    buffer_.clear();
    return {};
  }

  bool jsonl_;
  bool links_;
  std::vector<std::string> columns_;
  csv::CsvWriter writer_{csv::WriterOptions{}};
  std::string buffer_;
  std::optional<AtomicFile> file_;
};

struct PageCounts {
  size_t pages = 0, rows = 0, skipped = 0, failed = 0;
};

// What became of one target; computed on a worker thread, reported in target order.
struct PageOutcome {
  enum class Kind { kRows, kSkipped, kFailed } kind = Kind::kFailed;
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
  auto bytes = target == "-" ? read_stdin() : read_file(target);
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
  app.add_option("targets", f.targets, "Local HTML files, or - for stdin (URLs: with the crawler)")
      ->type_name("TARGET");
  app.add_flag("--links", f.links, "One row per link: url,page,text,rel (the default)");
  app.add_option("--select", f.select, "One row per element SELECTOR matches (CSS or XPath)")
      ->type_name("SELECTOR");
  app.add_option("--field", f.fields, "A column: SELECTOR relative to the row's element "
                 "(default ::text); repeatable, in column order")
      ->type_name("NAME=SELECTOR")->allow_extra_args(false);
  app.add_option("--join", f.join, "Between several matches of one field (default ' ')")
      ->type_name("SEP");
  app.add_option("--format", f.format, "csv (default) or jsonl (one object per row, with page)")
      ->type_name("FORMAT");
  app.add_option("-o,--output", f.output, "Write the rows to FILE atomically (default stdout)")
      ->type_name("FILE");
  app.add_option("--base", f.base, "URL relative links are resolved against (default: the "
                 "file's file:// URL; none for stdin)")->type_name("URL");
}

Status ScrapeCommand::report(const std::string& target, const PageOutcome& outcome, RowSink& sink,
                             const Invocation& invocation, PageCounts& counts) {
  const bool quiet = invocation.globals.quiet;
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
    print_err("{}: {} rows ({}{})\n", escape_for_terminal(target), rows.rows.size(), rows.charset,
              rows.unresolved_links == 0
                  ? std::string()
                  : fmt::format(", {} invalid link URLs left out", rows.unresolved_links));
  }
  for (const auto& row : rows.rows) GOFER_TRY(sink.add(row, target));
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
        outcomes[i] = extract_page(targets[first + i], extractor, flags_.base);
      }
    };
    {
      std::vector<std::jthread> workers;
      for (size_t w = 1; w < extractors.size() && w < count; ++w) workers.emplace_back(work, std::cref(extractors[w]));
      work(extractors[0]);
    }  // joined here
    for (size_t i = 0; i < count; ++i) GOFER_TRY(report(targets[first + i], outcomes[i], sink, invocation, counts));
  }
  return {};
}

Result<ExitCode> ScrapeCommand::execute(const Invocation& invocation) {
  GOFER_TRY(check_flags(flags_, invocation));
  GOFER_TRY_ASSIGN(std::vector<scrape::FieldSpec> fields, parse_fields(flags_.fields));
  // One extractor per worker: each holds its own compiled XPath, never shared across threads.
  unsigned cores = std::max(1u, std::thread::hardware_concurrency());
  size_t workers = std::ranges::count(flags_.targets, "-") > 0 ? 1 : std::min<size_t>(
      {cores, kMaxWorkers, flags_.targets.size()});
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
  GOFER_TRY(sink.finish());
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  if (invocation.globals.json) {
    JsonLinesWriter(stdout).write({{"type", "summary"}, {"pages", counts.pages}, {"rows", counts.rows},
                                   {"skipped", counts.skipped}, {"failed", counts.failed},
                                   {"seconds", seconds}});
  } else if (!invocation.globals.quiet) {
    print_err("scrape: {} pages, {} rows, {} skipped, {} failed ({:.2f} s)\n", counts.pages,
              counts.rows, counts.skipped, counts.failed, seconds);
  }
  return counts.failed > 0 ? ExitCode::kPartialFailure : ExitCode::kOk;
}

}  // namespace

std::unique_ptr<Command> make_scrape_command() { return std::make_unique<ScrapeCommand>(); }

}  // namespace gofer::cli
