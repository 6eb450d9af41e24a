// Fuzz target for the sitemap reader: any bytes (XML or not, gzip or not) are a sitemap or a
// kInvalidData refusal, never a crash; a location is never empty nor padded with whitespace.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "sitemap.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  auto sitemap = gofer::scrape::parse_sitemap(bytes, 1 << 20);
  if (!sitemap) {
    if (sitemap.error().category() != gofer::ErrorCategory::kInvalidData) std::abort();
    return 0;
  }
  for (const auto& location : sitemap->locations) {
    if (location.empty() || location.front() == ' ' || location.back() == ' ') std::abort();
  }
  return 0;
}
