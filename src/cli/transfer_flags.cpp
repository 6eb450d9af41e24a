// The shared transfer flags: declared once, validated once, for fetch and scrape.
#include "transfer_flags.hpp"

#include <charconv>
#include <cmath>

#include <fmt/format.h>

#include "command.hpp"
#include "gofer/build_info.hpp"
#include "gofer/ca_bundle.hpp"

namespace gofer::cli {
namespace {

}  // namespace

Status check_transfer_flags(const TransferFlags& f) {
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

Result<int64_t> parse_bytes(std::string_view flag, std::string_view text) {
  double value = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  std::string_view suffix(end, static_cast<size_t>(text.data() + text.size() - end));
  double scale = suffix.empty() || suffix == "B"  ? 1
                 : suffix == "k" || suffix == "K" ? 1024.0
                 : suffix == "m" || suffix == "M" ? 1024.0 * 1024
                 : suffix == "g" || suffix == "G" ? 1024.0 * 1024 * 1024
                                                  : -1;
  if (error != std::errc{} || scale < 0 || value < 0 || !std::isfinite(value)) {
    return fail(
        usage(fmt::format("{}: expected a byte count like 500k or 2M, got '{}'", flag, text)));
  }
  return static_cast<int64_t>(value * scale);
}

void add_concurrency_flags(CLI::App& app, TransferFlags& f) {
  app.add_option("-j,--jobs", f.jobs, "Concurrent transfers (default 16)");
  app.add_option("--per-host", f.per_host,
                 fmt::format("Connections per host (default {})", f.per_host));
  app.add_option("--retries", f.retries, "Retries of transient failures (default 3)");
  app.add_option("--retry-base", f.retry_base, "Backoff base in seconds (tests)")->group("");
  app.add_option("--threads", f.threads, "Event-loop threads (tests, benchmarks)")->group("");
  app.add_option("--max-retry-wait", f.max_retry_wait,
                 "Longest Retry-After honoured, seconds (default 60); longer waits fail")
      ->type_name("S");
  app.add_option("--connect-timeout", f.connect_timeout, "Seconds (default 10)")->type_name("S");
  app.add_option("--timeout", f.timeout, "Seconds per transfer (default none)")->type_name("S");
  app.add_option("--stall-timeout", f.stall_timeout, "Seconds without a byte (default 60)")
      ->type_name("S");
}

void add_request_flags(CLI::App& app, TransferFlags& f) {
  app.add_option(
         "--max-size", f.max_size,
         f.max_size.empty()
             ? "Refuse bodies larger than this (e.g. 500M)"
             : fmt::format("Refuse bodies larger than this, decoded (default {})", f.max_size))
      ->type_name("BYTES");
  app.add_option("--limit-rate", f.limit_rate, "Bytes/s per transfer (e.g. 1M)")
      ->type_name("BYTES");
  app.add_option("--max-redirects", f.max_redirects, "Default 10");
  app.add_flag("-k,--insecure", f.insecure, "Do not verify TLS certificates (warns)");
  app.add_option("--cacert", f.cacert, "CA bundle (default: probe the system's)")
      ->type_name("FILE");
  app.add_flag("--netrc", f.netrc, "Credentials from ~/.netrc");
  app.add_option("-H,--header", f.headers, "Extra request header (repeatable)")
      ->type_name("'NAME: VALUE'")
      ->allow_extra_args(false);
  app.add_option("-A,--user-agent", f.user_agent, "Default gofer/VERSION")->type_name("UA");
}

Status apply_transfer_flags(const TransferFlags& f, fetch::FetchOptions& o) {
  o.concurrency = f.jobs;
  o.per_host = f.per_host;
  o.threads = f.threads;
  o.retries = f.retries;
  o.retry_base_seconds = f.retry_base;
  o.max_retry_wait_seconds = f.max_retry_wait;
  o.connect_timeout_seconds = f.connect_timeout;
  o.timeout_seconds = f.timeout;
  o.stall_timeout_seconds = f.stall_timeout;
  o.insecure = f.insecure;
  o.netrc = f.netrc;
  o.ca_bundle = find_ca_bundle(f.cacert).value_or("");
  o.headers = f.headers;
  o.user_agent =
      f.user_agent.empty() ? fmt::format("gofer/{}", build_info::kVersion) : f.user_agent;
  if (!f.max_size.empty()) {
    GOFER_TRY_ASSIGN(o.max_size, parse_bytes("--max-size", f.max_size));
  }
  if (!f.limit_rate.empty()) {
    GOFER_TRY_ASSIGN(o.limit_rate, parse_bytes("--limit-rate", f.limit_rate));
  }
  o.max_redirects = f.max_redirects;
  return {};
}

}  // namespace gofer::cli
