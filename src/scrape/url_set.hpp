// The set of URLs a crawl has seen, compact enough for millions: the frontier keeps every URL
// it queued or fetched here, and its per-host queues hold 8-byte handles into it instead of
// strings. Membership is exact (text compared), never a hash-only guess that could drop a page.
//
// Layout: each URL is stored once in an arena of 1 MiB blocks as [origin id][length][rest],
// where the origin ("http://host:port", shared by most URLs of a crawl) lives once in a small
// dictionary; a URL's handle is its position in the arena. An open-addressing table (linear
// probing, at most 80% full) holds the handles, each tagged with 16 bits of the URL's hash so
// a probe rarely reads the text. About 20 bytes per URL plus its path and query, against ~170
// for a std::unordered_set<std::string> node, its heap text and a bucket.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

namespace gofer::scrape {

class UrlSet {
 public:
  using Handle = uint64_t;  // position of the URL in the arena; stable for the set's life

  // Adds `url` unless it is there: its handle, and true when it was new.
  std::pair<Handle, bool> insert(std::string_view url);
  [[nodiscard]] bool contains(std::string_view url) const;
  // The URL a handle from insert() stands for.
  [[nodiscard]] std::string text(Handle handle) const;
  [[nodiscard]] size_t size() const { return size_; }
  // Heap bytes held by the arena, the table and the origins (what the unit test bounds).
  [[nodiscard]] size_t bytes() const;

 private:
  struct Key {
    uint32_t origin;
    std::string_view rest;
  };
  // The origin's id, or none (not added yet) when `add` is false.
  [[nodiscard]] std::optional<uint32_t> origin_id(std::string_view origin, bool add);
  [[nodiscard]] std::optional<Key> key_of(std::string_view url) const;
  [[nodiscard]] Key stored(Handle handle) const;
  // The slot holding `key`, or the empty slot where it would go.
  [[nodiscard]] size_t find_slot(const Key& key, uint64_t hash) const;
  Handle store(const Key& key);
  void grow();

  std::vector<std::unique_ptr<char[]>> blocks_;
  size_t block_used_ = 0;  // bytes written in blocks_.back()
  size_t block_size_ = 0;  // capacity of blocks_.back()
  // Slot: 0 empty, else (hash tag << 48) | (handle + 1).
  std::vector<uint64_t> slots_;
  size_t size_ = 0;
  size_t arena_bytes_ = 0;
  std::vector<std::string> origins_;
  // Looked up by string_view, without building a std::string for each URL.
  struct OriginHash {
    using is_transparent = void;
    size_t operator()(std::string_view origin) const {
      return std::hash<std::string_view>{}(origin);
    }
  };
  std::unordered_map<std::string, uint32_t, OriginHash, std::equal_to<>> origin_ids_;
};

}  // namespace gofer::scrape
