// The parse arena behind libxml2's allocator: what is bumped, what spills to malloc, what
// survives a scope, and many threads parsing at once.
#include "scrape/parse_arena.hpp"

#include <gtest/gtest.h>
#include <libxml/parser.h>
#include <libxml/xmlmemory.h>

#include <cstdint>
#include <cstring>
#include <string>
#include <thread>
#include <vector>

#include "scrape/html_document.hpp"

namespace gofer::scrape {
namespace {

class ParseArenaTest : public ::testing::Test {
 protected:
  void SetUp() override {
    install_parse_arena();
    xmlInitParser();
  }
};

// Every test parses this and reads the text of its <p>.
std::string paragraph_text(std::string_view html) {
  auto document = HtmlDocument::parse(html);
  if (!document) return "parse failed: " + document.error().message();
  auto query = XPathQuery::compile("xpath:string(//p)");
  if (!query) return "compile failed";
  auto result = document->evaluate(*query, nullptr);
  if (!result) return "evaluate failed";
  return reinterpret_cast<const char*>((*result)->stringval);
}

TEST_F(ParseArenaTest, HoldsEverythingOnlyInsideAScope) {
  EXPECT_FALSE(parse_arena_holds_everything());
  {
    ParseArenaScope scope;
    EXPECT_TRUE(parse_arena_holds_everything());
    void* block = xmlMalloc(100);
    ASSERT_NE(block, nullptr);
    EXPECT_EQ(reinterpret_cast<std::uintptr_t>(block) % 16, 0u);
    std::memset(block, 'x', 100);
    xmlFree(block);
  }
  EXPECT_FALSE(parse_arena_holds_everything());
}

TEST_F(ParseArenaTest, ReallocGrowsTheNewestBlockInPlaceAndMovesOthersWithTheirBytes) {
  ParseArenaScope scope;
  char* older = static_cast<char*>(xmlMalloc(32));
  char* newest = static_cast<char*>(xmlMalloc(32));
  std::memcpy(older, "older", 6);
  std::memcpy(newest, "newest", 7);
  EXPECT_EQ(xmlRealloc(newest, 4096), newest);
  char* moved = static_cast<char*>(xmlRealloc(older, 64));
  ASSERT_NE(moved, nullptr);
  EXPECT_NE(moved, older);
  EXPECT_STREQ(moved, "older");
  EXPECT_STREQ(newest, "newest");
  char* copy = xmlMemStrdup("copied");
  EXPECT_STREQ(copy, "copied");
}

TEST_F(ParseArenaTest, MallocMemoryIsFreedAndReallocatedThroughTheHooksInsideAScope) {
  // Allocated outside any scope: from malloc, and must go back to free(), also from inside.
  char* outside = static_cast<char*>(xmlMalloc(64));
  std::memcpy(outside, "outside", 8);
  {
    ParseArenaScope scope;
    outside = static_cast<char*>(xmlRealloc(outside, 1 << 20));
    EXPECT_STREQ(outside, "outside");
    xmlFree(outside);
  }
}

TEST_F(ParseArenaTest, ALargeAllocationGoesToMalloc) {
  ParseArenaScope scope;
  void* small = xmlMalloc(1000);
  EXPECT_TRUE(parse_arena_holds_everything());
  // Grown past 1 MiB, a block moves to malloc with its bytes (doubling buffers would otherwise
  // leave every old copy in the arena).
  std::memset(small, 'a', 1000);
  char* grown = static_cast<char*>(xmlRealloc(small, size_t{2} << 20));
  ASSERT_NE(grown, nullptr);
  EXPECT_EQ(grown[999], 'a');
  EXPECT_FALSE(parse_arena_holds_everything());
  xmlFree(grown);
  void* huge = xmlMalloc((size_t{1} << 30) + 1);
  ASSERT_NE(huge, nullptr);
  EXPECT_FALSE(parse_arena_holds_everything()) << "the tree must now be freed node by node";
  xmlFree(huge);
  EXPECT_EQ(paragraph_text("<p>still parses</p>"), "still parses");
}

TEST_F(ParseArenaTest, PagesParseTheSameInsideAndOutsideAScopeOneAfterAnother) {
  EXPECT_EQ(paragraph_text("<p>caf\xc3\xa9 <b>au</b> lait"), "caf\xc3\xa9 au lait");
  for (int page = 0; page < 50; ++page) {
    ParseArenaScope scope;
    std::string text = "page " + std::to_string(page);
    EXPECT_EQ(paragraph_text("<div><p>" + text + "</p></div></span>"), text);
  }
}

TEST_F(ParseArenaTest, ABigTreeReturnsItsPagesAndTheSliceIsUsableAfterwards) {
  // ~200,000 elements: tens of MB of tree, above what a slice keeps resident between pages.
  std::string big = "<p>";
  for (int i = 0; i < 200000; ++i) big += "<i>w</i>";
  for (int round = 0; round < 2; ++round) {
    ParseArenaScope scope;
    EXPECT_EQ(paragraph_text(big).size(), 200000u);
  }
  ParseArenaScope scope;
  EXPECT_EQ(paragraph_text("<p>small</p>"), "small");
}

TEST_F(ParseArenaTest, MoreThreadsThanSlicesAllParseCorrectly) {
  // 48 threads at once: 32 get a slice, the rest parse with malloc.
  std::vector<std::string> texts(48);
  {
    std::vector<std::jthread> threads;
    for (size_t t = 0; t < texts.size(); ++t) {
      threads.emplace_back([&texts, t] {
        for (int page = 0; page < 20; ++page) {
          ParseArenaScope scope;
          texts[t] = paragraph_text("<p>thread " + std::to_string(t) + "</p>");
        }
      });
    }
  }
  for (size_t t = 0; t < texts.size(); ++t) EXPECT_EQ(texts[t], "thread " + std::to_string(t));
}

TEST_F(ParseArenaTest, AThreadThatEndsGivesItsSliceBack) {
  // Far more threads one after another than there are slices: each still gets one.
  for (int t = 0; t < 100; ++t) {
    bool held = false;
    std::thread([&held] {
      ParseArenaScope scope;
      held = parse_arena_holds_everything();
    }).join();
    ASSERT_TRUE(held) << "thread " << t;
  }
}

}  // namespace
}  // namespace gofer::scrape
