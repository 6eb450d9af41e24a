// Where URLs come from: command-line URLs, URL lists, CSV lists, shards, SHA256SUMS files.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "gofer/error.hpp"
#include "gofer/fetch/fetch.hpp"
#include "gofer/fs.hpp"
#include "gofer/shard.hpp"

namespace gofer::fetch {

// Shards are shared with `csv normalize` (gofer/shard.hpp); these names keep fetch's spelling.
using gofer::in_shard;
using gofer::parse_shard;
using gofer::Shard;
using gofer::stable_hash;

// Splits one CSV record (RFC 4180 quoting, no embedded newlines).
[[nodiscard]] std::vector<std::string> split_csv_line(std::string_view line);
// http:// or https:// with a host; anything else is refused before a handle is made.
[[nodiscard]] Status check_url(std::string_view url);

// Items given on the command line.
class ListSource final : public ItemSource {
 public:
  explicit ListSource(std::vector<FetchItem> items) : items_(std::move(items)) {}
  std::optional<Result<FetchItem>> next() override;

 private:
  std::vector<FetchItem> items_;
  size_t position_ = 0;
};

// A URL list (one per line, '#' comments, blank lines ignored) or, when the first record is
// a header naming a `url` column, a CSV with optional `path` and `sha256` columns. Read
// lazily, line by line.
class StreamSource final : public ItemSource {
 public:
  // "-" is stdin (not closed); anything else is opened with open_input().
  [[nodiscard]] static Result<std::unique_ptr<StreamSource>> open(const std::string& path);
  StreamSource(UniqueFd owned, int fd, std::string label)
      : owned_(std::move(owned)), fd_(fd), label_(std::move(label)) {}
  std::optional<Result<FetchItem>> next() override;

 private:
  [[nodiscard]] bool read_line(std::string& line);
  // Reads more of the list into buffer_; false at its end, on a read error or on a stop.
  [[nodiscard]] bool refill();
  std::optional<Result<FetchItem>> from_csv(const std::string& line);

  UniqueFd owned_;
  int fd_;
  std::string label_;
  std::string buffer_;
  size_t buffer_start_ = 0;
  bool at_end_ = false;
  uint64_t line_number_ = 0;
  bool first_record_ = true;
  bool csv_ = false;
  bool read_failed_ = false;
  bool error_reported_ = false;
  int read_errno_ = 0;
  std::map<std::string, size_t> columns_;
};

// Passes on only the items of one shard. Malformed lines go to shard 1 only, so N shards
// report each input problem once.
class ShardSource final : public ItemSource {
 public:
  ShardSource(ItemSource& inner, Shard shard) : inner_(inner), shard_(shard) {}
  std::optional<Result<FetchItem>> next() override;

 private:
  ItemSource& inner_;
  Shard shard_;
};

// SHA256SUMS lines: "HEX  name" or "HEX *name" (binary mode marker); names as given.
[[nodiscard]] Result<std::map<std::string, std::string>> parse_checksums(std::string_view text);
[[nodiscard]] bool is_sha256_hex(std::string_view text);

}  // namespace gofer::fetch
