// robots.txt matching: RFC 9309's examples and cases from google/robotstxt's robots_test.cc
// (the reference parser), as one table: robots.txt, product token, URL, allowed?
#include <gtest/gtest.h>

#include <string>

#include "gofer/scrape/robots.hpp"

namespace gofer::scrape {
namespace {

struct RobotsCase {
  const char* name;
  const char* robots;
  const char* agent;
  const char* url;
  bool allowed;
};

class RobotsTable : public ::testing::TestWithParam<RobotsCase> {};

TEST_P(RobotsTable, Decides) {
  const RobotsCase& c = GetParam();
  RobotsTxt robots = RobotsTxt::parse(c.robots, c.agent);
  EXPECT_EQ(robots.allowed(robots_path(c.url)), c.allowed) << c.name << ": " << c.url;
}

// RFC 9309 §5.1.
constexpr const char* kRfcSimple =
    "User-Agent: *\nDisallow: *.gif$\nDisallow: /example/\nAllow: /publications/\n\n"
    "User-Agent: foobot\nDisallow:/\nAllow:/example/page.html\nAllow:/example/allowed.gif\n\n"
    "User-Agent: barbot\nUser-Agent: bazbot\nDisallow: /example/page.html\n\n"
    "User-Agent: quxbot\n\nEOF\n";
// RFC 9309 §5.2.
constexpr const char* kRfcLongest =
    "User-Agent: foobot\nAllow: /example/page/\nDisallow: /example/page/disallowed.gif\n";
// google/robotstxt ID_LineSyntax_Groups.
constexpr const char* kGoogleGroups =
    "allow: /foo/bar/\n\nuser-agent: FooBot\ndisallow: /\nallow: /x/\nuser-agent: BarBot\n"
    "disallow: /\nallow: /y/\n\n\nallow: /w/\nuser-agent: BazBot\n\nuser-agent: FooBot\n"
    "allow: /z/\ndisallow: /\n";
constexpr const char* kGoogleGlobal = "user-agent: *\nallow: /\nuser-agent: FooBot\ndisallow: /\n";
constexpr const char* kGoogleSpecial1 = "User-agent: FooBot\nDisallow: /foo/bar/quz\nAllow: /foo/*/qux\n";
constexpr const char* kGoogleSpecial2 = "User-agent: FooBot\nDisallow: /foo/bar$\nAllow: /foo/bar/qux\n";
constexpr const char* kGoogleSpecial3 = "User-agent: FooBot\n# Disallow: /\nDisallow: /foo/quz#qux\nAllow: /\n";
constexpr const char* kGoogleEncoded = "User-agent: FooBot\nDisallow: /\nAllow: /foo/bar/ツ\n";

INSTANTIATE_TEST_SUITE_P(
    Rfc9309AndGoogle, RobotsTable,
    ::testing::Values(
        RobotsCase{"rfc any gif", kRfcSimple, "gofer", "http://e.com/a/b.gif", false},
        RobotsCase{"rfc any gif query", kRfcSimple, "gofer", "http://e.com/b.gif?x", true},
        RobotsCase{"rfc any example", kRfcSimple, "gofer", "http://e.com/example/x", false},
        RobotsCase{"rfc any publications", kRfcSimple, "gofer", "http://e.com/publications/", true},
        RobotsCase{"rfc foobot root", kRfcSimple, "foobot", "http://e.com/", false},
        RobotsCase{"rfc foobot page", kRfcSimple, "FooBot", "http://e.com/example/page.html", true},
        RobotsCase{"rfc foobot gif", kRfcSimple, "foobot", "http://e.com/example/allowed.gif", true},
        RobotsCase{"rfc barbot page", kRfcSimple, "barbot", "http://e.com/example/page.html", false},
        RobotsCase{"rfc bazbot page", kRfcSimple, "bazbot", "http://e.com/example/page.html", false},
        RobotsCase{"rfc bazbot other", kRfcSimple, "bazbot", "http://e.com/example/x.gif", true},
        RobotsCase{"rfc quxbot empty group", kRfcSimple, "quxbot", "http://e.com/a.gif", true},
        RobotsCase{"rfc longest dir", kRfcLongest, "foobot", "http://e.com/example/page/", true},
        RobotsCase{"rfc longest file", kRfcLongest, "foobot",
                   "http://e.com/example/page/disallowed.gif", false},
        RobotsCase{"robots.txt itself", "User-agent: *\nDisallow: /\n", "gofer", "http://e.com/robots.txt", true},
        RobotsCase{"google empty", "", "FooBot", "http://foo.bar/x", true},
        RobotsCase{"google colon missing", "user-agent FooBot\ndisallow /\n", "FooBot", "http://foo.bar/x/y", false},
        RobotsCase{"google unknown keys", "foo: FooBot\nbar: /\n", "FooBot", "http://foo.bar/x/y", true},
        RobotsCase{"google groups x", kGoogleGroups, "FooBot", "http://foo.bar/x/b", true},
        RobotsCase{"google groups z", kGoogleGroups, "FooBot", "http://foo.bar/z/d", true},
        RobotsCase{"google groups y", kGoogleGroups, "FooBot", "http://foo.bar/y/c", false},
        RobotsCase{"google groups bar y", kGoogleGroups, "BarBot", "http://foo.bar/y/c", true},
        RobotsCase{"google groups bar w", kGoogleGroups, "BarBot", "http://foo.bar/w/a", true},
        RobotsCase{"google groups bar z", kGoogleGroups, "BarBot", "http://foo.bar/z/d", false},
        RobotsCase{"google groups baz z", kGoogleGroups, "BazBot", "http://foo.bar/z/d", true},
        RobotsCase{"google outside group", kGoogleGroups, "FooBot", "http://foo.bar/foo/bar/", false},
        RobotsCase{"google case keys", "uSeR-aGeNt: FooBot\nAlLoW: /x/\ndIsAlLoW: /\n", "FooBot",
                   "http://foo.bar/x/y", true},
        RobotsCase{"google case keys 2", "USER-AGENT: FooBot\nALLOW: /x/\nDISALLOW: /\n", "FooBot",
                   "http://foo.bar/a/b", false},
        RobotsCase{"google agent case", "User-Agent: FoO bAr\nAllow: /x/\nDisallow: /\n", "foo",
                   "http://foo.bar/a/b", false},
        RobotsCase{"google agent first word", "User-Agent: *\nDisallow: /\nUser-Agent: Foo Bar\n"
                   "Allow: /x/\nDisallow: /\n", "Foo", "http://foo.bar/x/y", true},
        RobotsCase{"google global", kGoogleGlobal, "FooBot", "http://foo.bar/x/y", false},
        RobotsCase{"google global other", kGoogleGlobal, "BarBot", "http://foo.bar/x/y", true},
        RobotsCase{"google only specific", "user-agent: FooBot\nallow: /\nuser-agent: BarBot\n"
                   "disallow: /\n", "QuxBot", "http://foo.bar/x/y", true},
        RobotsCase{"google value case", "user-agent: FooBot\ndisallow: /X/\n", "FooBot",
                   "http://foo.bar/x/y", true},
        RobotsCase{"google longest 1", "user-agent: FooBot\ndisallow: /x/page.html\nallow: /x/\n",
                   "FooBot", "http://foo.bar/x/page.html", false},
        RobotsCase{"google longest 2", "user-agent: FooBot\nallow: /x/page.html\ndisallow: /x/\n",
                   "FooBot", "http://foo.bar/x/", false},
        RobotsCase{"google tie empty", "user-agent: FooBot\ndisallow: \nallow: \n", "FooBot",
                   "http://foo.bar/x/page.html", true},
        RobotsCase{"google tie root", "user-agent: FooBot\ndisallow: /\nallow: /\n", "FooBot",
                   "http://foo.bar/x/page.html", true},
        RobotsCase{"google x vs x/ a", "user-agent: FooBot\ndisallow: /x\nallow: /x/\n", "FooBot",
                   "http://foo.bar/x", false},
        RobotsCase{"google x vs x/ b", "user-agent: FooBot\ndisallow: /x\nallow: /x/\n", "FooBot",
                   "http://foo.bar/x/", true},
        RobotsCase{"google star html", "user-agent: FooBot\nallow: /page\ndisallow: /*.html\n",
                   "FooBot", "http://foo.bar/page.html", false},
        RobotsCase{"google star page", "user-agent: FooBot\nallow: /page\ndisallow: /*.html\n",
                   "FooBot", "http://foo.bar/page", true},
        RobotsCase{"google specific group", "User-agent: *\nDisallow: /x/\nUser-agent: FooBot\n"
                   "Disallow: /y/\n", "FooBot", "http://foo.bar/x/page", true},
        RobotsCase{"google query", "User-agent: FooBot\nDisallow: /\nAllow: /foo/bar?qux=taz&baz="
                   "http://foo.bar?tar&par\n", "FooBot",
                   "http://foo.bar/foo/bar?qux=taz&baz=http://foo.bar?tar&par", true},
        RobotsCase{"google utf8 encoded", kGoogleEncoded, "FooBot",
                   "http://foo.bar/foo/bar/%E3%83%84", true},
        RobotsCase{"google utf8 raw", kGoogleEncoded, "FooBot", "http://foo.bar/foo/bar/ツ", false},
        RobotsCase{"google special 1a", kGoogleSpecial1, "FooBot", "http://foo.bar/foo/bar/quz", false},
        RobotsCase{"google special 1b", kGoogleSpecial1, "FooBot", "http://foo.bar/foo/quz", true},
        RobotsCase{"google special 1c", kGoogleSpecial1, "FooBot", "http://foo.bar/foo//quz", true},
        RobotsCase{"google special 2a", kGoogleSpecial2, "FooBot", "http://foo.bar/foo/bar", false},
        RobotsCase{"google special 2b", kGoogleSpecial2, "FooBot", "http://foo.bar/foo/bar/qux", true},
        RobotsCase{"google special 2c", kGoogleSpecial2, "FooBot", "http://foo.bar/foo/bar/", true},
        RobotsCase{"google special 3a", kGoogleSpecial3, "FooBot", "http://foo.bar/foo/bar", true},
        RobotsCase{"google special 3b", kGoogleSpecial3, "FooBot", "http://foo.bar/foo/quz", false}));

TEST(Robots, CrawlDelayAndSitemapsAreRead) {
  RobotsTxt robots = RobotsTxt::parse(
      "Sitemap: https://e.com/s1.xml\nUser-agent: gofer\nCrawl-delay: 2.5\nDisallow: /x\n"
      "User-agent: *\nCrawl-delay: 9\nsitemap: https://e.com/s2.xml\n", "gofer");
  EXPECT_EQ(robots.crawl_delay(), 2.5);
  EXPECT_EQ(robots.sitemaps(), (std::vector<std::string>{"https://e.com/s1.xml", "https://e.com/s2.xml"}));
  EXPECT_FALSE(RobotsTxt::parse("User-agent: *\nCrawl-delay: soon\n", "gofer").crawl_delay().has_value());
}

TEST(Robots, ManyStarsDoNotBlowUp) {
  std::string robots = "User-agent: *\nDisallow: /" + std::string(2000, '*') + "x$\n";
  EXPECT_TRUE(RobotsTxt::parse(robots, "gofer").allowed("/" + std::string(4000, 'a')));
}

TEST(Robots, BinaryAndHugeFilesParseWithoutRules) {
  std::string binary(100000, '\0');
  EXPECT_TRUE(RobotsTxt::parse(binary, "gofer").allowed("/x"));
  std::string huge = "User-agent: *\n" + std::string(RobotsTxt::kMaxBytes, '#') + "\nDisallow: /\n";
  EXPECT_TRUE(RobotsTxt::parse(huge, "gofer").allowed("/x")) << "rules past 500 KiB are not read";
}

TEST(Robots, FourHundredsAllowAndFiveHundredsDisallowEverything) {
  EXPECT_TRUE(RobotsTxt::allow_all().allowed("/anything"));
  EXPECT_FALSE(RobotsTxt::disallow_all().allowed("/anything"));
}

TEST(RobotsPath, IsPathAndQueryWithoutFragment) {
  EXPECT_EQ(robots_path("http://e.com"), "/");
  EXPECT_EQ(robots_path("http://e.com?q=1"), "/?q=1");
  EXPECT_EQ(robots_path("https://e.com:8080/a/b?c#d"), "/a/b?c");
}

}  // namespace
}  // namespace gofer::scrape
