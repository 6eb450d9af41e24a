// `gofer fetch`: flags -> FetchOptions (validated), then run the downloads and render them.
#include "fetch_cmd.hpp"

#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdlib>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "fetch_render.hpp"
#include "gofer/build_info.hpp"
#include "gofer/ca_bundle.hpp"
#include "gofer/fetch/fetch.hpp"
#include "gofer/fetch/input.hpp"
#include "gofer/fetch/naming.hpp"
#include "gofer/fs.hpp"
#include "gofer/json_lines.hpp"
#include "gofer/shard.hpp"
#include "gofer/std_streams.hpp"
#include "gofer/terminal.hpp"

namespace gofer::cli {

const std::string_view kFetchExamples = R"(Examples:
  gofer fetch -j 16 -i urls.txt -d downloads              download a list, 16 at a time
  gofer fetch --refresh --lock /tmp/mirror.lock -i urls.txt -d mirror   nightly cron mirror
  gofer fetch -o app.tar.gz --sha256 HEX https://example.org/app.tar.gz
  gofer fetch --spider --json -i links.txt                check links, write nothing
  gofer fetch --name-template '{host}/{path}' --mkdir -i urls.txt -d mirror   keep the URL tree

Per-URL lines and the summary go to stderr; with --json one object per URL goes to stdout.
Exit codes: 0 all done (or unchanged/skipped), 1 some URL failed, 2 usage error, 130 interrupted.)";

namespace {

// Raw flag values, as CLI11 fills them (stage one); validate() makes FetchOptions.
struct FetchFlags {
  std::vector<std::string> urls, headers;
  std::string input, directory = ".", output, sha256, checksums, shard, cacert, user_agent;
  std::string max_size, limit_rate, name_template;
  int jobs = 16, per_host = 6, retries = 3, threads = 0;
  long max_redirects = 10, stall_timeout = 60;
  double retry_base = 0.5, max_retry_wait = 60, connect_timeout = 10, timeout = 0;
  bool continue_partial = false, skip_existing = false, refresh = false;
  bool content_disposition = false, spider = false, insecure = false, netrc = false;
  bool make_directories = false;
  bool remote_time = false, no_remote_time = false;
};

Error usage(std::string message) { return Error(ErrorCategory::kInvalidArgument, std::move(message)); }

// "1500", "10k", "2.5M", "1G" (powers of 1024, like curl's --limit-rate).
Result<int64_t> parse_bytes(std::string_view flag, std::string_view text) {
  double value = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  std::string_view suffix(end, static_cast<size_t>(text.data() + text.size() - end));
  double scale = suffix.empty() || suffix == "B" ? 1
                 : suffix == "k" || suffix == "K" ? 1024.0
                 : suffix == "m" || suffix == "M" ? 1024.0 * 1024
                 : suffix == "g" || suffix == "G" ? 1024.0 * 1024 * 1024
                                                  : -1;
  if (error != std::errc{} || scale < 0 || value < 0 || !std::isfinite(value)) {
    return fail(usage(fmt::format("{}: expected a byte count like 500k or 2M, got '{}'", flag, text)));
  }
  return static_cast<int64_t>(value * scale);
}

Status check_ranges(const FetchFlags& f) {
  if (f.jobs < 1 || f.jobs > 1000) return fail(usage("-j: expected 1 to 1000"));
  if (f.per_host < 1) return fail(usage("--per-host: expected at least 1"));
  if (f.threads < 0) return fail(usage("--threads: expected 0 (one per CPU) or more"));
  if (f.retries < 0) return fail(usage("--retries: expected 0 or more"));
  if (f.max_redirects < 0) return fail(usage("--max-redirects: expected 0 or more"));
  if (f.connect_timeout <= 0 || f.timeout < 0 || f.stall_timeout < 1 || f.retry_base < 0 ||
      f.max_retry_wait < 0) {
    return fail(usage("timeouts and waits must be positive numbers of seconds"));
  }
  for (const std::string& header : f.headers) {
    if (header.find(':') == header.npos) {
      return fail(usage(fmt::format("-H: expected 'Name: value', got '{}'", header)));
    }
  }
  return {};
}

Status check_single_url_flags(const FetchFlags& f) {
  bool single = f.urls.size() == 1 && f.input.empty();
  if (!f.output.empty() && !single) return fail(usage("-o needs exactly one URL (and no -i)"));
  if (!f.sha256.empty() && !single) return fail(usage("--sha256 needs exactly one URL (and no -i)"));
  if (!f.sha256.empty() && !fetch::is_sha256_hex(f.sha256)) {
    return fail(usage("--sha256: expected 64 hex digits"));
  }
  if (f.output.find('/') != std::string::npos || f.output == ".." || f.output == ".") {
    return fail(usage("-o: a file name inside -d, without '/' (use -d for the directory)"));
  }
  if (f.urls.empty() && f.input.empty()) return fail(usage("no URL given: pass URLs or -i FILE"));
  if (f.remote_time && f.no_remote_time) {
    return fail(usage("--remote-time and --no-remote-time contradict each other; pick one"));
  }
  if (!f.name_template.empty() && f.content_disposition) {
    return fail(usage("--name-template and --content-disposition both name the file; pick one"));
  }
  return {};
}

Result<fetch::FetchOptions> validate(const FetchFlags& f, const Invocation& invocation) {
  GOFER_TRY(check_ranges(f));
  GOFER_TRY(check_single_url_flags(f));
  fetch::FetchOptions o;
  o.directory = f.directory;
  GOFER_TRY_ASSIGN(o.state_directory, state_directory(invocation.globals.state_dir));
  o.concurrency = f.jobs;
  o.per_host = f.per_host;
  o.threads = f.threads;
  o.retries = f.retries;
  o.retry_base_seconds = f.retry_base;
  o.max_retry_wait_seconds = f.max_retry_wait;
  o.connect_timeout_seconds = f.connect_timeout;
  o.timeout_seconds = f.timeout;
  o.stall_timeout_seconds = f.stall_timeout;
  o.continue_partial = f.continue_partial;
  o.skip_existing = f.skip_existing;
  o.refresh = f.refresh;
  // With --refresh the mtime is the fallback validator, so it should be the server's.
  o.remote_time = f.remote_time || (f.refresh && !f.no_remote_time);
  o.content_disposition = f.content_disposition;
  if (!f.name_template.empty()) {
    GOFER_TRY_ASSIGN(o.name_template, fetch::PathTemplate::parse(f.name_template));
  }
  o.make_directories = f.make_directories;
  o.spider = f.spider;
  o.insecure = f.insecure;
  o.netrc = f.netrc;
  o.ca_bundle = find_ca_bundle(f.cacert).value_or("");
  o.headers = f.headers;
  o.user_agent = f.user_agent.empty() ? fmt::format("gofer/{}", build_info::kVersion) : f.user_agent;
  if (!f.max_size.empty()) { GOFER_TRY_ASSIGN(o.max_size, parse_bytes("--max-size", f.max_size)); }
  if (!f.limit_rate.empty()) { GOFER_TRY_ASSIGN(o.limit_rate, parse_bytes("--limit-rate", f.limit_rate)); }
  o.max_redirects = f.max_redirects;
  o.always_sha256 = invocation.globals.json;
  if (!f.checksums.empty()) {
    GOFER_TRY_ASSIGN(std::string text, read_file(f.checksums));
    GOFER_TRY_ASSIGN(o.checksums, with_context(fetch::parse_checksums(text),
                                               "cannot read --checksums " + f.checksums));
  }
  return o;
}

// The URLs to fetch: the list or the command line, filtered to this process's --shard.
struct OpenedSource {
  std::unique_ptr<fetch::ItemSource> source;
  std::unique_ptr<fetch::ShardSource> shard;
  fetch::ItemSource* items = nullptr;
};

}  // namespace

class FetchCommand final : public Command {
 public:
  void configure(CLI::App& app) override;
  Result<ExitCode> execute(const Invocation& invocation) override;
  Result<ExitCode> preview(const Invocation& invocation) override;

 private:
  Result<OpenedSource> open_source();
  FetchFlags flags_;
};

Result<OpenedSource> FetchCommand::open_source() {
  OpenedSource opened;
  if (!flags_.input.empty()) {
    GOFER_TRY_ASSIGN(opened.source, fetch::StreamSource::open(flags_.input));
  } else {
    std::vector<fetch::FetchItem> items;
    for (const std::string& url : flags_.urls) items.push_back({url, flags_.output, flags_.sha256});
    opened.source = std::make_unique<fetch::ListSource>(std::move(items));
  }
  opened.items = opened.source.get();
  if (!flags_.shard.empty()) {
    GOFER_TRY_ASSIGN(Shard shard, resolve_shard(flags_.shard, &std::getenv));
    opened.shard = std::make_unique<fetch::ShardSource>(*opened.source, shard);
    opened.items = opened.shard.get();
  }
  return opened;
}

// The dry run of `gofer run`: how many URLs, and the name each would get (no request is made,
// so a Content-Disposition name cannot be known yet).
Result<ExitCode> FetchCommand::preview(const Invocation& invocation) {
  GOFER_TRY_ASSIGN(fetch::FetchOptions options, validate(flags_, invocation));
  GOFER_TRY_ASSIGN(OpenedSource opened, open_source());
  fetch::NameRegistry names;
  uint64_t count = 0, bad = 0;
  while (auto item = opened.items->next()) {
    Status usable = *item ? fetch::check_url((*item)->url) : Status(fail(item->error()));
    if (!usable) {  // what the run would report for this line, without a request
      print_err("gofer: fetch: {}\n", escape_for_terminal(usable.error().message()));
      ++bad;
      continue;
    }
    std::string name = !(*item)->name.empty() ? (*item)->name
                       : options.name_template ? options.name_template->expand((*item)->url)
                                               : fetch::name_from_url((*item)->url);
    bool renamed = false;
    std::string path = (options.directory / names.claim(name, renamed)).string();
    ++count;
    if (invocation.globals.json) {
      JsonLinesWriter(stdout).write({{"type", "preview"}, {"url", (*item)->url}, {"path", path}});
    } else {
      print_out("{} -> {}\n", escape_for_terminal((*item)->url), escape_for_terminal(path));
    }
  }
  if (invocation.items != nullptr) *invocation.items = count;
  if (!invocation.globals.quiet) {
    print_err("{} URL{} would be fetched into {}{}\n", count, count == 1 ? "" : "s",
              escape_for_terminal(options.directory.string()),
              bad > 0 ? fmt::format(" ({} bad input line{})", bad, bad == 1 ? "" : "s") : "");
  }
  return bad > 0 ? ExitCode::kPartialFailure : ExitCode::kOk;
}

Result<ExitCode> FetchCommand::execute(const Invocation& invocation) {
  GOFER_TRY_ASSIGN(fetch::FetchOptions options, validate(flags_, invocation));
  for (char& c : flags_.sha256) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (options.insecure) {
    spdlog::warn("fetch: --insecure: TLS certificates are NOT verified; anyone on the path can "
                 "read and change these downloads");
  }
  GOFER_TRY_ASSIGN(OpenedSource opened, open_source());
  FetchRenderer renderer(invocation, options.directory);
  GOFER_TRY_ASSIGN(fetch::FetchSummary summary,
                   fetch::run_fetch(*opened.items, options, renderer.callbacks()));
  renderer.summary(summary);
  if (invocation.items != nullptr) {
    *invocation.items = static_cast<uint64_t>(summary.ok + summary.unchanged + summary.skipped +
                                              summary.failed);
  }
  if (summary.stopped) return ExitCode::kInterrupted;
  return summary.failed > 0 ? ExitCode::kPartialFailure : ExitCode::kOk;
}

void FetchCommand::configure(CLI::App& app) {
  FetchFlags& f = flags_;
  app.add_option("urls", f.urls, "http:// or https:// URLs")->type_name("URL");
  app.add_option("-i,--input", f.input, "URL list (one per line, # comments) or CSV with a "
                 "url[,path][,sha256] header; - for stdin")->type_name("FILE");
  app.add_option("-d,--dir", f.directory, "Download directory (default .)")->type_name("DIR");
  app.add_option("-o,--output", f.output, "File name for a single URL")->type_name("NAME");
  app.add_option("-j,--jobs", f.jobs, "Concurrent transfers (default 16)");
  app.add_option("--per-host", f.per_host, "Connections per host (default 6)");
  app.add_option("--retries", f.retries, "Retries of transient failures (default 3)");
  app.add_option("--retry-base", f.retry_base, "Backoff base in seconds (tests)")->group("");
  app.add_option("--threads", f.threads, "Event-loop threads (tests, benchmarks)")->group("");
  app.add_option("--max-retry-wait", f.max_retry_wait,
                 "Longest Retry-After honoured, seconds (default 60); longer waits fail")->type_name("S");
  app.add_option("--connect-timeout", f.connect_timeout, "Seconds (default 10)")->type_name("S");
  app.add_option("--timeout", f.timeout, "Seconds per transfer (default none)")->type_name("S");
  app.add_option("--stall-timeout", f.stall_timeout, "Seconds without a byte (default 60)")->type_name("S");
  app.add_flag("-c,--continue", f.continue_partial, "Resume NAME.part files (Range + If-Range)");
  app.add_flag("--skip-existing", f.skip_existing, "Leave files that already exist alone");
  app.add_flag("--refresh", f.refresh,
               "Conditional GET: the ETag/Last-Modified recorded by the last download, else "
               "If-Modified-Since from the file's mtime; 304 leaves the file alone");
  app.add_flag("--remote-time", f.remote_time,
               "Set each file's mtime from Last-Modified (default with --refresh)");
  app.add_flag("--no-remote-time", f.no_remote_time, "Keep the download time as mtime");
  app.add_flag("--content-disposition", f.content_disposition, "Use the server's file name");
  app.add_option("--name-template", f.name_template,
                 "Name files by URL parts: {host} {port} {path} {dir} {name}, e.g. "
                 "'{host}/{path}'; each part is sanitized, never leaves -d")->type_name("TEMPLATE");
  app.add_flag("--mkdir", f.make_directories,
               "Create the directories --name-template names (never through a symlink)");
  app.add_option("--sha256", f.sha256, "Expected SHA-256 of a single URL")->type_name("HEX");
  app.add_option("--checksums", f.checksums, "Verify against a SHA256SUMS file")->type_name("FILE");
  app.add_option("--max-size", f.max_size, "Refuse bodies larger than this (e.g. 500M)")->type_name("BYTES");
  app.add_option("--limit-rate", f.limit_rate, "Bytes/s per transfer (e.g. 1M)")->type_name("BYTES");
  app.add_option("--max-redirects", f.max_redirects, "Default 10");
  app.add_flag("-k,--insecure", f.insecure, "Do not verify TLS certificates (warns)");
  app.add_option("--cacert", f.cacert, "CA bundle (default: probe the system's)")->type_name("FILE");
  app.add_flag("--netrc", f.netrc, "Credentials from ~/.netrc");
  app.add_option("-H,--header", f.headers, "Extra request header (repeatable)")
      ->type_name("'NAME: VALUE'")->allow_extra_args(false);
  app.add_option("-A,--user-agent", f.user_agent, "Default gofer/VERSION")->type_name("UA");
  app.add_flag("--spider", f.spider, "Check URLs (HEAD, else GET without body); write nothing");
  app.add_option("--shard", f.shard, "Only URLs whose stable hash (FNV-1a) mod N is K-1; auto: "
                 "K and N from the array job's environment")->type_name("K/N|auto");
}

std::unique_ptr<Command> make_fetch_command() { return std::make_unique<FetchCommand>(); }

}  // namespace gofer::cli
