// resolve_simple() against libcurl's resolution: wherever the fast path answers, the answer
// is libcurl's; and it answers the references documentation trees are made of.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "scrape/url_fast.hpp"

namespace gofer::scrape {
namespace {

const std::vector<std::string> kBases = {
    "http://a/b/c/d;p?q",
    "http://127.0.0.1:8080/library/os.html",
    "https://docs.example.org/3/tutorial/index.html#intro",
    "https://docs.example.org/",
    "http://x.org/a//b/c.html?x=1&y=2",
    "http://x.org/dir/",
    "http://x-y.example:81/p",
    "file:///tmp/site/a.html",
    "file:///",
    // Declined: libcurl normalizes these, or they are not bases the fast path reads.
    "HTTP://X.org/a",
    "http://X.org/a",
    "http://x.org:80/a",
    "https://x.org:443/a",
    "http://x.org:080/a",
    "http://127.1/a",
    "http://0x7f.0.0.1/a",
    "http://1password.com/a",
    "http://x.org",
    "http://x.org?q",
    "http://x.org/a b",
    "http://x.org/a/../b",
    "http://x.org/a/./b",
    "http://x.org/a?",
    "http://u@x.org/a",
    "http://[::1]:8080/a",
    "ftp://x.org/a",
    "http://x.org./a",
    "http://x_y.org/a",
    "http://x.org/%zz",
    "",
};

const std::vector<std::string> kRefs = {
    "",
    "g",
    "./g",
    "g/",
    "/g",
    "?y",
    "g?y",
    "#s",
    "g#s",
    "g?y#s",
    ";x",
    "g;x",
    "g;x?y#s",
    ".",
    "./",
    "..",
    "../",
    "../g",
    "../..",
    "../../",
    "../../g",
    "../../../g",
    "/./g",
    "/../g",
    "g.",
    ".g",
    "g..",
    "..g",
    "./../g",
    "./g/.",
    "g/./h",
    "g/../h",
    "g;x=1/./y",
    "g;x=1/../y",
    "g?y/./x",
    "g?y/../x",
    "g#s/./x",
    "g#s/../x",
    "a//b",
    "/a//b/../c",
    "../library/os.path.html#os.path.join",
    "genindex.html",
    "_static/pygments.css",
    "#module-os",
    "index.html#",
    "index.html?",
    "x?a=1&b=2#f",
    "%7Euser/x",
    "%41%zz",
    "a%2",
    "a b",
    " g",
    "g\n",
    "\tg",
    "caf\xc3\xa9.html",
    "http:g",
    "http://other/x",
    "//other/x",
    "mailto:a@b",
    "a:b",
    "./a:b",
    "#",
    "?",
    "x#y#z",
    "x?y?z",
    "x#y?z",
    "\\g",
    "g\\h",
    "a|b",
    "a\"b",
    "a<b",
    "~x",
    "!$&'()*+,;=:@",
};

TEST(ResolveSimple, AgreesWithLibcurlWhereverItAnswers) {
  int answered = 0;
  for (const std::string& base : kBases) {
    for (const std::string& ref : kRefs) {
      for (Fragment fragment : {Fragment::kDrop, Fragment::kKeep}) {
        auto simple = resolve_simple(base, ref, fragment);
        if (!simple) continue;
        ++answered;
        auto curl = resolve_with_curl(base, ref, fragment);
        EXPECT_TRUE(curl.has_value()) << base << " + '" << ref << "': " << curl.error().message();
        if (curl) {
          EXPECT_EQ(*simple, *curl) << base << " + '" << ref << "'";
        }
      }
    }
  }
  EXPECT_GT(answered, 500) << "the fast path should answer most plain references";
}

TEST(ResolveSimple, AnswersTheLinksOfADocumentationTree) {
  const std::string base = "http://127.0.0.1:8080/library/os.html";
  EXPECT_EQ(resolve_simple(base, "../tutorial/index.html#tut", Fragment::kKeep),
            "http://127.0.0.1:8080/tutorial/index.html#tut");
  EXPECT_EQ(resolve_simple(base, "../tutorial/index.html#tut", Fragment::kDrop),
            "http://127.0.0.1:8080/tutorial/index.html");
  EXPECT_EQ(resolve_simple(base, "#os.getcwd", Fragment::kKeep),
            "http://127.0.0.1:8080/library/os.html#os.getcwd");
  EXPECT_EQ(resolve_simple(base, "../../../x.html", Fragment::kDrop),
            "http://127.0.0.1:8080/x.html");
  EXPECT_EQ(resolve_simple("file:///tmp/site/a.html", "../b.html#y", Fragment::kKeep),
            "file:///tmp/b.html#y");
}

TEST(ResolveSimple, LeavesToLibcurlWhatItWouldChange) {
  const std::string base = "http://x.org/d/p.html";
  for (const char* ref :
       {"a b", " g", "caf\xc3\xa9.html", "http:g", "//other/x", "a:b", "#", "?", "%zz", "\\g"}) {
    EXPECT_FALSE(resolve_simple(base, ref, Fragment::kKeep).has_value()) << "'" << ref << "'";
  }
  for (const char* other : {"HTTP://x.org/", "http://x.org:80/", "http://127.1/", "http://x.org"}) {
    EXPECT_FALSE(resolve_simple(other, "g", Fragment::kKeep).has_value()) << other;
  }
}

}  // namespace
}  // namespace gofer::scrape
