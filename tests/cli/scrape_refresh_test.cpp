// `gofer scrape --refresh` against the loopback test server: a run records each page's
// validators and links; the next sends If-None-Match, extracts only what changed, and still
// follows the recorded links of the pages that answered 304.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "json_text.hpp"
#include "scrape_crawl_fixture.hpp"

namespace gofer::testing {
namespace {

class ScrapeRefreshTest : public ScrapeCrawlTest {
 protected:
  // A page that answers 304 to If-None-Match: ETAG.
  void versioned(const std::string& target, std::string body, std::string etag) {
    server_.add_page(target, {std::move(body), "text/html", 200, "", std::move(etag)});
  }
  // home -> a -> c and home -> b: c is reached only through a.
  void build() {
    page("/robots.txt", "User-agent: *\nAllow: /\n", "text/plain");
    versioned("/home.html", "<title>Home</title><a href='a.html'>a</a><a href='b.html'>b</a>",
              "\"h1\"");
    versioned("/a.html", "<title>A</title><a href='c.html'>c</a>", "\"a1\"");
    versioned("/b.html", "<title>B</title>", "\"b1\"");
    versioned("/c.html", "<title>C</title>", "\"c1\"");
  }
  std::vector<std::string> crawl(std::vector<std::string> extra = {}) {
    std::vector<std::string> args{"--crawl", "--select", "title"};
    args.insert(args.end(), extra.begin(), extra.end());
    args.push_back(url("/home.html"));
    return args;
  }
};

TEST_F(ScrapeRefreshTest, UnchangedPagesGiveNoRowsButTheirRecordedLinksAreFollowed) {
  build();
  auto first = scrape(crawl({"--refresh"}));
  EXPECT_EQ(first.exit_code, 0) << first.err;
  EXPECT_EQ(first.out, "text\nHome\nA\nB\nC\n");
  EXPECT_EQ(server_.last_header("/a.html", "If-None-Match"), "") << "nothing was recorded yet";
  // b changes and now links to a new page d; home, a and c do not change.
  versioned("/b.html", "<title>B2</title><a href='d.html'>d</a>", "\"b2\"");
  versioned("/d.html", "<title>D</title>", "\"d1\"");
  auto second = scrape(crawl({"--refresh"}));
  EXPECT_EQ(second.exit_code, 0) << second.err;
  EXPECT_EQ(second.out, "text\nB2\nD\n") << "only the changed and the new page are extracted";
  EXPECT_EQ(second.err, "scrape: 2 pages, 2 rows, 0 skipped, 0 failed, 3 unchanged (T s)\n");
  EXPECT_EQ(server_.last_header("/c.html", "If-None-Match"), "\"c1\"")
      << "c was reached through a, which answered 304";
  EXPECT_EQ(server_.last_header("/b.html", "If-None-Match"), "\"b1\"");
  EXPECT_EQ(server_.requests(),
            (Requests{"/robots.txt", "/home.html", "/a.html", "/b.html", "/c.html",
                      "/robots.txt", "/home.html", "/a.html", "/b.html", "/c.html", "/d.html"}));
  // Without --refresh every page is asked for in full and extracted.
  auto plain = scrape(crawl());
  EXPECT_EQ(plain.out, "text\nHome\nA\nB2\nC\nD\n");
  EXPECT_EQ(server_.last_header("/a.html", "If-None-Match"), "");
}

TEST_F(ScrapeRefreshTest, VerboseAndJsonReportUnchangedPages) {
  build();
  ASSERT_EQ(scrape(crawl({"--refresh"})).exit_code, 0);
  auto verbose = scrape(crawl({"--refresh", "-v", "--depth", "0"}));
  EXPECT_EQ(verbose.exit_code, 0) << verbose.err;
  EXPECT_EQ(verbose.out, "text\n");
  EXPECT_NE(verbose.err.find(url("/home.html") + ": unchanged (HTTP 304)\n"), std::string::npos)
      << verbose.err;
  auto json = scrape(crawl({"--refresh", "--json", "-o", "out.csv", "--depth", "0"}));
  EXPECT_EQ(json.exit_code, 0) << json.err;
  auto lines = parse_json_lines(json.out);
  ASSERT_EQ(lines.size(), 2u) << json.out;
  EXPECT_EQ(lines[0]["url"], url("/home.html"));
  EXPECT_EQ(lines[0]["status"], "unchanged");
  EXPECT_EQ(lines[0]["http_status"], 304);
  EXPECT_EQ(lines[0]["rows"], 0);
  EXPECT_EQ(lines[1]["type"], "summary");
  EXPECT_EQ(lines[1]["pages"], 0);
  EXPECT_EQ(lines[1]["unchanged"], 1);
  EXPECT_EQ(dir_.read("out.csv"), "text\n");
}

TEST_F(ScrapeRefreshTest, AnotherFollowSelectorFetchesEveryPageInFullOnce) {
  build();
  ASSERT_EQ(scrape(crawl({"--refresh"})).exit_code, 0);
  auto other = scrape(crawl({"--refresh", "--follow", "a"}));
  EXPECT_EQ(other.exit_code, 0) << other.err;
  EXPECT_EQ(other.out, "text\nHome\nA\nB\nC\n") << "the links recorded were those of --crawl";
  EXPECT_EQ(server_.last_header("/home.html", "If-None-Match"), "");
  auto again = scrape(crawl({"--refresh", "--follow", "a"}));
  EXPECT_EQ(again.out, "text\n");
  EXPECT_EQ(server_.last_header("/c.html", "If-None-Match"), "\"c1\"");
}

TEST_F(ScrapeRefreshTest, APageWhoseRecordCannotBeWrittenIsStillExtracted) {
  build();
  dir_.write("state/gofer/scrape/pages", "a file where the records' directory should be");
  auto result = scrape(crawl({"--refresh", "--depth", "0"}));
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(result.out, "text\nHome\n");
  EXPECT_TRUE(result.err.starts_with("gofer: scrape: " + url("/home.html") + ": ")) << result.err;
  EXPECT_NE(result.err.find("/scrape/pages/"), std::string::npos) << "names the record";
  EXPECT_NE(result.err.find(": cannot record validators: Not a directory; the next --refresh run "
                            "fetches it in full\n"),
            std::string::npos)
      << result.err;
}

TEST_F(ScrapeRefreshTest, RefreshNeedsUrlTargets) {
  dir_.write("page.html", "<title>x</title>");
  auto result = scrape({"--refresh", "page.html"});
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_NE(result.err.find("--refresh"), std::string::npos) << result.err;
}

}  // namespace
}  // namespace gofer::testing
