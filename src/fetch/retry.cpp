// Retry policy: which failures are transient, Retry-After parsing, full-jitter backoff.
#include "gofer/fetch/retry.hpp"

#include <curl/curl.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <string>

namespace gofer::fetch {

bool is_retryable_status(long http_status) {
  switch (http_status) {
    case 408: case 425: case 429: case 500: case 502: case 503: case 504: return true;
    default: return false;
  }
}

bool is_retryable_curl_code(int curl_code) {
  switch (static_cast<CURLcode>(curl_code)) {
    case CURLE_COULDNT_CONNECT:
    case CURLE_OPERATION_TIMEDOUT:
    case CURLE_PARTIAL_FILE:
    case CURLE_RECV_ERROR:
    case CURLE_SEND_ERROR:
    case CURLE_GOT_NOTHING:
    case CURLE_HTTP2:
    case CURLE_HTTP2_STREAM:
    case CURLE_SSL_CONNECT_ERROR:  // also what a reset during the handshake looks like
      return true;
    default:
      return false;
  }
}

std::optional<double> parse_retry_after(std::string_view value, std::time_t now) {
  while (!value.empty() && value.front() == ' ') value.remove_prefix(1);
  while (!value.empty() && (value.back() == ' ' || value.back() == '\r')) value.remove_suffix(1);
  if (value.empty()) return std::nullopt;
  if (std::all_of(value.begin(), value.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    long long seconds = 0;
    auto [end, error] = std::from_chars(value.data(), value.data() + value.size(), seconds);
    if (error != std::errc{}) return std::nullopt;  // absurdly long: treat as unparsable
    return static_cast<double>(seconds);
  }
  std::string text(value);
  std::time_t when = curl_getdate(text.c_str(), nullptr);
  if (when == -1) return std::nullopt;
  return when <= now ? 0.0 : static_cast<double>(when - now);
}

double backoff_delay(int retry, double base, double cap, double unit_random) {
  // 2^62 already exceeds any cap; clamping the exponent avoids overflow to inf.
  double ceiling = std::min(cap, base * std::ldexp(1.0, std::clamp(retry - 1, 0, 62)));
  return std::clamp(unit_random, 0.0, 1.0) * ceiling;
}

}  // namespace gofer::fetch
