// NameStore (packed plan names) and KeyTable (open-addressing index of plan items by key).
#include "gofer/rename/name_store.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "../../../src/rename/name_keys.hpp"

namespace gofer::rename {
namespace {

TEST(NameStoreTest, ViewsReturnWhatWasAdded) {
  NameStore store;
  NameRef a = store.add("Sales Report 1.CSV");
  NameRef empty = store.add("");
  NameRef b = store.add(std::string("nul\0byte", 8));
  EXPECT_EQ(store.view(a), "Sales Report 1.CSV");
  EXPECT_EQ(store.view(empty), "");
  EXPECT_EQ(store.view(b), std::string_view("nul\0byte", 8));
  EXPECT_EQ(store.view(NameRef{}), "");
}

TEST(NameStoreTest, ManyNamesSpanBlocksAndEarlierViewsStayValid) {
  NameStore store;
  std::vector<NameRef> refs;
  std::string_view first_view;
  for (int i = 0; i < 200000; ++i) {
    refs.push_back(store.add("name-" + std::to_string(i) + std::string(static_cast<size_t>(i % 40), 'x')));
    if (i == 0) first_view = store.view(refs[0]);
  }
  EXPECT_GT(store.capacity_bytes(), size_t{1} << 20);  // more than one block
  EXPECT_EQ(first_view, "name-0");                      // blocks never move
  for (int i : {0, 1, 99999, 199999}) {
    EXPECT_EQ(store.view(refs[static_cast<size_t>(i)]),
              "name-" + std::to_string(i) + std::string(static_cast<size_t>(i % 40), 'x'));
  }
}

TEST(NameStoreTest, OverlongNameIsStoredCut) {
  NameStore store;
  NameRef ref = store.add(std::string(NameStore::kMaxStoredBytes + 10, 'a'));
  EXPECT_EQ(store.view(ref).size(), NameStore::kMaxStoredBytes);
}

class KeyTableTest : public ::testing::Test {
 protected:
  std::vector<NameKey> keys_;
  KeyTable table_{4};
  NameKey key_of(uint32_t item) const { return keys_[item]; }
  uint32_t insert(uint32_t item) {
    return table_.insert(item, keys_[item], [this](uint32_t i) { return key_of(i); });
  }
  uint32_t find(const NameKey& key) const {
    return table_.find(key, [this](uint32_t i) { return key_of(i); });
  }
};

TEST_F(KeyTableTest, FindsInsertedItemsAndReportsTheFirstOfEqualKeys) {
  keys_ = {{0, "a"}, {0, "b"}, {1, "a"}, {0, "a"}};
  EXPECT_EQ(insert(0), 0u);
  EXPECT_EQ(insert(1), 1u);
  EXPECT_EQ(insert(2), 2u);  // same name, other directory: another key
  EXPECT_EQ(insert(3), 0u);  // equal to item 0's key
  EXPECT_EQ(find({0, "a"}), 0u);
  EXPECT_EQ(find({1, "a"}), 2u);
  EXPECT_EQ(find({1, "b"}), KeyTable::kNone);
}

TEST_F(KeyTableTest, GrowsPastItsExpectedSizeAndClears) {
  std::vector<std::string> names;
  for (int i = 0; i < 10000; ++i) names.push_back("file" + std::to_string(i));
  for (const auto& name : names) keys_.push_back({0, name});
  for (uint32_t i = 0; i < keys_.size(); ++i) ASSERT_EQ(insert(i), i);
  for (uint32_t i = 0; i < keys_.size(); ++i) ASSERT_EQ(find(keys_[i]), i);
  table_.clear();
  EXPECT_EQ(find(keys_[5]), KeyTable::kNone);
  EXPECT_EQ(insert(5), 5u);
}

}  // namespace
}  // namespace gofer::rename
