// slugify: ASCII folding, separators, trimming and characters without an ASCII form.
#include <gtest/gtest.h>

#include "gofer/rename/rules.hpp"

namespace gofer::rename {
namespace {

TEST(SlugTest, FoldsAccentsAndCollapsesPunctuation) {
  EXPECT_EQ(slugify("Crème Brûlée (v2)", "-"), "creme-brulee-v2");
}

TEST(SlugTest, TrimsSeparatorsAtBothEnds) {
  EXPECT_EQ(slugify("  --Hello, World!--  ", "-"), "hello-world");
}

TEST(SlugTest, CustomSeparator) {
  EXPECT_EQ(slugify("My Holiday Photos", "_"), "my_holiday_photos");
  EXPECT_EQ(slugify("a b", "--"), "a--b");
  EXPECT_EQ(slugify("a b  c", ""), "abc");
}

TEST(SlugTest, SeparatorCharactersInInputCollapse) { EXPECT_EQ(slugify("a_-_b", "_"), "a_b"); }

TEST(SlugTest, CompatibilityDecomposition) {
  EXPECT_EQ(slugify("ﬁle Ａ１ x²", "-"), "file-a1-x2");  // ligature, fullwidth, superscript
}

TEST(SlugTest, LatinLettersWithoutDecomposition) {
  EXPECT_EQ(slugify("Straße", "-"), "strasse");
  EXPECT_EQ(slugify("Øresund Æble Łódź", "-"), "oresund-aeble-lodz");
  EXPECT_EQ(slugify("Þór œuvre", "-"), "thor-oeuvre");
}

TEST(SlugTest, DecomposedInputLikeMacOs) {
  EXPECT_EQ(slugify("Cre\xCC\x80me", "-"), "creme");  // e + COMBINING GRAVE
}

TEST(SlugTest, LettersWithoutAsciiFormAreDropped) {
  EXPECT_EQ(slugify("日本語 notes", "-"), "notes");
  EXPECT_EQ(slugify("ab日本cd", "-"), "abcd");
  EXPECT_EQ(slugify("Привет", "-"), "");
}

TEST(SlugTest, NonAsciiPunctuationSeparates) {
  EXPECT_EQ(slugify("before—after", "-"), "before-after");  // em dash
  EXPECT_EQ(slugify("price€10", "-"), "price-10");
  EXPECT_EQ(slugify("a\302\240b", "-"), "a-b");  // no-break space
}

TEST(SlugTest, InvalidUtf8SeparatesWords) { EXPECT_EQ(slugify("ab\377cd", "-"), "ab-cd"); }

TEST(SlugTest, DotsAreSeparatorsToo) { EXPECT_EQ(slugify("v1.2 notes", "-"), "v1-2-notes"); }

TEST(SlugTest, EmptyInputGivesEmpty) {
  EXPECT_EQ(slugify("", "-"), "");
  EXPECT_EQ(slugify("!!!", "-"), "");
}

}  // namespace
}  // namespace gofer::rename
