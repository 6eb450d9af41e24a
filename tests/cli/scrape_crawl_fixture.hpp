// Shared fixture of the `gofer scrape` blackbox tests on URL targets: a temp dir (cwd, state
// dir), the loopback test server with a generated shop site, and helpers to run and kill.
#pragma once

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

#include "http_test_server.hpp"
#include "run_binary.hpp"
#include "temp_dir.hpp"

namespace gofer::testing {

using Requests = std::vector<std::string>;

class ScrapeCrawlTest : public ::testing::Test {
 protected:
  // `gofer scrape ARGS` with the summary's time replaced by "T"; one transfer and one event
  // loop unless a test asks otherwise, so that the order of requests is the frontier's.
  RunResult scrape(std::vector<std::string> args) {
    for (const char* flag : {"--threads", "-j"}) {
      if (std::ranges::find(args, flag) == args.end()) args.insert(args.begin(), {flag, "1"});
    }
    args.insert(args.begin(), {"scrape", "--retry-base", "0.01"});
    RunOptions options = environment();
    options.env.insert({"NO_COLOR", "1"});
    RunResult result = run_gofer(args, options);
    result.err = mask_seconds(std::move(result.err));
    return result;
  }
  std::string url(const std::string& path) const { return server_.url(path); }
  // The requests sorted, once the first is checked to be robots.txt (when the order of the
  // rest depends on threads).
  Requests sorted_requests_after_robots() const {
    Requests requests = server_.requests();
    EXPECT_TRUE(!requests.empty() && requests.front() == "/robots.txt");
    std::sort(requests.begin(), requests.end());
    return requests;
  }
  // The temp dir as cwd, state in it, no proxy from the caller's environment.
  RunOptions environment() const {
    RunOptions options{.cwd = dir_.path(),
                       .env = {{"XDG_STATE_HOME", (dir_.path() / "state").string()}}};
    for (const char* name : {"http_proxy", "https_proxy", "HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY",
                             "all_proxy", "no_proxy", "NO_PROXY"}) {
      options.unset_env.emplace_back(name);
    }
    return options;
  }
  // Runs `gofer scrape -q -j 1 --threads 1 ARGS` and sends it `signal` once its crawl journal
  // has recorded `done_path` as done; returns what `wait` said (137: killed by SIGKILL).
  std::string kill_once_done(const std::vector<std::string>& args, const std::string& done_path,
                             const std::string& signal = "KILL") {
    std::string command = gofer_binary().string() + " scrape -q -j 1 --threads 1";
    for (const std::string& arg : args) command += " '" + arg + "'";
    auto killed = run_program({"bash", "-c",
                               command +
                                   " >/dev/null & pid=$!; for i in $(seq 1200); do grep -qs "
                                   "'^D [0-9]* .*" +
                                   done_path +
                                   "$' state/gofer/scrape/crawl-*.journal && "
                                   "break; sleep 0.01; done; kill -" + signal +
                                   " $pid; wait $pid; echo $?"},
                              environment());
    return killed.out;
  }

 public:
  RunResult run(std::vector<std::string> args) { return scrape(std::move(args)); }

 protected:
  void page(const std::string& target, std::string body, std::string content_type = "text/html") {
    server_.add_page(target, {std::move(body), std::move(content_type), 200, ""});
  }

  // The shop: robots.txt with a group for gofer, <base href>, relative and ../ links, a
  // fragment, a mailto, an offsite link, a PDF, a windows-1252 page, pagination, a trap.
  void build_site() {
    page("/robots.txt",
         "User-agent: *\nDisallow: /\n\nUser-agent: gofer\nDisallow: /secret/\n"
         "Allow: /secret/ok.html\n",
         "text/plain");
    page("/index.html",
         "<html><head><title>Home</title><base href='/shop/'></head><body>"
         "<a href='a.html#top'>A</a> <a href='../about.html'>About</a>"
         "<a href='/secret/a.html'>Secret</a> <a href='/secret/ok.html'>Ok</a>"
         "<a href='http://offsite.invalid/x.html'>Offsite</a> <a href='doc.pdf'>PDF</a>"
         "<a href='latin.html'>Latin</a> <a href='mailto:a@b.example'>Mail</a>"
         "<a href='/trap/1'>Calendar</a></body></html>");
    page("/shop/a.html",
         "<title>Shop A</title><a href='a.html'>self</a>"
         "<a href='/index.html#x'>home</a><a href='list?page=2'>more</a>");
    page("/about.html", "<title>About</title><p>about</p>");
    page("/secret/a.html", "<title>Secret</title>");
    page("/secret/b.html", "<title>Secret B</title>");
    page("/secret/ok.html", "<title>Ok</title><a href='/secret/b.html'>b</a>");
    page("/shop/doc.pdf", "%PDF-1.4 not html", "application/pdf");
    page("/shop/latin.html", "<title>Caf\xE9 cr\xE8me</title><a href='menu.html'>menu</a>",
         "text/html; charset=windows-1252");
    page("/shop/menu.html", "<title>Menu</title>");
    page("/shop/list?page=2", "<title>List 2</title><a href='list?page=3'>next</a>");
    page("/shop/list?page=3", "<title>List 3</title><a href='list?page=4'>next</a>");
    page("/shop/list?page=4", "<title>List 4</title>");
  }

  TempDir dir_;
  HttpTestServer server_;
};

}  // namespace gofer::testing
