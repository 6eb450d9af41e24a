// Append-only storage for the names of a rename plan. A run may plan a million entries: one
// std::string each would cost a heap block per name and copies whenever a vector grows.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string_view>
#include <vector>

namespace gofer::rename {

// Where a stored name is: 8 bytes instead of a 32-byte std::string plus its heap block.
// Offset in the high 48 bits, size (at most NameStore::kMaxStoredBytes) in the low 16.
struct NameRef {
  uint64_t packed = 0;
  [[nodiscard]] uint64_t offset() const { return packed >> 16; }
  [[nodiscard]] size_t size() const { return static_cast<size_t>(packed & 0xFFFF); }
};

class NameStore {
 public:
  // Longer names are stored cut to this many bytes. No such name can be renamed to (a
  // component is at most 255 bytes, a path at most 4096), so the planner marks it invalid
  // from the full text before storing it; the stored prefix is only for display.
  static constexpr size_t kMaxStoredBytes = 4096;

  NameRef add(std::string_view name);
  [[nodiscard]] std::string_view view(NameRef ref) const {
    if (ref.size() == 0) return {};
    return {blocks_[ref.offset() >> kBlockBits].get() + (ref.offset() & kOffsetMask), ref.size()};
  }
  // Bytes held in blocks (what the store costs, not what the names add up to).
  [[nodiscard]] size_t capacity_bytes() const { return blocks_.size() * kBlockSize; }

 private:
  // Fixed blocks, never reallocated: views stay valid and growth copies nothing.
  static constexpr unsigned kBlockBits = 20;
  static constexpr size_t kBlockSize = size_t{1} << kBlockBits;
  static constexpr uint64_t kOffsetMask = kBlockSize - 1;

  std::vector<std::unique_ptr<char[]>> blocks_;
  size_t used_ = kBlockSize;  // in the last block; "full" before the first one exists
};

}  // namespace gofer::rename
