// Unit tests of download naming: sanitizing, URL names, Content-Disposition, duplicates.
#include "gofer/fetch/naming.hpp"

#include <random>

#include <gtest/gtest.h>

namespace gofer::fetch {
namespace {

TEST(SanitizeName, RemovesEverythingThatCouldEscapeOrMislead) {
  EXPECT_EQ(sanitize_name("a/b"), "a_b");
  EXPECT_EQ(sanitize_name("a\\b"), "a_b");
  EXPECT_EQ(sanitize_name(".."), "");
  EXPECT_EQ(sanitize_name("."), "");
  EXPECT_EQ(sanitize_name("../../etc/passwd"), ".._.._etc_passwd");
  EXPECT_EQ(sanitize_name("-rf"), "_rf");
  EXPECT_EQ(sanitize_name("a\nb\x1b[2J\x7f"), "a_b_[2J_");
  EXPECT_EQ(sanitize_name("café.txt"), "café.txt");
}

TEST(SanitizeName, LongInvalidUtf8IsCutNotEmptiedIntoADot) {
  // Found by fuzzing: a run of stray continuation bytes was cut back to nothing, leaving the
  // extension "." as the whole name (the download directory itself).
  std::string name = sanitize_name("[" + std::string(300, '\xA1') + ".");
  // Backs up over at most 3 continuation bytes, as for a valid 4-byte character.
  EXPECT_EQ(name, "[" + std::string(kMaxNameBytes - 5, '\xA1') + ".");
  EXPECT_EQ(sanitize_name(std::string(300, '\xA1') + "."),
            std::string(kMaxNameBytes - 4, '\xA1') + ".");
}

TEST(SanitizeName, CutsLongNamesOnUtf8BoundaryKeepingTheExtension) {
  std::string name;
  for (int i = 0; i < 200; ++i) name += "é";  // 400 bytes
  std::string cut = sanitize_name(name + ".tar");
  EXPECT_LE(cut.size(), kMaxNameBytes);
  EXPECT_TRUE(cut.ends_with("é.tar")) << cut;
}

TEST(NameFromUrl, LastSegmentDecodedWithoutQueryOrFragment) {
  EXPECT_EQ(name_from_url("https://example.org/files/report%202024.pdf?x=1#top"), "report 2024.pdf");
  EXPECT_EQ(name_from_url("https://example.org/"), "index.html");
  EXPECT_EQ(name_from_url("https://example.org"), "index.html");
  EXPECT_EQ(name_from_url("https://example.org/a/..%2F..%2Fevil"), ".._.._evil");
  EXPECT_EQ(name_from_url("https://example.org/%2E%2E"), "index.html");
  EXPECT_EQ(name_from_url("http://h/%zz%4"), "%zz%4");
}

TEST(NameFromContentDisposition, QuotedPlainAndExtendedForms) {
  EXPECT_EQ(name_from_content_disposition("attachment; filename=\"a b.txt\""), "a b.txt");
  EXPECT_EQ(name_from_content_disposition("attachment; filename=plain.bin"), "plain.bin");
  EXPECT_EQ(name_from_content_disposition("attachment; filename*=UTF-8''caf%C3%A9.txt; filename=x"),
            "café.txt");
  EXPECT_EQ(name_from_content_disposition("attachment; filename=\"../../evil\""), "evil");
  EXPECT_EQ(name_from_content_disposition("attachment; filename=\"..\""), std::nullopt);
  EXPECT_EQ(name_from_content_disposition("inline"), std::nullopt);
}

TEST(NameRegistry, SecondClaimGetsANumberBeforeTheExtension) {
  NameRegistry names;
  bool renamed = false;
  EXPECT_EQ(names.claim("a.txt", renamed), "a.txt");
  EXPECT_FALSE(renamed);
  EXPECT_EQ(names.claim("a.txt", renamed), "a.1.txt");
  EXPECT_TRUE(renamed);
  EXPECT_EQ(names.claim("a.1.txt", renamed), "a.1.1.txt");
  EXPECT_EQ(names.claim("a.txt", renamed), "a.2.txt");
  EXPECT_EQ(names.claim("README", renamed), "README");
  EXPECT_EQ(names.claim("README", renamed), "README.1");
  EXPECT_EQ(numbered_name(".hidden", 1), ".hidden.1");
}

// A small in-process fuzz loop (the AFL target replays the same property).
TEST(SanitizeName, RandomInputNeverYieldsAPathOrDotName) {
  std::mt19937 random(42);
  for (int round = 0; round < 20000; ++round) {
    std::string input(random() % 300, '\0');
    for (char& c : input) c = static_cast<char>(random() % 256);
    std::string name = sanitize_name(input);
    ASSERT_EQ(name.find('/'), std::string::npos);
    ASSERT_NE(name, "..");
    ASSERT_NE(name, ".");
    ASSERT_LE(name.size(), kMaxNameBytes);
    ASSERT_FALSE(!name.empty() && name[0] == '-');
    for (char c : name) ASSERT_FALSE(static_cast<unsigned char>(c) < 0x20 || c == 0x7f);
  }
}

}  // namespace
}  // namespace gofer::fetch
