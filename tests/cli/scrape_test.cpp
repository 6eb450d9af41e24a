// Blackbox tests of `gofer scrape` on generated local pages: links, fields, charsets, broken
// HTML, refusals and outputs, asserting stdout, stderr and exit codes exactly.
#include <gtest/gtest.h>

#include <string>

#include "fault_injection.hpp"
#include "run_binary.hpp"
#include "temp_dir.hpp"

namespace gofer::testing {
namespace {

constexpr std::string_view kShop = R"(<!DOCTYPE html>
<html><head><title>Shop</title><base href="http://Shop.Example:80/cat/chairs/"></head>
<body>
<nav><a href="../../index.html#top">Home</a> <a href="../tables/">Tables</a>
<a href="page2.html" rel="next">Next</a> <a href="https://other.org/x?">Partner</a>
<a href="mailto:shop@example.org">Mail</a> <a href="#reviews">Reviews</a></nav>
<div class="product" data-id="1"><h2>Blue  Chair</h2><span class=price>49.90</span>
  <a href="/p/1.html">details</a></div>
<div class="product sold" data-id="2"><h2>Red "Chair", big</h2><span class=price>59.00</span>
  <a href="/p/2.html">details</a></div>
</body></html>
)";

class ScrapeCliTest : public ::testing::Test {
 protected:
  // Runs `gofer scrape ARGS`; the summary's time is replaced by "T" so stderr compares exactly.
  RunResult gofer(std::vector<std::string> args, const std::string& stdin_data = "") {
    args.insert(args.begin(), "scrape");
    RunOptions options;
    options.cwd = dir_.path();
    options.stdin_data = stdin_data;
    RunResult result = run_gofer(args, options);
    result.err = mask_seconds(std::move(result.err));
    return result;
  }
  TempDir dir_;
};

// Fragments stay, as parsel + urljoin give them (17% of the link rows of a real Sphinx tree).
TEST_F(ScrapeCliTest, LinksAreAbsoluteAgainstBaseHrefWithTheirFragmentsAndNoMailto) {
  dir_.write("shop.html", kShop);
  auto result = gofer({"-q", "shop.html"});
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(result.out,
            "url,page,text,rel\n"
            "http://shop.example/index.html#top,shop.html,Home,\n"
            "http://shop.example/cat/tables/,shop.html,Tables,\n"
            "http://shop.example/cat/chairs/page2.html,shop.html,Next,next\n"
            "https://other.org/x,shop.html,Partner,\n"
            "http://shop.example/cat/chairs/#reviews,shop.html,Reviews,\n"
            "http://shop.example/p/1.html,shop.html,details,\n"
            "http://shop.example/p/2.html,shop.html,details,\n");
  EXPECT_EQ(result.err, "");
}

TEST_F(ScrapeCliTest, RelativeLinksOfALocalFileResolveAgainstItsFileUrl) {
  dir_.write("site/sub/a.html", "<a href='../b.html#x'>b</a><a href=c.html>c</a>");
  auto result = gofer({"-q", "site/sub/a.html"});
  EXPECT_EQ(result.exit_code, 0) << result.err;
  std::string root = "file://" + dir_.path().string();
  EXPECT_EQ(result.out, "url,page,text,rel\n" + root + "/site/b.html#x,site/sub/a.html,b,\n" + root +
                            "/site/sub/c.html,site/sub/a.html,c,\n");
}

TEST_F(ScrapeCliTest, SelectWithFieldsGivesOneRowPerProductQuotedAsRfc4180) {
  dir_.write("shop.html", kShop);
  auto result =
      gofer({"shop.html", "--select", "div.product", "--field", "name=h2", "--field",
             "price=.price", "--field", "url=a::attr(href)", "--field", "id=::attr(data-id)"});
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(result.out,
            "name,price,url,id\n"
            "Blue Chair,49.90,http://shop.example/p/1.html,1\n"
            "\"Red \"\"Chair\"\", big\",59.00,http://shop.example/p/2.html,2\n");
  EXPECT_EQ(result.err, "scrape: 1 page, 2 rows, 0 skipped, 0 failed (T s)\n");
}

TEST_F(ScrapeCliTest, JsonlAddsThePageAndXPathSelectorsWork) {
  dir_.write("shop.html", kShop);
  auto result =
      gofer({"-q", "--format", "jsonl", "--select", "//div[@data-id]", "--field", "name=./h2",
             "--field", "sold=xpath:boolean(contains(@class, 'sold'))", "shop.html"});
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(result.out,
            "{\"page\":\"shop.html\",\"name\":\"Blue Chair\",\"sold\":\"false\"}\n"
            "{\"page\":\"shop.html\",\"name\":\"Red \\\"Chair\\\", big\",\"sold\":\"true\"}\n");
}

TEST_F(ScrapeCliTest, SelectAloneGivesATextColumnAndJoinSeparatesMatches) {
  auto result = gofer({"-q", "--select", "ul", "--field", "items=li", "--join", ";", "-"},
                      "<ul><li>a</li><li>b</li></ul><ul></ul>");
  EXPECT_EQ(result.out, "items\na;b\n\"\"\n");
  result = gofer({"-q", "--select", "li:nth-child(2n+1)", "-"}, "<ul><li>1<li>2<li>3</ul>");
  EXPECT_EQ(result.out, "text\n1\n3\n");
}

TEST_F(ScrapeCliTest, Windows1252PageGivesCafeNotMojibake) {
  dir_.write("w.html",
             "<html><head><meta http-equiv=Content-Type content='text/html; "
             "charset=windows-1252'></head><p>Caf\xE9 &amp; cr\xE8me \x80 5</p>");
  auto result = gofer({"-v", "--select", "p", "w.html"});
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(result.out, "text\nCaf\xC3\xA9 & cr\xC3\xA8me \xE2\x82\xAC 5\n");
  EXPECT_NE(result.err.find("w.html: 1 row (WINDOWS-1252)"), std::string::npos) << result.err;
}

TEST_F(ScrapeCliTest, VerboseCountsInvalidLinkUrls) {
  dir_.write("a.html", "<a href='http://[::1/'>bad</a><a href=http://e.org/>e</a>");
  auto result = gofer({"-v", "a.html"});
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(result.out, "url,page,text,rel\nhttp://e.org/,a.html,e,\n");
  EXPECT_NE(result.err.find("a.html: 1 row (UTF-8, 1 invalid link URL left out)"),
            std::string::npos)
      << result.err;
}

TEST_F(ScrapeCliTest, MalformedHtmlStillGivesItsRows) {
  std::string page =
      "<div><p class=x>one<p class=x>two</div></div></span><table><tr><td>c<p class=x>th";
  page += std::string("r\0ee", 4);
  dir_.write("bad.html", page);
  auto result = gofer({"-q", "--select", "p.x", "bad.html"});
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(result.out,
            "text\none\ntwo\nthr\xEF\xBF\xBD"
            "ee\n");
}

TEST_F(ScrapeCliTest, FiftyThousandDeepNestingEndsQuickly) {
  std::string page = "<a href=http://e.org/before>b</a>";
  for (int i = 0; i < 50'000; ++i) page += "<div>";
  page += "<a href=/deep>deep</a>";
  for (int i = 0; i < 50'000; ++i) page += "</span>";
  dir_.write("deep.html", page);
  auto result = gofer({"-q", "deep.html"});
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(result.out, "url,page,text,rel\nhttp://e.org/before,deep.html,b,\n");
}

TEST_F(ScrapeCliTest, AnInvalidSelectorIsAUsageErrorNamingSelectorAndPosition) {
  dir_.write("shop.html", kShop);
  auto result = gofer({"--select", "div.product:hover", "shop.html"});
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_EQ(result.out, "");
  EXPECT_EQ(result.err,
            "gofer: scrape: selector 'div.product:hover': position 12: unsupported "
            "pseudo-class ':hover'\n");
  result = gofer({"--select", "div", "--field", "x=a::before", "shop.html"});
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_EQ(result.err,
            "gofer: scrape: --field x: selector 'a::before': position 2: unsupported "
            "pseudo-element '::before'\n");
}

TEST_F(ScrapeCliTest, ANonHtmlFileIsSkippedAndTheOthersAreRead) {
  dir_.write("doc.pdf", "%PDF-1.7\n%\xE2\xE3\xCF\xD3\n");
  dir_.write("a.html", "<a href='http://e.org/'>e</a>");
  auto result = gofer({"doc.pdf", "a.html"});
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(result.out, "url,page,text,rel\nhttp://e.org/,a.html,e,\n");
  EXPECT_EQ(result.err,
            "gofer: scrape: doc.pdf: skipped: not HTML (it does not start with a tag)\n"
            "scrape: 1 page, 1 row, 1 skipped, 0 failed (T s)\n");
}

TEST_F(ScrapeCliTest, ManyPagesOnSeveralThreadsKeepTargetOrder) {
  std::vector<std::string> args = {"-q", "--select", "h1"};
  std::string expected = "text\n";
  for (int i = 0; i < 150; ++i) {
    std::string name = "p" + std::to_string(i) + ".html";
    dir_.write(name, "<h1>page " + std::to_string(i) + "</h1>" + std::string(size_t(i) * 200, ' '));
    args.push_back(name);
    expected += "page " + std::to_string(i) + "\n";
  }
  auto result = gofer(args);
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(result.out, expected);
}

// The parse arena reserves 32 GiB of address space; where that is refused (here: an 8 GB
// address-space limit), pages are parsed with malloc and the result is the same.
TEST_F(ScrapeCliTest, PagesParseWithMallocWhereTheArenaCannotBeReserved) {
  std::vector<std::string> argv = {"sh",
                                   "-c",
                                   "ulimit -v 8000000 && exec \"$0\" \"$@\"",
                                   gofer_binary().string(),
                                   "scrape",
                                   "-q",
                                   "--select",
                                   "h1"};
  std::string expected = "text\n";
  for (int i = 0; i < 20; ++i) {
    std::string name = "p" + std::to_string(i) + ".html";
    dir_.write(name, "<h1>page " + std::to_string(i) + "</h1><p>" + std::string(5000, 'x'));
    argv.push_back(name);
    expected += "page " + std::to_string(i) + "\n";
  }
  RunOptions options;
  options.cwd = dir_.path();
  RunResult result = run_program(argv, options);
  if (result.err.find("AddressSanitizer") != std::string::npos ||
      result.err.find("qemu") != std::string::npos) {
    GTEST_SKIP() << "this build needs more address space than the limit: " << result.err;
  }
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(result.out, expected);
}

// A page larger than the memory left fails alone, with a message, never a crash or a silent
// part of its rows (libxml2 recovers from a failed allocation and would give what it had).
TEST_F(ScrapeCliTest, APageTooBigForTheMemoryLeftFailsWithExitOne) {
  // Under qemu the limit binds the emulator too, and parsing 100 MB emulated takes minutes.
  if (binary_is_emulated()) GTEST_SKIP() << "the binary runs under an emulator";
  const std::string block =
      "<div class=p><h2>item</h2><span>" + std::string(1000, 'x') + "</span></div>\n";
  std::string body;
  while (body.size() < size_t{100} << 20) body += block;
  dir_.write("huge.html", body);
  dir_.write("small.html", "<div class=p><h2>small</h2></div>");
  for (const char* limit : {"250000", "400000"}) {
    RunOptions options;
    options.cwd = dir_.path();
    std::string script = std::string("ulimit -v ") + limit + " && exec \"$0\" \"$@\"";
    // A sanitized or emulated build reserves more address space than the limit at startup.
    auto starts = run_program({"bash", "-c", script, gofer_binary().string(), "--version"});
    if (starts.exit_code != 0) {
      GTEST_SKIP() << "this build does not start under ulimit -v " << limit << ": " << starts.err;
    }
    auto result = run_program({"bash", "-c", script, gofer_binary().string(), "scrape", "-q",
                               "--select", "div.p", "--field", "n=h2", "huge.html", "small.html"},
                              options);
    EXPECT_EQ(result.exit_code, 1) << "limit " << limit << ": " << result.err;
    EXPECT_NE(result.err.find("gofer: scrape: huge.html: out of memory"), std::string::npos)
        << "limit " << limit << ": " << result.err;
    EXPECT_EQ(result.out, "n\nsmall\n") << "limit " << limit;
  }
}

TEST_F(ScrapeCliTest, AMissingFileFailsThatPageOnlyWithExitOne) {
  dir_.write("a.html", "<a href='http://e.org/'>e</a>");
  auto result = gofer({"-q", "missing.html", "a.html"});
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_EQ(result.out, "url,page,text,rel\nhttp://e.org/,a.html,e,\n");
  EXPECT_EQ(result.err, "gofer: scrape: missing.html: cannot read: No such file or directory\n");
}

TEST_F(ScrapeCliTest, UsageErrors) {
  struct Case {
    std::vector<std::string> args;
    std::string message;
  };
  const Case cases[] = {
      {{}, "no TARGET given (an http(s) URL, a local HTML file, or - for stdin)"},
      {{"--field", "a=b", "x.html"}, "--field needs --select"},
      {{"--links", "--select", "a", "x.html"}, "--links and --select exclude each other"},
      {{"--select", "a", "--field", "=b", "x.html"}, "--field: expected NAME=SELECTOR, got '=b'"},
      {{"--select", "a", "--field", "n=b", "--field", "n=c", "x.html"}, "--field: 'n' given twice"},
      {{"--format", "xml", "x.html"}, "--format: expected csv or jsonl, got 'xml'"},
      {{"--base", "relative/", "x.html"}, "--base: expected an absolute URL, got 'relative/'"},
      {{"-", "-"}, "stdin ('-') given twice"},
      {{"--json", "x.html"}, "--json needs -o FILE: stdout carries the rows"},
  };
  for (const Case& c : cases) {
    auto result = gofer(c.args);
    EXPECT_EQ(result.exit_code, 2) << c.message;
    EXPECT_EQ(result.err, "gofer: scrape: " + c.message + "\n");
  }
}

TEST_F(ScrapeCliTest, OutputFileIsWrittenAtomicallyWithBaseForStdin) {
  auto result =
      gofer({"-q", "--base", "https://e.org/dir/", "-o", "links.csv", "-"}, "<a href=x.html>x</a>");
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(result.out, "");
  EXPECT_EQ(dir_.read("links.csv"), "url,page,text,rel\nhttps://e.org/dir/x.html,-,x,\n");
  EXPECT_EQ(dir_.snapshot().size(), 1u) << "no temp file left behind";
}

TEST_F(ScrapeCliTest, JsonGivesTheSummaryOnStdoutWhenRowsGoToAFile) {
  dir_.write("a.html", "<a href=http://e.org/>e</a>");
  auto result = gofer({"--json", "-o", "out.csv", "a.html"});
  EXPECT_EQ(result.exit_code, 0) << result.err;
  // One record per page, then the summary.
  EXPECT_TRUE(result.out.starts_with(
      "{\"file\":\"a.html\",\"rows\":1,\"status\":\"ok\",\"type\":\"page\"}\n"
      "{\"command\":\"scrape\",\"exit_code\":0,\"failed\":0,\"pages\":1,\"rows\":1,\"seconds\":"))
      << result.out;
  EXPECT_TRUE(result.out.ends_with(",\"skipped\":0,\"type\":\"summary\"}\n")) << result.out;
  EXPECT_EQ(dir_.read("out.csv"), "url,page,text,rel\nhttp://e.org/,a.html,e,\n");
}

TEST_F(ScrapeCliTest, AnOutputFileThatCannotBeCreatedFailsBeforeReadingPages) {
  dir_.write("a.html", "<a href=http://e.org/>e</a>");
  auto result = gofer({"-o", "no/such/dir/out.csv", "a.html"});
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_EQ(result.out, "");
  EXPECT_EQ(result.err,
            "gofer: scrape: no/such/dir/out.csv: cannot create no/such/dir/out.csv: cannot "
            "create a temporary file in no/such/dir: No such file or directory\n");
}

TEST_F(ScrapeCliTest, HelpEndsWithExamplesAndStatesTheCurrentStatus) {
  auto result = run_gofer({"scrape", "--help"});
  EXPECT_EQ(result.exit_code, 0);
  EXPECT_NE(result.out.find("Examples:\n  gofer scrape page.html"), std::string::npos)
      << result.out;
  EXPECT_NE(result.out.find("Crawling is polite by default: robots.txt is fetched once per host"),
            std::string::npos)
      << result.out;
  EXPECT_EQ(result.out.find("arrive with the crawler"), std::string::npos) << "the old status";
  for (const char* flag : {"--crawl", "--follow", "--depth", "--max-pages", "--scope", "--allow",
                           "--deny", "--max-urls-per-host", "--ignore-robots", "--delay",
                           "--per-host", "--max-size", "(default 50M)"}) {
    EXPECT_NE(result.out.find(flag), std::string::npos) << flag;
  }
}

}  // namespace
}  // namespace gofer::testing
