// Fuzz target for fetch's inputs: URL lists and CSV lists (-i), SHA256SUMS files, --shard
// values. Any bytes end in items or per-line errors, never a crash; an item's checksum is
// 64 hex digits or empty, and its URL is one line, without surrounding blanks.
#include <sys/mman.h>
#include <unistd.h>

#include <cctype>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "gofer/fetch/input.hpp"

namespace {

// Bounds the items taken from one input (each line makes at most one).
constexpr size_t kMaxItems = 1 << 16;

volatile size_t g_sink = 0;  // keeps the work observable to the optimiser

size_t check_item(const gofer::fetch::FetchItem& item) {
  if (!item.sha256.empty() && !gofer::fetch::is_sha256_hex(item.sha256)) std::abort();
  if (item.url.empty() || item.url.find('\n') != std::string::npos) std::abort();
  if (std::isspace(static_cast<unsigned char>(item.url.front())) != 0 ||
      std::isspace(static_cast<unsigned char>(item.url.back())) != 0) {
    std::abort();
  }
  // The check the engine makes before it creates a transfer.
  return gofer::fetch::check_url(item.url) ? item.url.size() : 0;
}

size_t read_list(const uint8_t* data, size_t size) {
  // The list is read from a descriptor, as from a file or a pipe: an in-memory file holds it.
  int fd = ::memfd_create("fuzz-list", 0);
  if (fd < 0) std::abort();
  for (size_t written = 0; written < size;) {
    ssize_t n = ::write(fd, data + written, size - written);
    if (n <= 0) std::abort();
    written += static_cast<size_t>(n);
  }
  if (::lseek(fd, 0, SEEK_SET) != 0) std::abort();
  gofer::fetch::StreamSource source(gofer::UniqueFd(fd), fd, "fuzz-list");  // closes fd
  size_t sink = 0;
  for (size_t i = 0; i < kMaxItems; ++i) {
    auto item = source.next();
    if (!item) break;
    if (*item) {
      sink += check_item(**item) + (*item)->name.size();
    } else {
      sink += item->error().message().size();
    }
  }
  return sink;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  size_t sink = read_list(data, size);
  if (auto sums = gofer::fetch::parse_checksums(text)) {
    for (const auto& [name, hex] : *sums) {
      if (!gofer::fetch::is_sha256_hex(hex)) std::abort();
      sink += name.size();
    }
  }
  std::string_view first_line = text.substr(0, text.find('\n'));
  sink += gofer::fetch::split_csv_line(first_line).size();
  if (auto shard = gofer::fetch::parse_shard(first_line)) {
    if (shard->index >= shard->count) std::abort();
    sink += gofer::fetch::in_shard(text, *shard) ? size_t{1} : size_t{0};
  }
  g_sink = g_sink + sink;
  return 0;
}
