// Inode numbers of a plan's entries, 4 bytes each while they fit (ext4's always do), 8 once
// one does not: a million-entry run journals a million of them.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace gofer::rename {

class InodeList {
 public:
  void push_back(uint64_t inode) {
    if (!wide_ && inode > UINT32_MAX) widen();
    if (wide_) {
      wide_values_.push_back(inode);
    } else {
      narrow_values_.push_back(static_cast<uint32_t>(inode));
    }
  }
  [[nodiscard]] uint64_t operator[](size_t index) const {
    return wide_ ? wide_values_[index] : narrow_values_[index];
  }
  [[nodiscard]] size_t size() const { return wide_ ? wide_values_.size() : narrow_values_.size(); }
  [[nodiscard]] bool empty() const { return size() == 0; }
  // Calls `f` with the underlying std::vector (of uint32_t or uint64_t), to reorder or resize
  // the values in place.
  template <typename F>
  void visit(F&& f) {
    if (wide_) {
      f(wide_values_);
    } else {
      f(narrow_values_);
    }
  }

 private:
  void widen() {
    wide_values_.assign(narrow_values_.begin(), narrow_values_.end());
    narrow_values_ = {};
    wide_ = true;
  }

  bool wide_ = false;
  std::vector<uint32_t> narrow_values_;
  std::vector<uint64_t> wide_values_;
};

}  // namespace gofer::rename
