// When and how long to wait before retrying a transfer.
#pragma once

#include <ctime>
#include <optional>
#include <string_view>

namespace gofer::fetch {

// 408, 425, 429, 500, 502, 503, 504: the server may answer differently later.
[[nodiscard]] bool is_retryable_status(long http_status);
// Connection failures, timeouts and cut-off bodies (libcurl CURLcode values).
[[nodiscard]] bool is_retryable_curl_code(int curl_code);
// Retry-After as delta-seconds or an HTTP date (relative to `now`); nullopt if unparsable.
// A date in the past means "now" (0).
[[nodiscard]] std::optional<double> parse_retry_after(std::string_view value, std::time_t now);
// Full jitter: uniform in [0, min(cap, base * 2^(retry - 1))]; `unit_random` in [0, 1).
// retry counts from 1 (the wait before the first retry).
[[nodiscard]] double backoff_delay(int retry, double base, double cap, double unit_random);

}  // namespace gofer::fetch
