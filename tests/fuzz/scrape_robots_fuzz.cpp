// Fuzz target for robots.txt: whatever a server sends (binary, huge, half a line), parsing
// never fails or crashes, a crawl delay is finite and not negative, and matching any path the
// input names terminates. The first line of the input is also taken as a URL for robots_path.
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "gofer/scrape/robots.hpp"

namespace {

// Paths to match: fixed ones, plus every line of the input (patterns tried as paths hit the
// wildcard and `$` handling with inputs that nearly match).
void check_paths(const gofer::scrape::RobotsTxt& robots, std::string_view text) {
  for (std::string_view path : {"/", "/a/b?x=1", "/%7Efoo", ""}) (void)robots.allowed(path);
  size_t lines = 0;
  while (!text.empty() && lines++ < 64) {
    size_t end = text.find('\n');
    std::string_view line = text.substr(0, end);
    (void)robots.allowed(line);
    size_t colon = line.find(':');
    if (colon != std::string_view::npos) (void)robots.allowed(line.substr(colon + 1));
    text = end == std::string_view::npos ? std::string_view{} : text.substr(end + 1);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  for (std::string_view token : {"gofer", "*", ""}) {
    auto robots = gofer::scrape::RobotsTxt::parse(text, token);
    if (auto delay = robots.crawl_delay(); delay && (!std::isfinite(*delay) || *delay < 0)) {
      std::abort();
    }
    check_paths(robots, text);
  }
  std::string path = gofer::scrape::robots_path(text.substr(0, text.find('\n')));
  if (path.empty() || path.front() != '/') std::abort();
  return 0;
}
