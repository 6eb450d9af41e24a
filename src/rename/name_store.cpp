// NameStore: names packed into 1 MiB blocks.
#include "gofer/rename/name_store.hpp"

#include <algorithm>
#include <cstring>

namespace gofer::rename {

NameRef NameStore::add(std::string_view name) {
  size_t size = std::min(name.size(), kMaxStoredBytes);
  if (size == 0) return {};
  if (kBlockSize - used_ < size) {
    // make_unique_for_overwrite: pages are only touched (and counted in RSS) once written.
    blocks_.push_back(std::make_unique_for_overwrite<char[]>(kBlockSize));
    used_ = 0;
  }
  uint64_t offset = ((blocks_.size() - 1) << kBlockBits) | used_;
  if (size > 0) std::memcpy(blocks_.back().get() + used_, name.data(), size);
  used_ += size;
  return NameRef{offset << 16 | size};
}

}  // namespace gofer::rename
