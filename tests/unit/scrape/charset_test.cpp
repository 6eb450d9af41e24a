// The charset decision (BOM, HTTP header, <meta>, detection), decoding, and HTML sniffing.
#include <gtest/gtest.h>

#include <string>

#include "gofer/scrape/html.hpp"

namespace gofer::scrape {
namespace {

struct Declaration {
  const char* why;
  const char* bytes;
  const char* header;
  const char* charset;
};

class DeclaredCharset : public ::testing::TestWithParam<Declaration> {};

TEST_P(DeclaredCharset, Decides) {
  EXPECT_EQ(declared_charset(GetParam().bytes, GetParam().header), GetParam().charset) << GetParam().why;
}

INSTANTIATE_TEST_SUITE_P(
    Sources, DeclaredCharset,
    ::testing::Values(
        Declaration{"the header wins over <meta>", "<meta charset=utf-8>", "windows-1250", "WINDOWS-1250"},
        Declaration{"<meta charset>", "<html><head><meta charset=\"KOI8-R\">", "", "KOI8-R"},
        Declaration{"http-equiv", "<META HTTP-EQUIV=\"Content-Type\" CONTENT=\"text/html; "
                    "charset=windows-1251\">", "", "WINDOWS-1251"},
        Declaration{"latin1 means windows-1252", "<meta charset=iso-8859-1>", "", "WINDOWS-1252"},
        Declaration{"ascii means windows-1252", "", "us-ascii", "WINDOWS-1252"},
        Declaration{"a BOM wins over everything", "\xEF\xBB\xBF<meta charset=windows-1252>",
                    "iso-8859-2", ""},
        Declaration{"nothing declared: detect", "<p>x</p>", "", ""}));

TEST(DeclaredCharsetPrescan, AMetaPastThePrescanWindowIsNotRead) {
  std::string page = "<html><head><script>" + std::string(5000, 'x') + "</script><meta charset=koi8-r>";
  EXPECT_EQ(declared_charset(page, ""), "");
}

TEST(DecodePage, Windows1252PageGivesCafe) {
  auto page = decode_page("<meta charset=windows-1252><p>Caf\xE9</p>", "");
  ASSERT_TRUE(page.has_value()) << page.error().message();
  EXPECT_EQ(page->text, "<meta charset=windows-1252><p>Caf\xC3\xA9</p>");
  EXPECT_EQ(page->charset, "WINDOWS-1252");
}

TEST(DecodePage, UndeclaredLegacyBytesAreDetected) {
  auto page = decode_page("<p>Les cr\xE8mes br\xFBl\xE9""es du caf\xE9 sont d\xE9licieuses.</p>", "");
  ASSERT_TRUE(page.has_value());
  EXPECT_EQ(page->text, "<p>Les crèmes brûlées du café sont délicieuses.</p>");
}

TEST(DecodePage, AnUndecodableDeclaredCharsetFallsBackToDetection) {
  auto page = decode_page("<meta charset=shift_jis><p>plain ascii</p>", "");
  ASSERT_TRUE(page.has_value()) << page.error().message();
  EXPECT_EQ(page->text, "<meta charset=shift_jis><p>plain ascii</p>");
}

TEST(DecodePage, AWrongDeclarationGivesReplacementCharactersNotAnError) {
  auto page = decode_page("<meta charset=utf-8><p>Caf\xE9</p>", "");
  ASSERT_TRUE(page.has_value());
  EXPECT_EQ(page->text, "<meta charset=utf-8><p>Caf\xEF\xBF\xBD</p>");
}

TEST(DecodePage, NulBytesBecomeReplacementCharacters) {
  auto page = decode_page(std::string("<p>a\0b</p>", 10), "");
  ASSERT_TRUE(page.has_value());
  EXPECT_EQ(page->text, "<p>a\xEF\xBF\xBD""b</p>");
}

TEST(LooksLikeHtml, TagsCommentsAndDoctypesAfterWhitespaceOrBom) {
  EXPECT_TRUE(looks_like_html("<!DOCTYPE html><html>"));
  EXPECT_TRUE(looks_like_html("\n\t <p>x"));
  EXPECT_TRUE(looks_like_html("\xEF\xBB\xBF<html>"));
  EXPECT_TRUE(looks_like_html(std::string("\xFF\xFE<\0h\0", 6)));
  EXPECT_TRUE(looks_like_html("<!-- x -->"));
}

TEST(LooksLikeHtml, PdfImagesJsonAndTextAreNot) {
  EXPECT_FALSE(looks_like_html("%PDF-1.7\n"));
  EXPECT_FALSE(looks_like_html("\x89PNG\r\n\x1a\n"));
  EXPECT_FALSE(looks_like_html("{\"a\": 1}"));
  EXPECT_FALSE(looks_like_html("just text"));
  EXPECT_FALSE(looks_like_html(""));
}

}  // namespace
}  // namespace gofer::scrape
