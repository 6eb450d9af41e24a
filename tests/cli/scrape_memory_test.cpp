// The crawl's memory is O(concurrency), not O(pages): bodies, trees and rows go once a page is
// extracted. Bounded by counts (the same crawl of 30 and of 300 pages), never by the clock.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <string>

#include "fault_injection.hpp"
#include "scrape_crawl_fixture.hpp"

namespace gofer::testing {
namespace {

constexpr int kPages = 300;

// Runs argv[1:] on at most two CPUs (gofer parses on one thread per CPU, so the bound does not
// depend on the machine) and prints its peak RSS in KB on stderr. Not wait4() in the test: a
// child forked from the test process is charged the test's own RSS (the site it serves)
// until it execs, and ru_maxrss keeps that.
constexpr const char* kPeakRss =
    "import os, resource, subprocess, sys\n"
    "os.sched_setaffinity(0, sorted(os.sched_getaffinity(0))[:2])\n"
    "code = subprocess.call(sys.argv[1:])\n"
    "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, file=sys.stderr)\n"
    "sys.exit(code)\n";
constexpr const char* kPython = "/usr/bin/python3";

// Page i: ~150 KB of paragraphs and links to ten others, so that every page is reached.
std::string big_page(int i) {
  std::string body = "<html><head><title>page " + std::to_string(i) + "</title></head><body>";
  for (int k = 1; k <= 10; ++k) {
    body += "<a href='/p/" + std::to_string((i * 7 + k) % kPages) + ".html'>next</a> ";
  }
  while (body.size() < 150'000) {
    body +=
        "<div class=s><p>Lorem <b>ipsum</b> dolor sit amet, <a href='#x'>consectetur</a> "
        "adipiscing elit.</p></div>\n";
  }
  return body + "</body></html>";
}

TEST_F(ScrapeCrawlTest, PeakMemoryDoesNotGrowWithThePagesCrawled) {
  // Under qemu the RSS measured is the emulator's, with its translation cache.
  if (binary_is_emulated()) GTEST_SKIP() << "the binary runs under an emulator";
#if defined(__SANITIZE_ADDRESS__)
  GTEST_SKIP() << "ASan's quarantine keeps freed memory: RSS grows with what was allocated";
#endif
  if (!std::filesystem::exists(kPython)) GTEST_SKIP() << kPython << " is not installed";
  page("/robots.txt", "User-agent: *\nAllow: /\n", "text/plain");
  for (int i = 0; i < kPages; ++i) page("/p/" + std::to_string(i) + ".html", big_page(i));
  // Peak RSS in KB of a crawl of `pages` pages, once its output is checked.
  auto crawl = [&](int pages) -> long {
    auto result = run_program({kPython,
                               "-c",
                               kPeakRss,
                               gofer_binary().string(),
                               "scrape",
                               "-q",
                               "--crawl",
                               "--depth",
                               "1000",
                               "--max-pages",
                               std::to_string(pages),
                               "-j",
                               "16",
                               "--threads",
                               "2",
                               "--per-host",
                               "16",
                               "--select",
                               "title",
                               url("/p/0.html")},
                              environment());
    EXPECT_EQ(result.exit_code, 0) << result.err;
    EXPECT_EQ(std::count(result.out.begin(), result.out.end(), '\n'), pages + 1)
        << "a header and a title a page";
    size_t line = result.err.rfind('\n', result.err.empty() ? 0 : result.err.size() - 2);
    return std::stol("0" + result.err.substr(line == std::string::npos ? 0 : line + 1));
  };
  long few = crawl(kPages / 10);
  long all = crawl(kPages);
  std::printf("peak RSS: %ld KB for %d pages, %ld KB for %d\n", few, kPages / 10, all, kPages);
  // Were the 45 MB of bodies (or their trees, ~25x as much) kept, the difference would be
  // far larger.
  EXPECT_LT(all, few + 25 * 1024);
  EXPECT_LT(all, 150 * 1024) << "issue 29's bound for a 20,000-page crawl";
}

}  // namespace
}  // namespace gofer::testing
