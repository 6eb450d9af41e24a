// Sitemaps: urlset and index, gzip, and what is refused (not XML, another root, broken or
// oversized gzip); an external entity is never fetched or expanded.
#include "scrape/sitemap.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "gzip.hpp"
#include "matchers.hpp"

namespace gofer::scrape {
namespace {

using ::testing::ElementsAre;
using testing::ErrorIs;
using testing::gzip;

constexpr const char* kUrlset =
    "<?xml version='1.0' encoding='UTF-8'?>\n<urlset xmlns='http://www.sitemaps.org/schemas/"
    "sitemap/0.9'><url><loc>\n  http://a.example/1\n</loc><lastmod>2024-01-01</lastmod></url>"
    "<url><loc>http://a.example/2?x=1&amp;y=2</loc></url><url><loc> </loc></url></urlset>";

TEST(SitemapTest, UrlsetGivesEveryLocTrimmedAndDecoded) {
  auto sitemap = parse_sitemap(kUrlset, -1);
  ASSERT_TRUE(sitemap.has_value()) << sitemap.error().message();
  EXPECT_FALSE(sitemap->index);
  EXPECT_THAT(sitemap->locations, ElementsAre("http://a.example/1", "http://a.example/2?x=1&y=2"));
}

TEST(SitemapTest, IndexAndGzip) {
  auto index = parse_sitemap(gzip("<sitemapindex><sitemap><loc>http://a.example/s.xml.gz</loc>"
                                  "</sitemap></sitemapindex>"),
                             1 << 20);
  ASSERT_TRUE(index.has_value()) << index.error().message();
  EXPECT_TRUE(index->index);
  EXPECT_THAT(index->locations, ElementsAre("http://a.example/s.xml.gz"));
}

TEST(SitemapTest, RefusalsNameTheProblem) {
  EXPECT_EQ(parse_sitemap("hello", -1).error().message(), "not a sitemap: not well-formed XML");
  EXPECT_EQ(parse_sitemap("<html><a href='x'></a></html>", -1).error().message(),
            "not a sitemap: the root element is <html>");
  std::string broken = gzip(kUrlset);
  broken.resize(broken.size() / 2);
  EXPECT_EQ(parse_sitemap(broken, -1).error().message(), "not a sitemap: gzip data cut short");
  EXPECT_THAT(parse_sitemap(gzip(std::string(100000, ' ') + kUrlset), 1000),
              ErrorIs(ErrorCategory::kInvalidData));
}

TEST(SitemapTest, ExternalEntitiesAreNotExpanded) {
  auto sitemap = parse_sitemap(
      "<?xml version='1.0'?><!DOCTYPE urlset [<!ENTITY x SYSTEM 'file:///etc/hostname'>]>"
      "<urlset><url><loc>http://a.example/&x;</loc></url></urlset>",
      -1);
  ASSERT_TRUE(sitemap.has_value()) << sitemap.error().message();
  ASSERT_EQ(sitemap->locations.size(), 1u);
  EXPECT_EQ(sitemap->locations[0].find("file"), std::string::npos) << sitemap->locations[0];
}

}  // namespace
}  // namespace gofer::scrape
