// Pings with libcurl's easy interface: one small GET at a time, no engine needed.
#include "job_ping.hpp"

#include <curl/curl.h>

#include <chrono>
#include <memory>
#include <thread>

#include <spdlog/spdlog.h>

#include "gofer/build_info.hpp"
#include "gofer/ca_bundle.hpp"

namespace gofer::cli {
namespace {

// healthchecks.io answers in well under a second; a ping must not hold up the job for long.
constexpr long kPingTimeoutSeconds = 10;
constexpr long kPingConnectTimeoutSeconds = 5;
constexpr int kPingAttempts = 3;

size_t discard_body(char* /*data*/, size_t size, size_t count, void* /*user*/) {
  return size * count;
}

// One attempt; an empty string means success (any 2xx).
std::string ping_once(const std::string& url) {
  std::unique_ptr<CURL, decltype(&curl_easy_cleanup)> curl(curl_easy_init(), &curl_easy_cleanup);
  if (!curl) return "cannot create a transfer";
  std::string agent = std::string("gofer/") + std::string(build_info::kVersion);
  std::string ca = find_ca_bundle("").value_or("");
  curl_easy_setopt(curl.get(), CURLOPT_URL, url.c_str());
  curl_easy_setopt(curl.get(), CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(curl.get(), CURLOPT_TIMEOUT, kPingTimeoutSeconds);
  curl_easy_setopt(curl.get(), CURLOPT_CONNECTTIMEOUT, kPingConnectTimeoutSeconds);
  curl_easy_setopt(curl.get(), CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(curl.get(), CURLOPT_FOLLOWLOCATION, 1L);
  curl_easy_setopt(curl.get(), CURLOPT_USERAGENT, agent.c_str());
  curl_easy_setopt(curl.get(), CURLOPT_WRITEFUNCTION, &discard_body);
  if (!ca.empty()) curl_easy_setopt(curl.get(), CURLOPT_CAINFO, ca.c_str());
  CURLcode code = curl_easy_perform(curl.get());
  if (code != CURLE_OK) return curl_easy_strerror(code);
  long status = 0;
  curl_easy_getinfo(curl.get(), CURLINFO_RESPONSE_CODE, &status);
  if (status < 200 || status > 299) return "HTTP " + std::to_string(status);
  return "";
}

}  // namespace

void send_ping(const std::string& url, std::string_view what) {
  std::string last_error;
  for (int attempt = 0; attempt < kPingAttempts; ++attempt) {
    if (attempt > 0) std::this_thread::sleep_for(std::chrono::seconds(attempt));
    last_error = ping_once(url);
    if (last_error.empty()) {
      spdlog::debug("ping {}: {} ok", what, url);
      return;
    }
  }
  spdlog::warn("ping {}: {}: {} (the job's result is unchanged)", what, url, last_error);
}

}  // namespace gofer::cli
