// The transfer flags `gofer fetch` and `gofer scrape` share (same names, same meaning), so a
// URL scraped behaves as a URL fetched: concurrency, retries, timeouts, limits, identity, TLS.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <CLI/CLI.hpp>

#include "gofer/error.hpp"
#include "gofer/fetch/fetch.hpp"

namespace gofer::cli {

struct TransferFlags {
  std::vector<std::string> headers;
  std::string cacert, user_agent, max_size, limit_rate;
  int jobs = 16, per_host = 6, retries = 3, threads = 0;
  long max_redirects = 10, stall_timeout = 60;
  double retry_base = 0.5, max_retry_wait = 60, connect_timeout = 10, timeout = 0;
  bool insecure = false, netrc = false;
};

// "1500", "10k", "2.5M", "1G" (powers of 1024, like curl's --limit-rate).
[[nodiscard]] Result<int64_t> parse_bytes(std::string_view flag, std::string_view text);

// -j, --per-host (its default taken from `flags`), retries and timeouts.
void add_concurrency_flags(CLI::App& app, TransferFlags& flags);
// --max-size, --limit-rate, --max-redirects, TLS, --netrc, -H, -A.
void add_request_flags(CLI::App& app, TransferFlags& flags);

// Range checks: a bad value is a usage error (exit 2).
[[nodiscard]] Status check_transfer_flags(const TransferFlags& flags);
// The flags into `options` (byte counts parsed here).
[[nodiscard]] Status apply_transfer_flags(const TransferFlags& flags, fetch::FetchOptions& options);

}  // namespace gofer::cli
