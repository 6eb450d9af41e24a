// The crawl frontier on its own: robots.txt before a host's pages, dedupe, scope, depth,
// --max-pages, --max-urls-per-host, --delay, and when it may call itself finished.
#include "scrape/frontier.hpp"

#include <malloc.h>

#include <fmt/format.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "matchers.hpp"

namespace gofer::scrape {
namespace {

using testing::ErrorIs;
using testing::IsOk;

std::string take(Frontier& frontier) {
  auto next = frontier.next();
  if (!next) return "<none>";
  return next->has_value() ? (**next).url : "<error>";
}

std::unique_ptr<Frontier> make(const CrawlOptions& options) {
  auto frontier = Frontier::create(options);
  EXPECT_THAT(frontier, IsOk());
  return std::move(*frontier);
}

TEST(FrontierTest, RobotsTxtComesBeforeAnyPageOfItsHostAndIsObeyed) {
  CrawlOptions options;
  auto frontier = make(options);
  EXPECT_TRUE(frontier->add_target("http://a.example/index.html"));
  EXPECT_FALSE(frontier->add_target("http://a.example/index.html")) << "given twice";
  EXPECT_EQ(take(*frontier), "http://a.example/robots.txt");
  EXPECT_EQ(take(*frontier), "<none>") << "the page waits for robots.txt";
  EXPECT_FALSE(frontier->finished());
  frontier->set_robots("http://a.example",
                       RobotsTxt::parse("User-agent: *\nDisallow: /x", "gofer"));
  frontier->done({"http://a.example/robots.txt", "", ""});
  EXPECT_EQ(take(*frontier), "http://a.example/index.html");
  auto entry = frontier->entry("http://a.example/index.html");
  ASSERT_TRUE(entry.has_value());
  frontier->add_links(*entry, {"http://a.example/x1", "http://a.example/y", "http://a.example/y",
                               "http://b.example/z", "http://a.example/index.html"});
  EXPECT_EQ(take(*frontier), "http://a.example/y") << "x1 disallowed, b out of scope, dupes once";
  EXPECT_EQ(take(*frontier), "<none>");
  EXPECT_FALSE(frontier->finished()) << "two pages are in flight";
  frontier->done({"http://a.example/index.html", "", ""});
  frontier->done({"http://a.example/y", "", ""});
  EXPECT_TRUE(frontier->finished());
  EXPECT_EQ(frontier->disallowed(), 1);
}

TEST(FrontierTest, AnUnansweredRobotsTxtDisallowsTheHost) {
  CrawlOptions options;
  auto frontier = make(options);
  frontier->add_target("http://a.example/");
  EXPECT_EQ(take(*frontier), "http://a.example/robots.txt");
  frontier->done({"http://a.example/robots.txt", "", ""});  // interrupted: no answer
  EXPECT_EQ(take(*frontier), "<none>");
  EXPECT_TRUE(frontier->finished());
  EXPECT_EQ(frontier->disallowed(), 1);
}

TEST(FrontierTest, DepthMaxPagesAndHostCapBoundATrap) {
  CrawlOptions options;
  options.robots = false;
  options.depth = 1;
  options.max_urls_per_host = 3;
  auto frontier = make(options);
  frontier->add_target("http://a.example/0");
  EXPECT_EQ(take(*frontier), "http://a.example/0");
  frontier->add_links(*frontier->entry("http://a.example/0"),
                      {"http://a.example/1", "http://a.example/2", "http://a.example/3"});
  EXPECT_EQ(take(*frontier), "http://a.example/1");
  frontier->add_links(*frontier->entry("http://a.example/1"), {"http://a.example/deeper"});
  EXPECT_EQ(take(*frontier), "http://a.example/2");
  EXPECT_EQ(take(*frontier), "<none>") << "/3 is over the cap of 3, /deeper over depth 1";
  EXPECT_EQ(frontier->over_host_cap(), 1);

  options.max_pages = 1;
  auto limited = make(options);
  limited->add_target("http://a.example/0");
  limited->add_target("http://a.example/1");
  EXPECT_EQ(take(*limited), "http://a.example/0");
  EXPECT_EQ(take(*limited), "<none>");
  limited->done({"http://a.example/0", "", ""});
  EXPECT_TRUE(limited->finished()) << "--max-pages reached with /1 still queued";
}

TEST(FrontierTest, DelaySpacesRequestsToOneHostButNotToOthers) {
  CrawlOptions options;
  options.robots = false;
  options.delay_seconds = 3600;
  auto frontier = make(options);
  frontier->add_target("http://a.example/1");
  frontier->add_target("http://a.example/2");
  frontier->add_target("http://b.example/1");
  EXPECT_EQ(take(*frontier), "http://a.example/1");
  EXPECT_EQ(take(*frontier), "http://b.example/1");
  EXPECT_EQ(take(*frontier), "<none>");
  frontier->done({"http://a.example/1", "", ""});
  frontier->done({"http://b.example/1", "", ""});
  EXPECT_FALSE(frontier->finished()) << "a.example/2 waits for its delay";
}

// Heap bytes in use (small chunks and mmap'd ones): counts allocations, not time.
size_t heap_in_use() {
  struct mallinfo2 info = mallinfo2();
  return info.uordblks + info.hblkhd;
}

// The budget is 100 MB with 1,000,000 URLs queued: a queued URL (here with a
// 16-byte path) may cost 64 heap bytes, text and queue entry included. A set of std::string
// with a std::deque of pointers took ~140.
TEST(FrontierTest, AQueuedUrlCostsAFewTensOfBytes) {
  CrawlOptions options;
  options.robots = false;
  options.max_urls_per_host = 1'000'000;
  auto frontier = make(options);
  const std::string target = "http://127.0.0.1:8080/index.html";
  frontier->add_target(target);
  ASSERT_EQ(take(*frontier), target);
  auto entry = frontier->entry(target);
  ASSERT_TRUE(entry.has_value());
  constexpr size_t kPages = 200, kLinks = 1000;
  size_t before = heap_in_use();
  for (size_t page = 0; page < kPages; ++page) {
    std::vector<std::string> links;
    for (size_t i = 0; i < kLinks; ++i) {
      links.push_back(fmt::format("http://127.0.0.1:8080/x/{}/{}.html", page, i));
    }
    frontier->add_links(*entry, links);
  }
  size_t after = heap_in_use();
  if (after < before + kPages * kLinks) {
    GTEST_SKIP() << "malloc statistics do not see this heap (a sanitizer's allocator)";
  }
  double per_url = static_cast<double>(after - before) / (kPages * kLinks);
  EXPECT_LT(per_url, 64.0) << "heap bytes a queued URL";
  EXPECT_EQ(take(*frontier), "http://127.0.0.1:8080/x/0/0.html");
}

// What a frontier with `options` queues of `links` found on `target` (robots.txt off).
std::vector<std::string> followed(CrawlOptions options, const std::string& target,
                                  const std::vector<std::string>& links) {
  options.robots = false;
  auto frontier = make(options);
  frontier->add_target(target);
  EXPECT_EQ(take(*frontier), target);
  frontier->add_links(*frontier->entry(target), links);
  std::vector<std::string> out;
  for (std::string url = take(*frontier); url != "<none>"; url = take(*frontier))
    out.push_back(url);
  return out;
}

TEST(FrontierTest, ScopesDomainAndPrefixAndAllowDeny) {
  CrawlOptions domain{.scope = Scope::kDomain, .deny = {"/private/"}};
  EXPECT_THAT(followed(domain, "http://www.shop.example.co.uk/",
                       {"http://img.example.co.uk/a", "http://other.co.uk/b",
                        "http://www.shop.example.co.uk/private/c"}),
              ::testing::ElementsAre("http://img.example.co.uk/a"));
  CrawlOptions prefix{.scope = Scope::kPrefix, .allow = {"\\.html$"}};
  EXPECT_THAT(followed(prefix, "http://a.example/docs/index.html?x=1",
                       {"http://a.example/docs/sub/a.html", "http://a.example/blog/b.html",
                        "http://a.example/docs/c.pdf"}),
              ::testing::ElementsAre("http://a.example/docs/sub/a.html"));
}

TEST(FrontierTest, InvalidAllowPatternIsAUsageError) {
  CrawlOptions options;
  options.allow = {"a("};
  auto frontier = Frontier::create(options);
  ASSERT_THAT(frontier, ErrorIs(ErrorCategory::kInvalidArgument));
  EXPECT_EQ(frontier.error().message(), "--allow: invalid regular expression 'a(': missing ): a(");
}

TEST(FrontierTest, RegistrableDomainTakesTwoLabelsOrThreeUnderCoUkLikeNames) {
  const std::pair<const char*, const char*> cases[] = {
      {"www.example.org", "example.org"},
      {"example.org", "example.org"},
      {"a.b.shop.example.co.uk", "example.co.uk"},
      {"example.co.uk", "example.co.uk"},
      {"localhost", "localhost"},
      {"127.0.0.1", "127.0.0.1"},
      {"::1", "::1"},
  };
  for (const auto& [host, domain] : cases) EXPECT_EQ(registrable_domain(host), domain) << host;
}

TEST(FrontierTest, SplitUrlGivesOriginAndHost) {
  auto parts = split_url("http://user@[::1]:8080/a?b");
  ASSERT_TRUE(parts.has_value());
  EXPECT_EQ(parts->origin, "http://user@[::1]:8080");
  EXPECT_EQ(parts->host, "::1");
  EXPECT_EQ(split_url("https://a.example")->origin, "https://a.example");
  EXPECT_FALSE(split_url("relative/path").has_value());
  EXPECT_FALSE(split_url("http:///nohost").has_value());
}

}  // namespace
}  // namespace gofer::scrape
