// Blackbox tests of `gofer scrape` on http(s) targets against the loopback test server: a
// generated site crawled politely, the exact requests it made (the server records them) and
// the exact rows, plus the failure paths (404, redirect loop, --max-size, odd robots.txt).
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

#include "fault_injection.hpp"
#include "gzip.hpp"
#include "json_text.hpp"
#include "scrape_crawl_fixture.hpp"

namespace gofer::testing {
namespace {

TEST_F(ScrapeCrawlTest, CrawlRequestsExactlyTheInScopeAllowedPagesUpToTheDepth) {
  build_site();
  auto result =
      scrape({"-j", "1", "--per-host", "1", "--crawl", "--select", "title", url("/index.html")});
  EXPECT_EQ(result.exit_code, 0) << result.err;
  // robots.txt first; /secret/a.html and /secret/b.html are disallowed for gofer (its own
  // group, not "*"); offsite.invalid is out of scope; list?page=4 and /trap/4 are depth 4.
  EXPECT_EQ(
      server_.requests(),
      (Requests{"/robots.txt", "/index.html", "/shop/a.html", "/about.html", "/secret/ok.html",
                "/shop/doc.pdf", "/shop/latin.html", "/trap/1", "/shop/list?page=2",
                "/shop/menu.html", "/trap/2", "/shop/list?page=3", "/trap/3"}));
  EXPECT_EQ(result.out,
            "text\nHome\nShop A\nAbout\nOk\nCaf\xC3\xA9 cr\xC3\xA8me\nList 2\nMenu\n"
            "List 3\n");
  EXPECT_EQ(
      result.err,
      "gofer: scrape: " + url("/shop/doc.pdf") +
          ": skipped: not HTML (Content-Type: application/pdf)\n"
          "scrape: 11 pages, 8 rows, 1 skipped, 0 failed, 2 disallowed by robots.txt (T s)\n");
}

TEST_F(ScrapeCrawlTest, ManyTransfersAtOnceRequestTheSameSetOnce) {
  build_site();
  auto result =
      scrape({"-j", "8", "--per-host", "4", "--threads", "2", "--crawl", "-q", url("/index.html")});
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(sorted_requests_after_robots(),
            (Requests{"/about.html", "/index.html", "/robots.txt", "/secret/ok.html",
                      "/shop/a.html", "/shop/doc.pdf", "/shop/latin.html", "/shop/list?page=2",
                      "/shop/list?page=3", "/shop/menu.html", "/trap/1", "/trap/2", "/trap/3"}));
}

TEST_F(ScrapeCrawlTest, LinksOfAFetchedPageResolveAgainstBaseHrefAndTheFinalUrl) {
  build_site();
  auto result = scrape({"-q", url("/index.html")});
  EXPECT_EQ(result.exit_code, 0) << result.err;
  std::string page = url("/index.html");
  EXPECT_EQ(result.out, "url,page,text,rel\n" + url("/shop/a.html#top") + "," + page + ",A,\n" +
                            url("/about.html") + "," + page + ",About,\n" + url("/secret/a.html") +
                            "," + page + ",Secret,\n" + url("/secret/ok.html") + "," + page +
                            ",Ok,\n" + "http://offsite.invalid/x.html," + page + ",Offsite,\n" +
                            url("/shop/doc.pdf") + "," + page + ",PDF,\n" +
                            url("/shop/latin.html") + "," + page + ",Latin,\n" + url("/trap/1") +
                            "," + page + ",Calendar,\n");
  EXPECT_EQ(server_.requests(), (Requests{"/robots.txt", "/index.html"})) << "no crawl asked";
}

TEST_F(ScrapeCrawlTest, FollowTakesOnlyThePaginationLinks) {
  for (int i = 1; i <= 3; ++i) {
    std::string n = std::to_string(i);
    page("/list?page=" + n,
         "<div class=item><b>Item " + n + "a</b><i>" + n +
             ".50</i></div>"
             "<div class=item><b>Item " +
             n + "b</b><i>" + n +
             ".90</i></div>"
             "<a class=other href='/other.html'>other</a>" +
             (i < 3 ? "<a class=next href='?page=" + std::to_string(i + 1) + "'>next</a>" : ""));
  }
  auto result = scrape({"-q", "--follow", "a.next", "--select", ".item", "--field", "name=b",
                        "--field", "price=i", url("/list?page=1")});
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(result.out,
            "name,price\nItem 1a,1.50\nItem 1b,1.90\nItem 2a,2.50\nItem 2b,2.90\n"
            "Item 3a,3.50\nItem 3b,3.90\n");
  // No robots.txt page: the server answers 404, which allows everything (RFC 9309 2.3.1.3).
  EXPECT_EQ(server_.requests(),
            (Requests{"/robots.txt", "/list?page=1", "/list?page=2", "/list?page=3"}));
}

TEST_F(ScrapeCrawlTest, RedirectIsTheSamePageNotFetchedAgain) {
  server_.add_page("/go", {"", "text/html", 302, "/r/page.html"});
  page("/r/page.html", "<title>Landed</title><a href='page.html'>self</a><a href='/go'>again</a>");
  auto result = scrape({"--crawl", "--select", "title", "-v", url("/go")});
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(result.out, "text\nLanded\n");
  EXPECT_EQ(server_.requests(), (Requests{"/robots.txt", "/go", "/r/page.html"}));
  EXPECT_EQ(result.err, url("/r/page.html") +
                            ": 1 row (UTF-8)\n"
                            "scrape: 1 page, 1 row, 0 skipped, 0 failed (T s)\n");
}

TEST_F(ScrapeCrawlTest, UnreachableRobotsTxtDisallowsTheWholeHost) {
  server_.add_page("/robots.txt", {"", "text/plain", 500, ""});
  page("/index.html", "<title>Home</title>");
  auto result = scrape({"--retries", "1", "--crawl", url("/index.html")});
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(server_.requests(), (Requests{"/robots.txt", "/robots.txt"})) << "retried once";
  EXPECT_EQ(result.err,
            "gofer: scrape: " + url("/robots.txt") + ": HTTP 500; nothing of " + url("") +
                " is fetched (RFC 9309: an unreachable robots.txt disallows everything)\n"
                "scrape: 0 pages, 0 rows, 0 skipped, 0 failed, 1 disallowed by robots.txt (T s)\n");
}

// With this robots.txt, a crawl of /index.html (which links to /early.html and /late.html)
// requests these paths.
Requests requested_under(ScrapeCrawlTest& test, HttpTestServer& server, std::string robots) {
  server.add_page("/robots.txt", {std::move(robots), "application/octet-stream", 200, ""});
  server.add_page("/index.html", {"<a href='/early.html'>e</a><a href='/late.html'>l</a>"});
  server.add_page("/early.html", {"<title>early</title>"});
  server.add_page("/late.html", {"<title>late</title>"});
  auto result = test.run({"-q", "--crawl", server.url("/index.html")});
  EXPECT_EQ(result.exit_code, 0) << result.err;
  return server.requests();
}

TEST_F(ScrapeCrawlTest, HugeRobotsTxtIsReadUpToItsFirst500KiB) {
  std::string robots = "User-agent: *\nDisallow: /early.html\n";
  while (robots.size() < 600 * 1024) robots += "# filler filler filler filler filler\n";
  robots += "Disallow: /late.html\n";
  EXPECT_EQ(requested_under(*this, server_, robots),
            (Requests{"/robots.txt", "/index.html", "/late.html"}));
}

TEST_F(ScrapeCrawlTest, BinaryRobotsTxtHasNoRulesSoEverythingIsAllowed) {
  std::string robots;
  for (int i = 0; i < 4096; ++i) robots += static_cast<char>((i * 131 + 7) % 256);
  EXPECT_EQ(requested_under(*this, server_, robots),
            (Requests{"/robots.txt", "/index.html", "/early.html", "/late.html"}));
}

TEST_F(ScrapeCrawlTest, NotFoundAndRedirectLoopFailWithExitOne) {
  auto result = scrape({"--retries", "0", url("/missing.html"), url("/loop")});
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_EQ(result.out, "url,page,text,rel\n");
  EXPECT_EQ(result.err, "gofer: scrape: " + url("/missing.html") +
                            ": HTTP 404\n"
                            "gofer: scrape: " +
                            url("/loop") +
                            ": too many redirects (--max-redirects)\n"
                            "scrape: 0 pages, 0 rows, 0 skipped, 2 failed (T s)\n");
}

TEST_F(ScrapeCrawlTest, MaxSizeCapsThePageAndTheDecodedSizeOfAGzipBody) {
  // The server compresses text/html for curl's Accept-Encoding too: the cap is on the decoded
  // bytes, whatever the Content-Length of the encoded ones.
  page("/big.html", "<p>" + std::string(20000, 'x') + "</p>");
  page("/big.bin", std::string(20000, 'x'), "application/octet-stream");
  auto result =
      scrape({"-q", "--max-size", "10k", url("/big.html"), url("/encoded/gzip"), url("/big.bin")});
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_EQ(result.err, "gofer: scrape: " + url("/big.html") +
                            ": larger than --max-size 10240 bytes\n"
                            "gofer: scrape: " +
                            url("/encoded/gzip") +
                            ": larger than --max-size 10240 bytes\n"
                            "gofer: scrape: " +
                            url("/big.bin") +
                            ": Content-Length 20000 is larger than --max-size 10240 bytes\n");
}

// A 100 MB page: the default --max-size (50 MB) refuses it; with a larger cap it is parsed
// with its memory bounded by the page: the run holds under an address-space limit of 1.5 GB
// (the body, its UTF-8 copy and libxml2's tree of 100,000 elements).
// A 100 MB page of div.p blocks, each with an h2; `blocks` is their count.
std::string hundred_megabyte_page(size_t& blocks) {
  const std::string block =
      "<div class=p><h2>item</h2><span>" + std::string(1000, 'x') + "</span></div>\n";
  std::string body = "<html><body>\n";
  blocks = 0;
  for (; body.size() < size_t{100} << 20; ++blocks) body += block;
  return body;
}

TEST_F(ScrapeCrawlTest, AHundredMegabytePageIsRefusedByDefaultAndParsedInBoundedMemory) {
  size_t blocks = 0;
  page("/huge.html", hundred_megabyte_page(blocks));
  auto refused = scrape({"-q", url("/huge.html")});
  EXPECT_EQ(refused.exit_code, 1);
  EXPECT_NE(refused.err.find(url("/huge.html") + ": "), std::string::npos) << refused.err;
  EXPECT_NE(refused.err.find("larger than --max-size 52428800 bytes"), std::string::npos)
      << refused.err;
  std::string command = "ulimit -v 1500000 && exec " + gofer_binary().string() +
                        " scrape -q -j 1 --threads 1 --max-size 200M --select div.p --field n=h2 " +
                        url("/huge.html") + " | wc -l";
  auto parsed = run_program({"bash", "-o", "pipefail", "-c", command}, environment());
  if (parsed.err.find("AddressSanitizer") != std::string::npos ||
      parsed.err.find("qemu") != std::string::npos) {
    GTEST_SKIP() << "this build needs more address space than the limit: " << parsed.err;
  }
  EXPECT_EQ(parsed.exit_code, 0) << parsed.err;
  EXPECT_EQ(parsed.out, std::to_string(blocks + 1) + "\n") << "a header and a row per block";
}

TEST_F(ScrapeCrawlTest, APageTooBigForTheMemoryLeftFailsAloneWithExitOne) {
  size_t blocks = 0;
  page("/huge.html", hundred_megabyte_page(blocks));
  page("/small.html", "<div class=p><h2>small</h2></div>");
  // 150 MB runs out while the body is received, 250 MB and 400 MB while it is held or parsed;
  // each once ended the process with std::bad_alloc (exit 134).
  for (const char* limit : {"150000", "250000", "400000"}) {
    std::string script = std::string("ulimit -v ") + limit + " && exec \"$0\" \"$@\"";
    // A sanitized or emulated build reserves more address space than the limit at startup.
    auto starts = run_program({"bash", "-c", script, gofer_binary().string(), "--version"});
    if (starts.exit_code != 0 || binary_is_emulated()) {
      GTEST_SKIP() << "this build does not start under ulimit -v " << limit << ": " << starts.err;
    }
    auto result = run_program(
        {"bash", "-c", script, gofer_binary().string(), "scrape", "-q", "-j", "1", "--max-size",
         "200M", "--select", "div.p", "--field", "n=h2", url("/huge.html"), url("/small.html")},
        environment());
    EXPECT_EQ(result.exit_code, 1) << "limit " << limit << ": " << result.err;
    EXPECT_NE(result.err.find("gofer: scrape: " + url("/huge.html") + ": out of memory "),
              std::string::npos)
        << "limit " << limit << ": " << result.err;
    EXPECT_EQ(result.out, "n\nsmall\n") << "limit " << limit;
  }
}

TEST_F(ScrapeCrawlTest, TrapsEndAtMaxPagesAndMaxUrlsPerHost) {
  auto pages = scrape({"-q", "--crawl", "--depth", "100", "--max-pages", "2", url("/trap/1")});
  EXPECT_EQ(pages.exit_code, 0) << pages.err;
  EXPECT_EQ(server_.requests(), (Requests{"/robots.txt", "/trap/1", "/trap/2"}));
  auto capped = scrape({"--crawl", "--depth", "100", "--max-urls-per-host", "3", url("/trap/1")});
  EXPECT_EQ(capped.exit_code, 0) << capped.err;
  EXPECT_EQ(server_.requests().size(), 3u + 4u) << "robots.txt, /trap/1, /trap/2, /trap/3";
  EXPECT_EQ(capped.err,
            "scrape: 3 pages, 3 rows, 0 skipped, 0 failed, 1 over --max-urls-per-host "
            "(T s)\n");
}

TEST_F(ScrapeCrawlTest, HeadersAndUserAgentReachTheServerAndRobotsGroup) {
  page("/robots.txt", "User-agent: mybot\nDisallow: /\n", "text/plain");
  page("/index.html", "<title>Home</title>");
  auto result = scrape(
      {"-q", "-A", "gofer-test/1", "-H", "X-Test: yes", "--select", "title", url("/index.html")});
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(result.out, "text\nHome\n");
  EXPECT_EQ(server_.last_header("/index.html", "User-Agent"), "gofer-test/1");
  EXPECT_EQ(server_.last_header("/index.html", "X-Test"), "yes");
}

TEST_F(ScrapeCrawlTest, IgnoreRobotsWarnsAndFetchesNoRobotsTxt) {
  page("/robots.txt", "User-agent: *\nDisallow: /\n", "text/plain");
  page("/index.html", "<title>Home</title>");
  auto result = scrape({"--ignore-robots", "--select", "title", url("/index.html")});
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(server_.requests(), (Requests{"/index.html"}));
  EXPECT_NE(result.err.find("--ignore-robots: robots.txt is neither fetched nor obeyed"),
            std::string::npos)
      << result.err;
}

TEST_F(ScrapeCrawlTest, ScopeAllowAndDenyLimitTheLinksFollowed) {
  page("/docs/index.html",
       "<a href='guide.html'>g</a><a href='/blog/x.html'>b</a>"
       "<a href='skip-me.html'>s</a>");
  page("/docs/guide.html", "<title>guide</title>");
  page("/blog/x.html", "<title>blog</title>");
  page("/docs/skip-me.html", "<title>skip</title>");
  auto result =
      scrape({"-q", "--crawl", "--scope", "prefix", "--deny", "skip-me", url("/docs/index.html")});
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(server_.requests(), (Requests{"/robots.txt", "/docs/index.html", "/docs/guide.html"}));
  auto allowed = scrape({"-q", "--crawl", "--allow", "/blog/", url("/docs/index.html")});
  EXPECT_EQ(allowed.exit_code, 0) << allowed.err;
  Requests requests = server_.requests();
  EXPECT_EQ(Requests(requests.begin() + 3, requests.end()),
            (Requests{"/robots.txt", "/docs/index.html", "/blog/x.html"}));
}

TEST_F(ScrapeCrawlTest, JsonGivesOneObjectPerPageAndASummary) {
  page("/index.html", "<title>Home</title>");
  auto result = scrape({"--json", "-o", "rows.csv", "--select", "title", url("/index.html"),
                        url("/missing.html"), "--retries", "0"});
  EXPECT_EQ(result.exit_code, 1);
  auto lines = parse_json_lines(result.out);
  ASSERT_EQ(lines.size(), 3u) << result.out;
  // A failure is reported by the event loop, a page by the parser thread: either may be first.
  if (lines[0]["url"] != url("/index.html")) std::swap(lines[0], lines[1]);
  EXPECT_EQ(lines[0]["type"], "page");
  EXPECT_EQ(lines[0]["url"], url("/index.html"));
  EXPECT_EQ(lines[0]["status"], "ok");
  EXPECT_EQ(lines[0]["rows"], 1);
  EXPECT_EQ(lines[1]["status"], "failed");
  EXPECT_EQ(lines[1]["http_status"], 404);
  EXPECT_EQ(lines[1]["error"], "HTTP 404");
  EXPECT_EQ(lines[2]["type"], "summary");
  EXPECT_EQ(lines[2]["pages"], 1);
  EXPECT_EQ(lines[2]["failed"], 1);
  EXPECT_EQ(dir_.read("rows.csv"), "text\nHome\n");
}

TEST_F(ScrapeCrawlTest, UsageErrorsOfUrlTargets) {
  struct Case {
    std::vector<std::string> args;
    std::string message;
  };
  const std::string target = url("/index.html");
  const Case cases[] = {
      {{target, "page.html"}, "URLs and local files cannot be mixed in one run (run scrape twice)"},
      {{"--crawl", "page.html"},
       "--crawl, --follow, --sitemap, --delay, --max-pages, --allow, "
       "--deny, --fresh and --ignore-robots need http(s) URL targets"},
      {{"--base", "http://e.org/", target},
       "--base is for local files and stdin; a fetched page's base is its URL"},
      {{"--scope", "site", target}, "--scope: expected host, domain or prefix, got 'site'"},
      {{"--depth", "-1", target}, "--depth: expected 0 or more"},
      {{"--max-pages", "0", target}, "--max-pages: expected 1 or more"},
      {{"--delay", "-2", target}, "--delay: expected 0 or more seconds"},
      {{"--allow", "(", target}, "--allow: invalid regular expression '(': missing ): ("},
      {{"-j", "0", target}, "-j: expected 1 to 1000"},
      {{"--follow", "a:hover", target},
       "--follow: selector 'a:hover': position 2: unsupported pseudo-class ':hover'"},
  };
  for (const Case& c : cases) {
    auto result = scrape(c.args);
    EXPECT_EQ(result.exit_code, 2) << c.message;
    EXPECT_EQ(result.err, "gofer: scrape: " + c.message + "\n");
  }
  EXPECT_TRUE(server_.requests().empty());
}

TEST_F(ScrapeCrawlTest, ShardsSplitTheSitesByHostAndCoverEachOnce) {
  page("/a.html", "<title>a</title><a href='b.html'>b</a>");
  page("/b.html", "<title>b</title>");
  std::string local = url("/a.html");
  std::string named = "http://localhost:" + local.substr(local.rfind(':') + 1);
  std::string rows;
  size_t before = 0;
  for (int k = 1; k <= 3; ++k) {
    auto result = scrape(
        {"-q", "--crawl", "--select", "title", "--shard", std::to_string(k) + "/3", local, named});
    EXPECT_EQ(result.exit_code, 0) << result.err;
    size_t made = server_.requests().size() - before;
    before += made;
    EXPECT_TRUE(made == 0 || made == 3 || made == 6) << "whole sites only: " << made;
    rows += result.out.substr(5);  // without the header "text\n"
  }
  Requests requests = server_.requests();
  std::sort(requests.begin(), requests.end());
  EXPECT_EQ(requests,
            (Requests{"/a.html", "/a.html", "/b.html", "/b.html", "/robots.txt", "/robots.txt"}));
  EXPECT_EQ(rows.size(), std::string("a\nb\na\nb\n").size()) << rows;
}

TEST_F(ScrapeCrawlTest, KillNineThenTheSameCommandContinuesWithoutFetchingAPageTwice) {
  std::string links;
  for (int i = 1; i <= 4; ++i) {
    std::string n = std::to_string(i);
    page("/p" + n + ".html", "<title>P" + n + "</title>");
    links += "<a href='/p" + n + ".html'>p</a>";
  }
  page("/index.html", "<title>Home</title>" + links + "<a href='/slow/3000/x'>slow</a>");
  std::vector<std::string> args = {"--crawl", "--select", "title",
                                   "-o",      "rows.csv", url("/index.html")};
  auto full = scrape({"-q", "--crawl", "--select", "title", "-o", "full.csv", url("/index.html")});
  ASSERT_EQ(full.exit_code, 0) << full.err;
  size_t uninterrupted = server_.requests().size();

  // Killed while the slow page hangs, once the journal holds the last quick page.
  EXPECT_EQ(kill_once_done(args, "/p4.html"), "137\n");
  EXPECT_FALSE(std::filesystem::exists(dir_.path() / "rows.csv")) << "-o is atomic: not yet";
  Requests all = server_.requests();
  Requests first(all.begin() + static_cast<long>(uninterrupted), all.end());
  EXPECT_EQ(first, (Requests{"/robots.txt", "/index.html", "/p1.html", "/p2.html", "/p3.html",
                             "/p4.html", "/slow/3000/x"}));

  auto resumed = scrape(args);
  EXPECT_EQ(resumed.exit_code, 0) << resumed.err;
  all = server_.requests();
  Requests second(all.begin() + static_cast<long>(uninterrupted + first.size()), all.end());
  EXPECT_EQ(second, (Requests{"/robots.txt", "/slow/3000/x"})) << "only what was not done";
  EXPECT_EQ(dir_.read("rows.csv"), dir_.read("full.csv"));
  EXPECT_EQ(dir_.read("rows.csv"), "text\nHome\nP1\nP2\nP3\nP4\n");
  EXPECT_NE(resumed.err.find("5 done by the interrupted run"), std::string::npos) << resumed.err;

  // Completed: no journal is left, so the same command would crawl the whole site again.
  EXPECT_TRUE(std::filesystem::is_empty(dir_.path() / "state" / "gofer" / "scrape"));
}

TEST_F(ScrapeCrawlTest, FreshForgetsAnInterruptedRun) {
  page("/index.html", "<title>Home</title><a href='/slow/3000/x'>slow</a>");
  EXPECT_EQ(kill_once_done({"--crawl", url("/index.html")}, "/index.html"), "137\n");
  // Another run of the same crawl holds the journal (here flock(1) does): exit 75 at once.
  auto held = run_program({"bash", "-c",
                           "flock state/gofer/scrape/crawl-*.journal " + gofer_binary().string() +
                               " scrape -q -j 1 "
                               "--threads 1 --crawl " +
                               url("/index.html")},
                          environment());
  EXPECT_EQ(held.exit_code, 75);
  EXPECT_NE(held.err.find("another run of this crawl holds its journal"), std::string::npos)
      << held.err;
  auto fresh = scrape({"-q", "--crawl", "--fresh", url("/index.html")});
  EXPECT_EQ(fresh.exit_code, 0) << fresh.err;
  EXPECT_EQ(server_.requests(), (Requests{"/robots.txt", "/index.html", "/slow/3000/x",
                                          "/robots.txt", "/index.html", "/slow/3000/x"}));
}

TEST_F(ScrapeCrawlTest, ATerminalShowsAProgressLineThatTheSummaryReplaces) {
  page("/index.html", "<title>Home</title>");
  // script(1) gives gofer a pseudo-terminal; what gofer wrote to it comes out on stdout.
  auto result = run_program(
      {"script", "-qec",
       gofer_binary().string() + " scrape -j 1 --select title -o rows.csv " + url("/index.html"),
       "/dev/null"},
      environment());
  EXPECT_EQ(result.exit_code, 0) << result.out;
  EXPECT_NE(result.out.find("scrape: 2/2 requests done, "), std::string::npos) << result.out;
  EXPECT_NE(result.out.find("\r\x1b[Kscrape: 1 page, 1 row"), std::string::npos) << result.out;
  EXPECT_EQ(dir_.read("rows.csv"), "text\nHome\n");
}

TEST_F(ScrapeCrawlTest, SitemapsSeedTheCrawlThroughIndexesAndGzip) {
  page("/robots.txt", "User-agent: *\nDisallow: /no/\nSitemap: /maps/index.xml\n", "text/plain");
  const std::string urlset =
      "<?xml version='1.0'?><urlset xmlns='http://www.sitemaps.org/schemas/"
      "sitemap/0.9'>";
  page("/sitemap.xml", urlset + "<url><loc>" + url("/a.html") + "</loc></url></urlset>",
       "application/xml");
  page("/maps/index.xml",
       "<sitemapindex><sitemap><loc> " + url("/maps/part.xml.gz") +
           " </loc></sitemap></sitemapindex>",
       "application/xml");
  page("/maps/part.xml.gz",
       gzip(urlset + "<url><loc>" + url("/b.html") + "</loc></url><url><loc>" + url("/no/c.html") +
            "</loc></url><url><loc>http://offsite.invalid/"
            "</loc></url></urlset>"),
       "application/gzip");
  page("/index.html", "<title>Home</title>");
  page("/a.html", "<title>A</title>");
  page("/b.html", "<title>B</title>");
  auto result = scrape({"-q", "--sitemap", "--select", "title", url("/index.html")});
  EXPECT_EQ(result.exit_code, 0) << result.err;
  // Sitemaps go before pages but not before robots.txt, which may name more of them: the
  // order between the two kinds depends on when robots.txt is parsed.
  EXPECT_EQ(sorted_requests_after_robots(),
            (Requests{"/a.html", "/b.html", "/index.html", "/maps/index.xml", "/maps/part.xml.gz",
                      "/robots.txt", "/sitemap.xml"}))
      << "/no/c.html is disallowed, offsite.invalid out of scope";
  EXPECT_EQ(result.out, "text\nHome\nA\nB\n");
}

TEST_F(ScrapeCrawlTest, ASitemapThatIsNotXmlIsAWarningNotAFailure) {
  page("/sitemap.xml", "hello, not xml", "text/plain");
  page("/index.html", "<title>Home</title>");
  auto result = scrape({"--sitemap", "--select", "title", url("/index.html")});
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(result.out, "text\nHome\n");
  EXPECT_EQ(result.err, "gofer: scrape: " + url("/sitemap.xml") +
                            ": not a sitemap: not well-formed XML\n"
                            "scrape: 1 page, 1 row, 0 skipped, 0 failed (T s)\n");
}

TEST_F(ScrapeCrawlTest, SigtermStopsWith143AndKeepsTheJournalForTheNextRun) {
  page("/index.html", "<title>Home</title><a href='/slow/3000/x'>slow</a>");
  std::vector<std::string> args = {"--crawl", "--select", "title",
                                   "-o",      "rows.csv", url("/index.html")};
  EXPECT_EQ(kill_once_done(args, "/index.html", "TERM"), "143\n");
  EXPECT_FALSE(std::filesystem::is_empty(dir_.path() / "state" / "gofer" / "scrape"));
  EXPECT_EQ(dir_.read("rows.csv"), "text\nHome\n") << "rows of the pages done are written";
  auto resumed = scrape(args);
  EXPECT_EQ(resumed.exit_code, 0) << resumed.err;
  EXPECT_EQ(server_.requests(), (Requests{"/robots.txt", "/index.html", "/slow/3000/x",
                                          "/robots.txt", "/slow/3000/x"}));
  EXPECT_EQ(dir_.read("rows.csv"), "text\nHome\n");
}

}  // namespace
}  // namespace gofer::testing
