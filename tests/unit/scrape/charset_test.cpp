// The charset decision (BOM, HTTP header, <meta>, detection), decoding, and HTML sniffing.
#include <gtest/gtest.h>

#include <string>

#include "gofer/scrape/html.hpp"

namespace gofer::scrape {
namespace {

TEST(DeclaredCharset, HeaderWinsOverMeta) {
  EXPECT_EQ(declared_charset("<meta charset=utf-8>", "windows-1250"), "WINDOWS-1250");
}

TEST(DeclaredCharset, MetaCharsetAndHttpEquivAreRead) {
  EXPECT_EQ(declared_charset("<html><head><meta charset=\"KOI8-R\">", ""), "KOI8-R");
  EXPECT_EQ(declared_charset("<META HTTP-EQUIV=\"Content-Type\" CONTENT=\"text/html; charset=windows-1251\">", ""),
            "WINDOWS-1251");
}

TEST(DeclaredCharset, Latin1AndAsciiLabelsMeanWindows1252) {
  EXPECT_EQ(declared_charset("<meta charset=iso-8859-1>", ""), "WINDOWS-1252");
  EXPECT_EQ(declared_charset("", "us-ascii"), "WINDOWS-1252");
}

TEST(DeclaredCharset, AByteOrderMarkWinsOverEverything) {
  EXPECT_EQ(declared_charset("\xEF\xBB\xBF<meta charset=windows-1252>", "iso-8859-2"), "");
}

TEST(DeclaredCharset, AMetaPastThePrescanWindowIsNotRead) {
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
