// URL resolution (RFC 3986 §5.4's examples) and the normalization links are listed with.
#include <gtest/gtest.h>

#include "gofer/scrape/url.hpp"

namespace gofer::scrape {
namespace {

struct Resolution {
  const char* ref;
  const char* expected;
};

class Rfc3986Examples : public ::testing::TestWithParam<Resolution> {};

// §5.4's base; expectations are the RFC's, with the fragment removed (gofer lists URLs
// without fragments) and "http://g" written as "http://g/" (§6.2.3: an empty path is "/").
TEST_P(Rfc3986Examples, ResolveAgainstTheRfcBase) {
  auto url = resolve_url("http://a/b/c/d;p?q", GetParam().ref);
  ASSERT_TRUE(url.has_value()) << url.error().message();
  EXPECT_EQ(*url, GetParam().expected) << "ref " << GetParam().ref;
}

// §5.4.1, the normal examples, then §5.4.2.
INSTANTIATE_TEST_SUITE_P(
    Examples, Rfc3986Examples,
    ::testing::Values(
        Resolution{"g:h", "g:h"}, Resolution{"g", "http://a/b/c/g"},
        Resolution{"./g", "http://a/b/c/g"}, Resolution{"g/", "http://a/b/c/g/"},
        Resolution{"/g", "http://a/g"}, Resolution{"//g", "http://g/"},
        Resolution{"?y", "http://a/b/c/d;p?y"}, Resolution{"g?y", "http://a/b/c/g?y"},
        Resolution{"#s", "http://a/b/c/d;p?q"}, Resolution{"g#s", "http://a/b/c/g"},
        Resolution{"g?y#s", "http://a/b/c/g?y"}, Resolution{";x", "http://a/b/c/;x"},
        Resolution{"g;x", "http://a/b/c/g;x"}, Resolution{"g;x?y#s", "http://a/b/c/g;x?y"},
        Resolution{"", "http://a/b/c/d;p?q"}, Resolution{".", "http://a/b/c/"},
        Resolution{"./", "http://a/b/c/"}, Resolution{"..", "http://a/b/"},
        Resolution{"../", "http://a/b/"}, Resolution{"../g", "http://a/b/g"},
        Resolution{"../..", "http://a/"}, Resolution{"../../", "http://a/"},
        Resolution{"../../g", "http://a/g"},
        // §5.4.2, the abnormal examples.
        Resolution{"../../../g", "http://a/g"}, Resolution{"../../../../g", "http://a/g"},
        Resolution{"/./g", "http://a/g"}, Resolution{"/../g", "http://a/g"},
        Resolution{"g.", "http://a/b/c/g."}, Resolution{".g", "http://a/b/c/.g"},
        Resolution{"g..", "http://a/b/c/g.."}, Resolution{"..g", "http://a/b/c/..g"},
        Resolution{"./../g", "http://a/b/g"}, Resolution{"./g/.", "http://a/b/c/g/"},
        Resolution{"g/./h", "http://a/b/c/g/h"}, Resolution{"g/../h", "http://a/b/c/h"},
        Resolution{"g;x=1/./y", "http://a/b/c/g;x=1/y"}, Resolution{"g;x=1/../y", "http://a/b/c/y"},
        Resolution{"g?y/./x", "http://a/b/c/g?y/./x"}, Resolution{"g?y/../x", "http://a/b/c/g?y/../x"},
        Resolution{"g#s/./x", "http://a/b/c/g"}, Resolution{"g#s/../x", "http://a/b/c/g"},
        // §5.4.2 allows either; gofer takes the backward-compatible reading.
        Resolution{"http:g", "http://a/b/c/g"}));

TEST(NormalizeUrl, LowerCasesSchemeAndHostAndDropsDefaultPortEmptyQueryAndFragment) {
  EXPECT_EQ(*resolve_url("", "HTTP://Example.COM:80/A?#f"), "http://example.com/A");
  EXPECT_EQ(*resolve_url("", "https://X.org:443/"), "https://x.org/");
  EXPECT_EQ(*resolve_url("", "https://x.org:8443/p?q=1#top"), "https://x.org:8443/p?q=1");
}

// Extracted values keep the fragment, as urljoin("http://a/b/c/d;p?q", ref) does.
TEST(NormalizeUrl, AnExtractedValueKeepsItsFragment) {
  EXPECT_EQ(*resolve_url("http://a/b/c/d;p?q", "g#s", Fragment::kKeep), "http://a/b/c/g#s");
  EXPECT_EQ(*resolve_url("http://a/b/c/d;p?q", "#s", Fragment::kKeep), "http://a/b/c/d;p?q#s");
  EXPECT_EQ(*resolve_url("http://a/b/c/d;p?q#old", "#s", Fragment::kKeep), "http://a/b/c/d;p?q#s");
  EXPECT_EQ(*resolve_url("http://a/b/c/d;p?q#old", "", Fragment::kKeep), "http://a/b/c/d;p?q");
  EXPECT_EQ(*resolve_url("HTTP://X.org:80/p?q=1#Top", "", Fragment::kKeep), "http://x.org/p?q=1");
  EXPECT_EQ(*resolve_url("", "HTTP://X.org:80/p#Top", Fragment::kKeep), "http://x.org/p#Top");
  EXPECT_EQ(*resolve_url("", "../a/b#c", Fragment::kKeep), "../a/b#c");
  EXPECT_EQ(*resolve_url("http://x.org/", "ftp://Host/f#x", Fragment::kKeep), "ftp://Host/f#x");
  EXPECT_EQ(*resolve_url("file:///tmp/site/a.html", "../b.html#y", Fragment::kKeep),
            "file:///tmp/b.html#y");
}

// The crawler's form: "#s" on its own is the page itself.
TEST(NormalizeUrl, ALoneFragmentIsThePageItselfForTheCrawler) {
  EXPECT_EQ(*resolve_url("http://a/b/c/d;p?q", "#s"), "http://a/b/c/d;p?q");
}

TEST(NormalizeUrl, TrimsSpacesAndRemovesNewlinesInsideLikeBrowsers) {
  EXPECT_EQ(*resolve_url("http://x.org/d/", "  a\n/b c \t"), "http://x.org/d/a/b%20c");
}

TEST(NormalizeUrl, WithoutABaseARelativeReferenceStaysRelative) {
  EXPECT_EQ(*resolve_url("", "../a/b#c"), "../a/b");
}

TEST(NormalizeUrl, OtherSchemesAreKeptAsTheyAre) {
  EXPECT_EQ(*resolve_url("http://x.org/", "ftp://Host/f#x"), "ftp://Host/f");
}

TEST(NormalizeUrl, AnInvalidUrlIsAnErrorNamingIt) {
  auto url = resolve_url("http://x.org/", "http://[::1/");
  ASSERT_FALSE(url.has_value());
  EXPECT_EQ(url.error().category(), ErrorCategory::kInvalidData);
  EXPECT_NE(url.error().message().find("invalid URL 'http://[::1/'"), std::string::npos);
}

TEST(UnlistedLinks, MailtoJavascriptDataAndTelAreLeftOut) {
  EXPECT_TRUE(is_unlisted_link("mailto:a@b.org"));
  EXPECT_TRUE(is_unlisted_link("  JavaScript:void(0)"));
  EXPECT_TRUE(is_unlisted_link("data:text/plain,x"));
  EXPECT_TRUE(is_unlisted_link("tel:+49301234"));
  EXPECT_FALSE(is_unlisted_link("http://x.org/mailto:"));
  EXPECT_FALSE(is_unlisted_link("page.html"));
}

TEST(UrlScheme, IsTheRfc3986SchemeLowerCased) {
  EXPECT_EQ(url_scheme("HTTPS://x"), "https");
  EXPECT_EQ(url_scheme("a/b:c"), "");
  EXPECT_EQ(url_scheme("1a:b"), "");
  EXPECT_EQ(url_scheme("svn+ssh://x"), "svn+ssh");
}

// Upper-case hex as browsers and urllib write it (libcurl alone writes "%c3%a0"); a host is
// never percent-encoded, and escapes already in the page are kept as they are.
TEST(NormalizeUrl, NonAsciiIsPercentEncodedInUpperCaseOutsideTheHost) {
  EXPECT_EQ(*resolve_url("https://e.org/c/", "Balance_\xC3\xA0 tabac.JPG?q=\xC3\xA9"),
            "https://e.org/c/Balance_%C3%A0%20tabac.JPG?q=%C3%A9");
  EXPECT_EQ(*resolve_url("https://e.org/c/", "https://x.org/\xC3\xA0"), "https://x.org/%C3%A0");
  EXPECT_EQ(*resolve_url("https://e.org/c/", "//x.org/p/\xC3\xA0"), "https://x.org/p/%C3%A0");
  EXPECT_EQ(*resolve_url("https://e.org/c/", "a%c3%a0"), "https://e.org/c/a%c3%a0");
}

TEST(FileUrl, PercentEncodesThePath) {
  EXPECT_EQ(*file_url("/tmp/a b/c.html"), "file:///tmp/a%20b/c.html");
  EXPECT_EQ(*file_url("/tmp/\xC3\xA0 %.html"), "file:///tmp/%C3%A0%20%25.html");
  EXPECT_EQ(*resolve_url("file:///tmp/site/a.html", "../img/x.png#y"), "file:///tmp/img/x.png");
}

}  // namespace
}  // namespace gofer::scrape
