// Fuzz target for the crawl journal reader: any bytes (a journal cut by kill -9 anywhere, or
// garbage) give the records before the first bad one, never a crash; every done page's rows
// are part of the replayed rows, and a queued URL never contains a newline.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "journal.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto replay = gofer::scrape::Journal::parse(text);
  if (replay.rows.size() > text.size()) std::abort();
  for (const auto& queued : replay.queued) {
    if (queued.url.find('\n') != std::string_view::npos || queued.depth < 0) std::abort();
  }
  if (replay.done.size() + replay.queued.size() > text.size()) std::abort();
  return 0;
}
