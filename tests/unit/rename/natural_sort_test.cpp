// The keyed natural sort must order exactly as natural_less does (up to equal names).
#include <algorithm>
#include <random>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "../../../src/rename/select.hpp"

namespace gofer::rename {
namespace {

// A selection whose inodes number the entries in the order they were added.
struct Entries : Selection {
  std::vector<PlanItem>& items = entries;

  void add(uint32_t directory, std::string_view name) {
    PlanItem item;
    item.directory = directory;
    item.old_name = names.add(name);
    items.push_back(item);
    inodes.push_back(inodes.size());
  }
};

// Sorted means: no entry is less than the one before it (directory path first, then name).
void expect_sorted(const Entries& e) {
  auto path = [&](const PlanItem& item) -> const std::string& {
    return e.directories[item.directory].path.native();
  };
  for (size_t k = 1; k < e.items.size(); ++k) {
    const PlanItem& before = e.items[k - 1];
    const PlanItem& after = e.items[k];
    if (path(before) != path(after)) {
      EXPECT_TRUE(natural_less(path(before), path(after))) << path(before) << " / " << path(after);
      continue;
    }
    std::string_view a = e.names.view(before.old_name), b = e.names.view(after.old_name);
    EXPECT_FALSE(natural_less(b, a)) << "'" << a << "' before '" << b << "'";
  }
}

std::multiset<std::string> contents(const Entries& e) {
  std::multiset<std::string> out;
  for (const PlanItem& item : e.items) {
    out.insert(e.directories[item.directory].path.string() + "/" +
               std::string(e.names.view(item.old_name)));
  }
  return out;
}

TEST(NaturalSortTest, KeyedSortOrdersLikeNaturalLessOnRandomNames) {
  // Bytes on both sides of '0'..'9' ('/' is 0x2f, ':' 0x3a), control and high bytes, and
  // digit runs short, long (over 9 digits) and zero-padded.
  const std::vector<std::string> pieces{
      "0", "00", "7", "9", "10", "000123", "123456789012", "0000000000099", "a",
      "B", ".",  ":", "-", " ",  "\x01",   "\xff",         "Sales Report ", "x"};
  std::mt19937 random(20261127);
  for (int round = 0; round < 50; ++round) {
    Entries e;
    for (auto path : {"d10", "d2", "d2", "D"}) e.directories.push_back({path, 0});
    int count = 1 + static_cast<int>(random() % 400);
    for (int i = 0; i < count; ++i) {
      std::string name = round % 2 == 0 ? "Sales Report 0" : "";
      for (int parts = 1 + static_cast<int>(random() % 5); parts > 0; --parts) {
        name += pieces[random() % pieces.size()];
      }
      e.add(static_cast<uint32_t>(random() % e.directories.size()), name);
    }
    auto before = contents(e);
    std::vector<std::string> name_by_inode;
    for (const PlanItem& item : e.items) name_by_inode.emplace_back(e.names.view(item.old_name));
    sort_natural(e);
    EXPECT_EQ(contents(e), before) << "a permutation of the entries";
    for (size_t k = 0; k < e.items.size(); ++k) {
      ASSERT_EQ(e.names.view(e.items[k].old_name), name_by_inode[e.inodes[k]]) << "inodes follow";
    }
    expect_sorted(e);
  }
}

TEST(NaturalSortTest, KeyedSortOfTheBenchmarkNames) {
  Entries e;
  e.directories.push_back({".", 0});
  std::vector<int> numbers(5000);
  for (int i = 0; i < 5000; ++i) numbers[static_cast<size_t>(i)] = (i * 7919) % 5000;
  for (int n : numbers) e.add(0, fmt::format("Sales Report {}.CSV", n));
  sort_natural(e);
  for (size_t k = 0; k < e.items.size(); ++k) {
    ASSERT_EQ(e.names.view(e.items[k].old_name), fmt::format("Sales Report {}.CSV", k));
  }
}

}  // namespace
}  // namespace gofer::rename
