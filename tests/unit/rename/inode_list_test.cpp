// InodeList: 4 bytes per inode until one needs 8, with every value kept across the switch.
#include "gofer/rename/inode_list.hpp"

#include <algorithm>

#include <gtest/gtest.h>

namespace gofer::rename {
namespace {

TEST(InodeListTest, WidensWhenAnInodeNeedsMoreThan32Bits) {
  InodeList inodes;
  EXPECT_TRUE(inodes.empty());
  inodes.push_back(7);
  inodes.push_back(UINT32_MAX);
  size_t narrow_width = 0;
  inodes.visit([&](auto& values) { narrow_width = sizeof(values[0]); });
  EXPECT_EQ(narrow_width, 4u);
  inodes.push_back(uint64_t{1} << 40);
  inodes.push_back(9);
  size_t wide_width = 0;
  inodes.visit([&](auto& values) { wide_width = sizeof(values[0]); });
  EXPECT_EQ(wide_width, 8u);
  ASSERT_EQ(inodes.size(), 4u);
  EXPECT_EQ(inodes[0], 7u);
  EXPECT_EQ(inodes[1], UINT32_MAX);
  EXPECT_EQ(inodes[2], uint64_t{1} << 40);
  EXPECT_EQ(inodes[3], 9u);
}

TEST(InodeListTest, VisitReordersInPlace) {
  InodeList inodes;
  for (uint64_t inode : {3u, 1u, 2u}) inodes.push_back(inode);
  inodes.visit([](auto& values) { std::sort(values.begin(), values.end()); });
  EXPECT_EQ(inodes[0], 1u);
  EXPECT_EQ(inodes[2], 3u);
}

}  // namespace
}  // namespace gofer::rename
