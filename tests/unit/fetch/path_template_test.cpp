// Unit tests of --name-template: placeholders, and that no URL can make a path escape -d.
#include <random>

#include <gtest/gtest.h>

#include "gofer/fetch/naming.hpp"

namespace gofer::fetch {
namespace {

std::string expand(std::string_view text, std::string_view url) {
  auto parsed = PathTemplate::parse(text);
  EXPECT_TRUE(parsed) << text;
  return parsed ? parsed->expand(url) : "";
}

// Every component is a sanitized name: the path stays relative and inside -d.
void expect_contained(const std::string& path) {
  ASSERT_FALSE(path.empty());
  ASSERT_NE(path.front(), '/');
  size_t start = 0;
  for (;;) {
    size_t slash = path.find('/', start);
    std::string component = path.substr(start, slash == path.npos ? path.npos : slash - start);
    ASSERT_EQ(component, sanitize_name(component)) << path;
    ASSERT_FALSE(component.empty() || component == "." || component == "..") << path;
    if (slash == path.npos) break;
    start = slash + 1;
  }
}

TEST(FetchPathTemplate, HostAndPathBecomeDirectories) {
  EXPECT_EQ(expand("{host}/{path}", "http://Example.ORG:8080/a/b/c.txt?q=1#f"),
            "example.org/a/b/c.txt");
  EXPECT_EQ(expand("{host}/{path}", "https://example.org/a/b/"), "example.org/a/b/index.html");
  EXPECT_EQ(expand("{host}/{path}", "https://example.org"), "example.org/index.html");
  EXPECT_EQ(expand("{host}/{path}", "http://user:pw@h/x"), "h/x");
  EXPECT_EQ(expand("{host}_{port}/{name}", "https://h/x/y.bin"), "h_443/y.bin");
  EXPECT_EQ(expand("{host}_{port}/{name}", "http://h:81/y.bin"), "h_81/y.bin");
  EXPECT_EQ(expand("{host}/{path}", "http://[::1]:8080/v"), "[::1]/v");
  EXPECT_EQ(expand("mirror/{dir}/{name}", "http://h/a/b/report%202024.pdf"),
            "mirror/a/b/report 2024.pdf");
  EXPECT_EQ(expand("{dir}/{name}", "http://h/only"), "only");
}

TEST(FetchPathTemplate, HostilePathsCannotEscape) {
  EXPECT_EQ(expand("{host}/{path}", "http://h/../../etc/passwd"), "h/etc/passwd");
  EXPECT_EQ(expand("{host}/{path}", "http://h/a/%2E%2E/%2e%2e/%2E%2E/x"), "h/a/x");
  EXPECT_EQ(expand("{host}/{path}", "http://h/..%2F..%2Fx"), "h/.._.._x");
  EXPECT_EQ(expand("{host}/{path}", "http://h/-rf/a%0Ab/%00"), "h/_rf/a_b/_");
  EXPECT_EQ(expand("{host}/{path}", "http://h//a///b"), "h/a/b");
  EXPECT_EQ(expand("{host}/{path}", "http://../x"), "x");  // a host of ".." names nothing
  EXPECT_EQ(expand("/{path}", "http://h/x"), "x");         // never absolute
  EXPECT_EQ(expand("out/../../{name}", "http://h/x"), "out/x");
  EXPECT_EQ(expand("{path}", "http://h/%2E%2E"), "index.html");
  for (const char* url : {"http://h/../../etc/passwd", "http://h/a\\..\\b", "http://h/%2F%2F/x",
                          "http://%2E%2E/x", "http://h/.%2E/.%2e/x"}) {
    expect_contained(expand("{host}/{path}", url));
  }
}

TEST(FetchPathTemplate, LongComponentsAreCutEachOnTheirOwn) {
  std::string url = "http://h/" + std::string(300, 'd') + "/" + std::string(300, 'f') + ".txt";
  std::string path = expand("{host}/{path}", url);
  expect_contained(path);
  EXPECT_TRUE(path.ends_with(".txt"));
}

TEST(FetchPathTemplate, ParseRejectsUnknownUnclosedAndPlaceholderFreeTemplates) {
  EXPECT_FALSE(PathTemplate::parse("{nope}/{path}"));
  EXPECT_FALSE(PathTemplate::parse("{host"));
  EXPECT_FALSE(PathTemplate::parse("fixed-name"));
  EXPECT_FALSE(PathTemplate::parse(""));
  auto error = PathTemplate::parse("{nope}");
  ASSERT_FALSE(error);
  EXPECT_EQ(error.error().category(), ErrorCategory::kInvalidArgument);
  EXPECT_NE(error.error().message().find("{nope}"), std::string::npos) << error.error().message();
}

TEST(FetchPathTemplate, NumberedNamesChangeOnlyTheLastComponent) {
  EXPECT_EQ(numbered_name("h.org/d/README", 1), "h.org/d/README.1");
  EXPECT_EQ(numbered_name("h.org/d/a.tar.gz", 2), "h.org/d/a.tar.2.gz");
  EXPECT_EQ(numbered_name("h.org/.hidden", 1), "h.org/.hidden.1");
}

TEST(FetchPathTemplate, RandomUrlsStayContained) {
  std::mt19937 random(7);
  const std::string alphabet = "ab./%2E2F\\-\n\x01\xc3\xa9?#@:[]";
  auto parsed = PathTemplate::parse("{host}/{port}/{dir}/{path}/{name}");
  ASSERT_TRUE(parsed);
  for (int round = 0; round < 5000; ++round) {
    std::string url = round % 2 ? "http://" : "https://";
    for (size_t i = random() % 80; i > 0; --i) url += alphabet[random() % alphabet.size()];
    expect_contained(parsed->expand(url));
  }
}

}  // namespace
}  // namespace gofer::fetch
