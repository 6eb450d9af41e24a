// Rows from pages: links with <base href>, fields relative to the selected element, joins,
// absolute href/src, and pages that are broken on purpose.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "gofer/scrape/extract.hpp"

namespace gofer::scrape {
namespace {

using Rows = std::vector<std::vector<std::string>>;

Rows extract(ExtractOptions options, std::string_view html, std::string_view url = "http://e.com/d/p.html") {
  auto extractor = Extractor::create(std::move(options));
  EXPECT_TRUE(extractor.has_value()) << extractor.error().message();
  auto rows = extractor->extract({html, "p", url, ""});
  EXPECT_TRUE(rows.has_value()) << rows.error().message();
  return rows ? rows->rows : Rows{};
}

TEST(Links, EveryLinkElementResolvedAgainstTheBaseHref) {
  constexpr std::string_view kPage =
      R"h(<head><base href="http://Other.ORG:80/x/y/"><link rel="stylesheet" href="/s.css"></head>
         <a href="../up.html#top" rel="next">Up <b>here</b></a> <a href="mailto:a@b">m</a>
         <area href="map.html" alt=" Map "><iframe src="//cdn.org/f" title="F"></iframe>
         <a href="javascript:void(0)">j</a><a href="tel:1">t</a><a href="data:,x">d</a><a>none</a>)h";
  EXPECT_EQ(extract({}, kPage), (Rows{{"http://other.org/s.css", "p", "", "stylesheet"},
                                      {"http://other.org/x/up.html#top", "p", "Up here", "next"},
                                      {"http://other.org/x/y/map.html", "p", "Map", ""},
                                      {"http://cdn.org/f", "p", "F", ""}}));
}

TEST(Links, WithoutABaseHrefThePageUrlIsTheBase) {
  EXPECT_EQ(extract({}, R"(<a href="q?">x</a><a href="">self</a><a href="#f">frag</a>)"),
            (Rows{{"http://e.com/d/q", "p", "x", ""},
                  {"http://e.com/d/p.html", "p", "self", ""},
                  {"http://e.com/d/p.html#f", "p", "frag", ""}}));
}

TEST(Links, AnInvalidHrefIsCountedNotListed) {
  auto extractor = Extractor::create({});
  auto rows = extractor->extract({R"(<a href="http://[::1/">x</a>)", "p", "http://e.com/", ""});
  ASSERT_TRUE(rows.has_value());
  EXPECT_TRUE(rows->rows.empty());
  EXPECT_EQ(rows->unresolved_links, 1u);
}

TEST(Fields, RelativeToEachSelectedElement) {
  constexpr std::string_view kPage =
      R"(<div class="product"><h2> Blue
           Chair </h2><span class=price>10</span><a href="/p/1">go</a><img src="i.png"></div>
         <div class="product sold"><h2>Table</h2><a href="/p/2">go</a></div>)";
  ExtractOptions options{"div.product", {{"name", "h2"}, {"price", ".price::text"},
                                          {"link", "a::attr(href)"}, {"img", "img::attr(src)"}}};
  EXPECT_EQ(extract(options, kPage), (Rows{{"Blue Chair", "10", "http://e.com/p/1", "http://e.com/d/i.png"},
                                          {"Table", "", "http://e.com/p/2", ""}}));
}

TEST(Fields, SeveralMatchesAreJoined) {
  constexpr std::string_view kPage = "<ul><li>a</li><li> </li><li>b <i>c</i></li></ul>";
  EXPECT_EQ(extract({"ul", {{"items", "li"}}}, kPage), (Rows{{"a b c"}}));
  EXPECT_EQ(extract({"ul", {{"items", "li"}}, "|"}, kPage), (Rows{{"a|b c"}}));
  EXPECT_EQ(extract({"ul", {{"text", "::text"}}, "|"}, kPage), (Rows{{"a|b|c"}}));
}

TEST(Fields, XPathFieldsAndStringResults) {
  constexpr std::string_view kPage = "<table><tr><td>1</td><td>2</td></tr><tr><td>3</td></tr></table>";
  EXPECT_EQ(extract({"//tr", {{"first", "./td[1]"}, {"n", "xpath:count(td)"}}}, kPage),
            (Rows{{"1", "2"}, {"3", "1"}}));
  EXPECT_EQ(extract({"xpath:count(//td)"}, kPage), (Rows{{"3"}}));
}

TEST(Select, WithoutFieldsOneTextColumnPerMatch) {
  auto extractor = Extractor::create({"p"});
  ASSERT_TRUE(extractor.has_value());
  EXPECT_EQ(extractor->columns(), (std::vector<std::string>{"text"}));
  EXPECT_EQ(extract({"p"}, "<p>a &amp; b</p><p></p><p>&eacute;&#233;&#xE9;</p>"),
            (Rows{{"a & b"}, {""}, {"ééé"}}));
}

TEST(Select, AnInvalidFieldSelectorNamesTheField) {
  auto extractor = Extractor::create({"p", {{"price", "span:hover"}}});
  ASSERT_FALSE(extractor.has_value());
  EXPECT_EQ(extractor.error().message(),
            "--field price: selector 'span:hover': position 5: unsupported pseudo-class ':hover'");
}

TEST(Select, AnInvalidXPathNamesTheSelector) {
  auto extractor = Extractor::create({"//p[", {}});
  ASSERT_FALSE(extractor.has_value());
  EXPECT_EQ(extractor.error().category(), ErrorCategory::kInvalidArgument);
  EXPECT_NE(extractor.error().message().find("selector '//p[': position"), std::string::npos)
      << extractor.error().message();
}

TEST(BrokenHtml, UnclosedTagsStrayEndTagsUnquotedAttributesAndNuls) {
  std::string page = "<div><p class=x>one<p class=x>two</div></div></span><p class=x>th";
  page += std::string("r\0ee", 4);
  EXPECT_EQ(extract({"p.x"}, page), (Rows{{"one"}, {"two"}, {"thr\xEF\xBF\xBD""ee"}}));
}

TEST(BrokenHtml, FiftyThousandDeepNestingStopsAtLibxml2sDepthLimitAndKeepsWhatCameBefore) {
  constexpr int kDepth = 50'000;
  std::string page = "<a href=/before>b</a>";
  for (int i = 0; i < kDepth; ++i) page += "<div>";
  page += "<a href=/deep>deep</a>";
  for (int i = 0; i < kDepth; ++i) page += "</span>";
  // As in lxml/parsel (huge_tree off): the parse stops at depth 256.
  EXPECT_EQ(extract({"a", {{"href", "::attr(href)"}}}, page), (Rows{{"http://e.com/before"}}));
  std::string shallow;
  for (int i = 0; i < 200; ++i) shallow += "<div>";
  shallow += "<a href=/deep>deep</a>";
  EXPECT_EQ(extract({"a", {{"href", "::attr(href)"}}}, shallow), (Rows{{"http://e.com/deep"}}));
}

TEST(BrokenHtml, EmptyAndTruncatedPagesGiveNoRows) {
  EXPECT_EQ(extract({}, ""), Rows{});
  EXPECT_EQ(extract({}, "<a hre"), Rows{});
}

}  // namespace
}  // namespace gofer::scrape
