// Fuzz target for Retry-After: delta-seconds or an HTTP-date (curl_getdate), whatever a
// server sends. Never a crash, and a parsed wait is finite and not negative.
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <ctime>
#include <string_view>

#include "gofer/fetch/retry.hpp"

namespace {

// Around the epoch, 2026, and the end of 32-bit time_t: the date arithmetic's edges.
constexpr std::time_t kNows[] = {0, 1'795'000'000, 2'147'483'647};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view value(reinterpret_cast<const char*>(data), size);
  for (std::time_t now : kNows) {
    if (auto wait = gofer::fetch::parse_retry_after(value, now)) {
      if (!std::isfinite(*wait) || *wait < 0) std::abort();
    }
  }
  return 0;
}
