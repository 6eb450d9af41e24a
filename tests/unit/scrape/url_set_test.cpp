// The frontier's URL set: exact membership, text round trip, and its bytes per URL.
#include "scrape/url_set.hpp"

#include <gtest/gtest.h>

#include <string>

namespace gofer::scrape {
namespace {

TEST(UrlSetTest, InsertsOnceAndGivesTheTextBack) {
  UrlSet set;
  auto [a, new_a] = set.insert("http://a.example/x?q=1");
  auto [b, new_b] = set.insert("http://b.example/x?q=1");
  auto [again, new_again] = set.insert("http://a.example/x?q=1");
  EXPECT_TRUE(new_a);
  EXPECT_TRUE(new_b) << "same path, other origin";
  EXPECT_FALSE(new_again);
  EXPECT_EQ(again, a);
  EXPECT_NE(a, b);
  EXPECT_EQ(set.text(a), "http://a.example/x?q=1");
  EXPECT_EQ(set.text(b), "http://b.example/x?q=1");
  EXPECT_EQ(set.size(), 2U);
  EXPECT_TRUE(set.contains("http://b.example/x?q=1"));
  EXPECT_FALSE(set.contains("http://b.example/x?q=2"));
  EXPECT_FALSE(set.contains("http://c.example/x?q=1")) << "an origin never seen";
  EXPECT_FALSE(set.contains("http://a.example/x")) << "a prefix of a stored URL";
}

TEST(UrlSetTest, KeepsOddShapes) {
  UrlSet set;
  std::string huge = "http://a.example/" + std::string(3 << 20, 'x');  // over one arena block
  for (std::string_view url : {std::string_view("not a url"), std::string_view(""),
                               std::string_view("http://a.example"), std::string_view(huge),
                               std::string_view("http://a.example/after")}) {
    auto [handle, created] = set.insert(url);
    EXPECT_TRUE(created) << url.substr(0, 40);
    EXPECT_EQ(set.text(handle), url);
    EXPECT_TRUE(set.contains(url));
  }
  EXPECT_FALSE(set.insert(huge).second);
  EXPECT_EQ(set.size(), 5U);
}

// Every URL stays findable through the table's growth, and none is a false "seen".
TEST(UrlSetTest, ExactThroughGrowth) {
  UrlSet set;
  constexpr int kCount = 100'000;
  std::vector<UrlSet::Handle> handles;
  for (int i = 0; i < kCount; ++i) {
    handles.push_back(set.insert("https://h" + std::to_string(i % 7) + ".example/p/" +
                                 std::to_string(i))
                          .first);
  }
  ASSERT_EQ(set.size(), static_cast<size_t>(kCount));
  for (int i = 0; i < kCount; i += 997) {
    std::string url = "https://h" + std::to_string(i % 7) + ".example/p/" + std::to_string(i);
    EXPECT_TRUE(set.contains(url));
    EXPECT_EQ(set.text(handles[static_cast<size_t>(i)]), url);
    EXPECT_FALSE(set.contains(url + "/"));
  }
}

// What a crawl of 1,000,000 queued URLs needs to fit in 100 MB: each URL costs its path
// (without the origin) plus a few tens of bytes, not the ~150 of a string in a hash set.
TEST(UrlSetTest, CostsLittleMoreThanThePathPerUrl) {
  UrlSet set;
  constexpr size_t kCount = 200'000;
  size_t path_bytes = 0;
  for (size_t i = 0; i < kCount; ++i) {
    std::string url = "http://127.0.0.1:8080/x/" + std::to_string(i / 1000) + "/" +
                      std::to_string(i % 1000) + ".html";
    path_bytes += url.size() - 21;  // the origin "http://127.0.0.1:8080" is shared
    set.insert(url);
  }
  double overhead = static_cast<double>(set.bytes() - path_bytes) / kCount;
  // Two varints (2 bytes) and a table slot of 8 bytes at least 40% full (20 bytes), plus the
  // unused end of the last 1 MiB block (5 bytes a URL at this count).
  EXPECT_LT(overhead, 28.0) << set.bytes() << " bytes for " << kCount << " URLs";
}

}  // namespace
}  // namespace gofer::scrape
