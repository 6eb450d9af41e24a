#include "plural.hpp"

#include <gtest/gtest.h>

namespace gofer::cli {
namespace {

TEST(PluralTest, OneTakesTheSingular) {
  EXPECT_EQ(counted(1, "page"), "1 page");
  EXPECT_EQ(counted(1, "entry", "entries"), "1 entry");
  EXPECT_EQ(noun_for(1, "entry", "entries"), "entry");
}

TEST(PluralTest, ZeroAndManyTakeThePlural) {
  EXPECT_EQ(counted(0, "page"), "0 pages");
  EXPECT_EQ(counted(2, "page"), "2 pages");
  EXPECT_EQ(counted(0, "entry", "entries"), "0 entries");
  EXPECT_EQ(counted(1000000, "entry", "entries"), "1000000 entries");
  EXPECT_EQ(noun_for(3, "entry", "entries"), "entries");
}

}  // namespace
}  // namespace gofer::cli
