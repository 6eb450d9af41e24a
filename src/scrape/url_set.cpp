// UrlSet: the arena of [origin id varint][rest length varint][rest] records and its table.
#include "url_set.hpp"

#include <algorithm>
#include <cstring>
#include <functional>

namespace gofer::scrape {
namespace {

constexpr size_t kBlockBits = 20;  // 1 MiB blocks: a handle is (block << 20) | offset
constexpr size_t kBlockSize = size_t{1} << kBlockBits;
constexpr size_t kMinSlots = 1024;
constexpr int kTagShift = 48;  // handles stay below 2^48 (2^28 blocks of 1 MiB)
constexpr uint64_t kHandleMask = (uint64_t{1} << kTagShift) - 1;

// splitmix64's finalizer: spreads std::hash's bits over the table index and the tag.
uint64_t mix(uint64_t x) {
  x ^= x >> 30;
  x *= 0xbf58476d1ce4e5b9ULL;
  x ^= x >> 27;
  x *= 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

uint64_t hash_of(uint32_t origin, std::string_view rest) {
  return mix(std::hash<std::string_view>{}(rest) + origin * 0x9e3779b97f4a7c15ULL);
}

size_t put_varint(char* out, uint64_t value) {
  size_t n = 0;
  while (value >= 0x80) {
    out[n++] = static_cast<char>((value & 0x7f) | 0x80);
    value >>= 7;
  }
  out[n++] = static_cast<char>(value);
  return n;
}

uint64_t get_varint(const char*& in) {
  uint64_t value = 0;
  for (int shift = 0;; shift += 7) {
    auto byte = static_cast<unsigned char>(*in++);
    value |= uint64_t{byte & 0x7fU} << shift;
    if (byte < 0x80) return value;
  }
}

// "scheme://authority" and what follows; a string without "://" is all rest.
std::pair<std::string_view, std::string_view> split_origin(std::string_view url) {
  size_t scheme = url.find("://");
  if (scheme == url.npos) return {{}, url};
  size_t end = std::min(url.find_first_of("/?#", scheme + 3), url.size());
  return {url.substr(0, end), url.substr(end)};
}

}  // namespace

std::optional<uint32_t> UrlSet::origin_id(std::string_view origin, bool add) {
  if (auto it = origin_ids_.find(origin); it != origin_ids_.end()) return it->second;
  if (!add) return std::nullopt;
  auto id = static_cast<uint32_t>(origins_.size());
  origins_.emplace_back(origin);
  origin_ids_.emplace(origin, id);
  return id;
}

std::optional<UrlSet::Key> UrlSet::key_of(std::string_view url) const {
  auto [origin, rest] = split_origin(url);
  auto it = origin_ids_.find(origin);
  if (it == origin_ids_.end()) return std::nullopt;
  return Key{it->second, rest};
}

UrlSet::Key UrlSet::stored(Handle handle) const {
  const char* at = blocks_[handle >> kBlockBits].get() + (handle & (kBlockSize - 1));
  auto origin = static_cast<uint32_t>(get_varint(at));
  size_t length = get_varint(at);
  return {origin, {at, length}};
}

size_t UrlSet::find_slot(const Key& key, uint64_t hash) const {
  size_t mask = slots_.size() - 1;
  uint64_t tag = hash >> kTagShift;
  for (size_t i = hash & mask;; i = (i + 1) & mask) {
    uint64_t slot = slots_[i];
    if (slot == 0) return i;
    if (slot >> kTagShift != tag) continue;
    Key other = stored((slot & kHandleMask) - 1);
    if (other.origin == key.origin && other.rest == key.rest) return i;
  }
}

UrlSet::Handle UrlSet::store(const Key& key) {
  size_t need = 10 + 10 + key.rest.size();  // two varints at most, then the text
  if (blocks_.empty() || block_used_ + need > block_size_) {
    // A URL longer than a block gets a block of its own, still at offset 0.
    block_size_ = std::max(kBlockSize, need);
    blocks_.push_back(std::make_unique_for_overwrite<char[]>(block_size_));
    arena_bytes_ += block_size_;
    block_used_ = 0;
  }
  Handle handle = ((blocks_.size() - 1) << kBlockBits) | block_used_;
  char* out = blocks_.back().get() + block_used_;
  size_t n = put_varint(out, key.origin);
  n += put_varint(out + n, key.rest.size());
  std::memcpy(out + n, key.rest.data(), key.rest.size());
  block_used_ += n + key.rest.size();
  return handle;
}

void UrlSet::grow() {
  std::vector<uint64_t> old = std::move(slots_);
  slots_.assign(std::max(kMinSlots, old.size() * 2), 0);
  for (uint64_t slot : old) {
    if (slot == 0) continue;
    Key key = stored((slot & kHandleMask) - 1);
    slots_[find_slot(key, hash_of(key.origin, key.rest))] = slot;
  }
}

std::pair<UrlSet::Handle, bool> UrlSet::insert(std::string_view url) {
  if ((size_ + 1) * 5 > slots_.size() * 4) grow();  // at most 80% full
  auto [origin, rest] = split_origin(url);
  Key key{*origin_id(origin, true), rest};
  uint64_t hash = hash_of(key.origin, key.rest);
  size_t i = find_slot(key, hash);
  if (slots_[i] != 0) return {(slots_[i] & kHandleMask) - 1, false};
  Handle handle = store(key);
  slots_[i] = ((hash >> kTagShift) << kTagShift) | (handle + 1);
  ++size_;
  return {handle, true};
}

bool UrlSet::contains(std::string_view url) const {
  auto key = key_of(url);
  if (!key || slots_.empty()) return false;
  return slots_[find_slot(*key, hash_of(key->origin, key->rest))] != 0;
}

std::string UrlSet::text(Handle handle) const {
  Key key = stored(handle);
  std::string url = origins_[key.origin];
  url += key.rest;
  return url;
}

size_t UrlSet::bytes() const {
  size_t total = slots_.capacity() * sizeof(uint64_t);
  total += arena_bytes_ + blocks_.capacity() * sizeof(blocks_[0]);
  // An origin is held twice (the list and the map's key), plus the map's node.
  for (const std::string& origin : origins_) total += 2 * (origin.capacity() + 1) + 64;
  return total;
}

}  // namespace gofer::scrape
