// convert_case: every style, Unicode special cases, word splitting and invalid UTF-8.
#include <string>

#include <gtest/gtest.h>

#include "gofer/rename/rules.hpp"

namespace gofer::rename {
namespace {

TEST(CaseConvertTest, LowerAndUpperAscii) {
  EXPECT_EQ(convert_case("Sales Report.CSV", CaseStyle::kLower), "sales report.csv");
  EXPECT_EQ(convert_case("Sales Report.csv", CaseStyle::kUpper), "SALES REPORT.CSV");
}

TEST(CaseConvertTest, LowerIsUnicodeAware) {
  EXPECT_EQ(convert_case("ÄRGER.txt", CaseStyle::kLower), "ärger.txt");
  EXPECT_EQ(convert_case("ÉCOLE ÇA", CaseStyle::kLower), "école ça");
  EXPECT_EQ(convert_case("ПРИВЕТ", CaseStyle::kLower), "привет");
}

TEST(CaseConvertTest, UpperSharpSBecomesDoubleS) {
  EXPECT_EQ(convert_case("straße", CaseStyle::kUpper), "STRASSE");
  EXPECT_EQ(convert_case("ärger", CaseStyle::kUpper), "ÄRGER");
}

TEST(CaseConvertTest, LowerSharpSStaysSharpS) {
  EXPECT_EQ(convert_case("Straße", CaseStyle::kLower), "straße");
  EXPECT_EQ(convert_case("STRAẞE", CaseStyle::kLower), "straße");  // capital sharp s
}

TEST(CaseConvertTest, GreekFinalSigma) {
  EXPECT_EQ(convert_case("ΟΔΥΣΣΕΥΣ", CaseStyle::kLower), "οδυσσευς");
  EXPECT_EQ(convert_case("ΣΑΣ ΣΟΦΟΣ.txt", CaseStyle::kLower), "σας σοφος.txt");
  EXPECT_EQ(convert_case("Σ", CaseStyle::kLower), "σ");  // alone: not at the end of a word
  EXPECT_EQ(convert_case("οδυσσευς", CaseStyle::kUpper), "ΟΔΥΣΣΕΥΣ");
}

TEST(CaseConvertTest, TurkishDottedCapitalIDoesNotBreak) {
  std::string lower = convert_case("İSTANBUL", CaseStyle::kLower);
  EXPECT_EQ(lower.substr(lower.size() - 7), "stanbul");
  EXPECT_FALSE(lower.empty());
  EXPECT_EQ(convert_case("ı", CaseStyle::kUpper), "I");
}

TEST(CaseConvertTest, TitleCapitalisesEachWord) {
  EXPECT_EQ(convert_case("the QUICK brown-fox_jumps", CaseStyle::kTitle),
            "The Quick Brown-Fox_Jumps");
  EXPECT_EQ(convert_case("the.matrix.1999", CaseStyle::kTitle), "The.Matrix.1999");
}

TEST(CaseConvertTest, TitleKeepsApostropheInsideWord) {
  EXPECT_EQ(convert_case("don't stop", CaseStyle::kTitle), "Don't Stop");
  EXPECT_EQ(convert_case("rock’n roll", CaseStyle::kTitle), "Rock’n Roll");
}

TEST(CaseConvertTest, TitleDigitsStartWords) {
  EXPECT_EQ(convert_case("2ND place", CaseStyle::kTitle), "2nd Place");
}

TEST(CaseConvertTest, TitleUsesTitlecaseLetters) {
  EXPECT_EQ(convert_case("ǆungla", CaseStyle::kTitle), "ǅungla");
  EXPECT_EQ(convert_case("ßa", CaseStyle::kTitle), "Ssa");
  EXPECT_EQ(convert_case("élan vital", CaseStyle::kTitle), "Élan Vital");
}

TEST(CaseConvertTest, SentenceCapitalisesOnlyFirstLetter) {
  EXPECT_EQ(convert_case("hello WORLD again", CaseStyle::kSentence), "Hello world again");
  EXPECT_EQ(convert_case("2024 annual REPORT", CaseStyle::kSentence), "2024 Annual report");
  EXPECT_EQ(convert_case("über alles", CaseStyle::kSentence), "Über alles");
}

TEST(CaseConvertTest, SnakeSplitsOnSeparators) {
  EXPECT_EQ(convert_case("My File Name", CaseStyle::kSnake), "my_file_name");
  EXPECT_EQ(convert_case("my-file__name  2024", CaseStyle::kSnake), "my_file_name_2024");
  EXPECT_EQ(convert_case("  padded  ", CaseStyle::kSnake), "padded");
}

TEST(CaseConvertTest, SnakeSplitsCamelHumps) {
  EXPECT_EQ(convert_case("myFileName", CaseStyle::kSnake), "my_file_name");
  EXPECT_EQ(convert_case("MyFileName", CaseStyle::kSnake), "my_file_name");
}

TEST(CaseConvertTest, AcronymEndsBeforeNextWord) {
  EXPECT_EQ(convert_case("HTTPServer", CaseStyle::kSnake), "http_server");
  EXPECT_EQ(convert_case("parseHTMLFile", CaseStyle::kKebab), "parse-html-file");
  EXPECT_EQ(convert_case("ALLCAPS", CaseStyle::kSnake), "allcaps");
}

TEST(CaseConvertTest, DigitsStayAttached) {
  EXPECT_EQ(convert_case("file2Name", CaseStyle::kSnake), "file2_name");
  EXPECT_EQ(convert_case("version10", CaseStyle::kSnake), "version10");
  EXPECT_EQ(convert_case("Report 2024 Q3", CaseStyle::kKebab), "report-2024-q3");
}

TEST(CaseConvertTest, PunctuationSeparatesAndApostrophesVanish) {
  EXPECT_EQ(convert_case("Report (final), v2!", CaseStyle::kSnake), "report_final_v2");
  EXPECT_EQ(convert_case("don't panic", CaseStyle::kSnake), "dont_panic");
}

TEST(CaseConvertTest, DotsStayInsideWords) {
  EXPECT_EQ(convert_case("release v1.2 notes", CaseStyle::kSnake), "release_v1.2_notes");
}

TEST(CaseConvertTest, KebabCamelPascal) {
  EXPECT_EQ(convert_case("My File Name", CaseStyle::kKebab), "my-file-name");
  EXPECT_EQ(convert_case("My File Name", CaseStyle::kCamel), "myFileName");
  EXPECT_EQ(convert_case("my_file_name", CaseStyle::kPascal), "MyFileName");
  EXPECT_EQ(convert_case("HTTP server log", CaseStyle::kCamel), "httpServerLog");
}

TEST(CaseConvertTest, WordStylesAreUnicodeAware) {
  EXPECT_EQ(convert_case("Ärger über Öl", CaseStyle::kSnake), "ärger_über_öl");
  EXPECT_EQ(convert_case("ärger über öl", CaseStyle::kPascal), "ÄrgerÜberÖl");
  EXPECT_EQ(convert_case("grüßeAusKöln", CaseStyle::kKebab), "grüße-aus-köln");
  EXPECT_EQ(convert_case("ΚΑΛΗ ΜΕΡΑ", CaseStyle::kCamel), "καληΜερα");
}

TEST(CaseConvertTest, CombiningMarksStayWithTheirLetter) {
  // "e" + U+0301 COMBINING ACUTE: the mark must not split the word.
  EXPECT_EQ(convert_case("Cafe\xCC\x81 Noir", CaseStyle::kSnake), "cafe\xCC\x81_noir");
}

TEST(CaseConvertTest, NothingButSeparatorsGivesEmpty) {
  EXPECT_EQ(convert_case("--- ___", CaseStyle::kSnake), "");
  EXPECT_EQ(convert_case("", CaseStyle::kTitle), "");
}

TEST(CaseConvertTest, InvalidUtf8BytesPassThrough) {
  std::string name = "AB\377\376CD";
  EXPECT_EQ(convert_case(name, CaseStyle::kLower), "ab\377\376cd");
  EXPECT_EQ(convert_case("x\xC3", CaseStyle::kUpper), "X\xC3");  // truncated sequence
  EXPECT_EQ(convert_case("my\377File", CaseStyle::kSnake), "my\377file");
}

}  // namespace
}  // namespace gofer::rename
