// RuleChain: find/replace, case, slug and template rules, scopes, ordering and errors.
#include "gofer/rename/rules.hpp"

#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "matchers.hpp"
#include "temp_dir.hpp"

namespace gofer::rename {
namespace {

using testing::ErrorIs;
using ::testing::HasSubstr;
using testing::IsOk;

// Compiles `rules` and applies them to `name`; failures show up as "<error: ...>".
std::string apply(std::vector<Rule> rules, std::string_view name, Scope scope = Scope::kName,
                  const EntryFacts& facts = {}) {
  auto chain = RuleChain::compile(RuleOptions{.rules = std::move(rules), .scope = scope});
  if (!chain) return "<compile error: " + chain.error().message() + ">";
  auto renamed = chain->apply(name, facts);
  return renamed ? *renamed : "<error: " + renamed.error().message() + ">";
}

Result<RuleChain> compile_one(Rule rule) {
  return RuleChain::compile({.rules = {std::move(rule)}});
}

FindReplaceRule find(std::string pattern, std::string replacement) {
  return {.pattern = std::move(pattern), .replacement = std::move(replacement)};
}

TEST(RuleChainTest, ParseCaseStyleAcceptsEveryStyle) {
  EXPECT_EQ(parse_case_style("lower").value(), CaseStyle::kLower);
  EXPECT_EQ(parse_case_style("upper").value(), CaseStyle::kUpper);
  EXPECT_EQ(parse_case_style("title").value(), CaseStyle::kTitle);
  EXPECT_EQ(parse_case_style("sentence").value(), CaseStyle::kSentence);
  EXPECT_EQ(parse_case_style("snake").value(), CaseStyle::kSnake);
  EXPECT_EQ(parse_case_style("kebab").value(), CaseStyle::kKebab);
  EXPECT_EQ(parse_case_style("camel").value(), CaseStyle::kCamel);
  EXPECT_EQ(parse_case_style("pascal").value(), CaseStyle::kPascal);
}

TEST(RuleChainTest, ParseCaseStyleRejectsUnknown) {
  auto style = parse_case_style("shouting");
  ASSERT_THAT(style, ErrorIs(ErrorCategory::kInvalidArgument));
  EXPECT_THAT(style.error().message(), HasSubstr("unknown case style 'shouting'"));
}

TEST(RuleChainTest, NoRulesKeepsName) { EXPECT_EQ(apply({}, "Same Name.txt"), "Same Name.txt"); }

// --- find/replace -----------------------------------------------------------------------

TEST(RuleChainTest, ReplacesEveryMatchByDefault) {
  EXPECT_EQ(apply({find(" ", "_")}, "a b c.txt"), "a_b_c.txt");
  EXPECT_EQ(apply({find("[0-9]+", "#")}, "ep1 part22.mkv"), "ep# part#.mkv");
}

TEST(RuleChainTest, FirstOnlyReplacesOneMatch) {
  FindReplaceRule rule = find(" ", "_");
  rule.first_only = true;
  EXPECT_EQ(apply({rule}, "a b c.txt"), "a_b c.txt");
}

TEST(RuleChainTest, IgnoreCase) {
  FindReplaceRule rule = find("report", "summary");
  EXPECT_EQ(apply({rule}, "Report.md"), "Report.md");
  rule.ignore_case = true;
  EXPECT_EQ(apply({rule}, "Report REPORT.md"), "summary summary.md");
  EXPECT_EQ(apply({FindReplaceRule{.pattern = "ärger", .replacement = "x", .ignore_case = true}},
                  "ÄRGER.txt"),
            "x.txt");
}

TEST(RuleChainTest, PlainTextPatternsNeedNoRegexButBehaveTheSame) {
  EXPECT_EQ(apply({find(" ", "_")}, "Sales Report 2024.CSV"), "Sales_Report_2024.CSV");
  EXPECT_EQ(apply({find("ab", "$0$0")}, "xabyab"), "xababyabab");
  EXPECT_EQ(apply({find("ab", "$$")}, "abab"), "$$");
  FindReplaceRule first = find("a", "b");
  first.first_only = true;
  EXPECT_EQ(apply({first}, "aaa"), "baa");
  FindReplaceRule folded = find("csv", "txt");
  folded.ignore_case = true;  // needs RE2
  EXPECT_EQ(apply({folded}, "a.CSV"), "a.txt");
  EXPECT_EQ(apply({find("é", "e")}, "caf\xC3\xA9 \xC3"), "cafe \xC3");
}

TEST(RuleChainTest, AsciiLowerAndUpperMatchTheUnicodePath) {
  EXPECT_EQ(convert_case("Sales Report 2024.CSV", CaseStyle::kLower), "sales report 2024.csv");
  EXPECT_EQ(convert_case("abc-[Z]~", CaseStyle::kUpper), "ABC-[Z]~");
  EXPECT_EQ(convert_case("ÄRGER Σ", CaseStyle::kLower), "ärger σ");
}

TEST(RuleChainTest, NoMatchKeepsName) { EXPECT_EQ(apply({find("zzz", "y")}, "abc"), "abc"); }

TEST(RuleChainTest, NumberedGroups) {
  EXPECT_EQ(apply({find(R"((\d+)-(\w+))", "$2_$1")}, "2024-report.pdf"), "report_2024.pdf");
  EXPECT_EQ(apply({find(R"((\w+))", "${1}0")}, "ab.c"), "ab0.c0");
  EXPECT_EQ(apply({find("b+", "[$0]")}, "abbbc"), "a[bbb]c");
}

TEST(RuleChainTest, NamedGroups) {
  EXPECT_EQ(
      apply({find(R"((?P<year>\d{4})-(?P<month>\d\d))", "${month}.${year}")}, "2024-03 trip.jpg"),
      "03.2024 trip.jpg");
}

TEST(RuleChainTest, DoubleDollarIsLiteralDollar) {
  EXPECT_EQ(apply({find("USD", "$$")}, "price USD 5"), "price $ 5");
  EXPECT_EQ(apply({find("(x)", "$$1")}, "x"), "$1");
}

TEST(RuleChainTest, UnmatchedOptionalGroupIsEmpty) {
  EXPECT_EQ(apply({find("a(b)?c", "<$1>")}, "ac abc"), "<> <b>");
}

TEST(RuleChainTest, LiteralPatternAndReplacement) {
  FindReplaceRule rule{.pattern = "(1).*", .replacement = "$1 ${x} $$", .literal = true};
  EXPECT_EQ(apply({rule}, "a(1).*b"), "a$1 ${x} $$b");
  EXPECT_EQ(apply({rule}, "a11111b"), "a11111b");
  rule.ignore_case = true;
  EXPECT_EQ(apply({FindReplaceRule{
                      .pattern = "A.B", .replacement = "-", .literal = true, .ignore_case = true}},
                  "xa.bx aXb"),
            "x-x aXb");
}

TEST(RuleChainTest, EmptyMatchesFollowGlobalReplace) {
  // RE2::GlobalReplace: no empty match directly after a previous match.
  EXPECT_EQ(apply({find("a*", "-")}, "baaa"), "-b-");
  EXPECT_EQ(apply({find("x*", "-")}, "abc"), "-a-b-c-");
  EXPECT_EQ(apply({find("", "-")}, "ab"), "<compile error: empty pattern>");
}

TEST(RuleChainTest, EmptyMatchesDoNotSplitCharacters) {
  EXPECT_EQ(apply({find("x*", "-")}, "éß"), "-é-ß-");
}

TEST(RuleChainTest, AnchorsPrependAndAppend) {
  EXPECT_EQ(apply({find("^", "2024_")}, "notes.txt"), "2024_notes.txt");
  EXPECT_EQ(apply({find("$", "_old")}, "notes", Scope::kStem), "notes_old");
  EXPECT_EQ(apply({find("$", "_old")}, "notes.txt", Scope::kStem), "notes_old.txt");
}

TEST(RuleChainTest, InvalidPatternNamesPatternAndReason) {
  auto chain = compile_one(find("(", "x"));
  ASSERT_THAT(chain, ErrorIs(ErrorCategory::kInvalidArgument));
  EXPECT_EQ(chain.error().message(), "invalid pattern '(': missing ): (");
}

TEST(RuleChainTest, ReferenceToMissingGroupFailsAtCompile) {
  auto numbered = compile_one(find("(a)", "$2"));
  ASSERT_THAT(numbered, ErrorIs(ErrorCategory::kInvalidArgument));
  EXPECT_THAT(numbered.error().message(), HasSubstr("no group 2: pattern '(a)' has 1 group"));
  // Digits are read greedily: $10 is group 10, not group 1 followed by "0".
  EXPECT_THAT(compile_one(find("(a)", "$10")), ErrorIs(ErrorCategory::kInvalidArgument));
  auto named = compile_one(find("(?P<y>a)", "${year}"));
  ASSERT_THAT(named, ErrorIs(ErrorCategory::kInvalidArgument));
  EXPECT_THAT(named.error().message(), HasSubstr("no group named 'year'"));
  EXPECT_THAT(compile_one(find("a", "${1}")), ErrorIs(ErrorCategory::kInvalidArgument));
}

TEST(RuleChainTest, MalformedDollarFailsAtCompile) {
  EXPECT_THAT(compile_one(find("a", "x$")), ErrorIs(ErrorCategory::kInvalidArgument));
  EXPECT_THAT(compile_one(find("a", "$x")), ErrorIs(ErrorCategory::kInvalidArgument));
  EXPECT_THAT(compile_one(find("(a)", "${1")), ErrorIs(ErrorCategory::kInvalidArgument));
  EXPECT_THAT(compile_one(find("(a)", "${}")), ErrorIs(ErrorCategory::kInvalidArgument));
}

TEST(RuleChainTest, FindReplaceScopes) {
  EXPECT_EQ(apply({find(R"(\.)", "_")}, "a.b.txt", Scope::kStem), "a_b.txt");
  EXPECT_EQ(apply({find(R"(\.)", "_")}, "a.b.txt", Scope::kName), "a_b_txt");
  EXPECT_EQ(apply({find("jpeg", "jpg")}, "jpeg.jpeg", Scope::kExt), "jpeg.jpg");
  EXPECT_EQ(apply({find("^", "x")}, "README", Scope::kExt), "README");  // nothing in scope
  EXPECT_EQ(apply({find("^", "x")}, "README", Scope::kStem), "xREADME");
  EXPECT_EQ(apply({find("rc", "RC")}, ".bashrc", Scope::kStem), ".bashRC");
  EXPECT_EQ(apply({find("rc", "RC")}, ".bashrc", Scope::kExt), ".bashrc");
}

// --- case ---------------------------------------------------------------------------------

TEST(RuleChainTest, LowerWholeNameIsUnicodeAware) {
  EXPECT_EQ(apply({CaseRule{CaseStyle::kLower}}, "ÄRGER.TXT"), "ärger.txt");
}

TEST(RuleChainTest, UpperAndSentenceSeeWholeName) {
  EXPECT_EQ(apply({CaseRule{CaseStyle::kUpper}}, "straße.txt"), "STRASSE.TXT");
  EXPECT_EQ(apply({CaseRule{CaseStyle::kSentence}}, "my FILE.TXT"), "My file.txt");
}

TEST(RuleChainTest, TitleLowercasesExtensionAtNameScope) {
  EXPECT_EQ(apply({CaseRule{CaseStyle::kTitle}}, "REPORT FINAL.PDF"), "Report Final.pdf");
  EXPECT_EQ(apply({CaseRule{CaseStyle::kTitle}}, "the.matrix.MKV"), "The.Matrix.mkv");
}

TEST(RuleChainTest, WordStylesKeepExtensionAtNameScope) {
  EXPECT_EQ(apply({CaseRule{CaseStyle::kSnake}}, "My File Name.TXT"), "my_file_name.TXT");
  EXPECT_EQ(apply({CaseRule{CaseStyle::kKebab}}, "myFileName.md"), "my-file-name.md");
  EXPECT_EQ(apply({CaseRule{CaseStyle::kCamel}}, "my file.tar.gz"), "myFile.tar.gz");
  EXPECT_EQ(apply({CaseRule{CaseStyle::kPascal}}, "my file.Jpg"), "MyFile.Jpg");
}

TEST(RuleChainTest, WordStylesKeepHiddenDot) {
  EXPECT_EQ(apply({CaseRule{CaseStyle::kPascal}}, ".my config"), ".MyConfig");
  EXPECT_EQ(apply({CaseRule{CaseStyle::kSnake}}, ".My Config.bak"), ".my_config.bak");
}

TEST(RuleChainTest, WordStyleWithoutWordsKeepsPart) {
  EXPECT_EQ(apply({CaseRule{CaseStyle::kSnake}}, "---.txt"), "---.txt");
  EXPECT_EQ(apply({CaseRule{CaseStyle::kKebab}}, "a.~~", Scope::kExt), "a.~~");
  EXPECT_EQ(apply({CaseRule{CaseStyle::kKebab}}, "a.Tar Gz", Scope::kExt), "a.tar-gz");
}

TEST(RuleChainTest, CaseScopes) {
  EXPECT_EQ(apply({CaseRule{CaseStyle::kUpper}}, "photo.jpg", Scope::kStem), "PHOTO.jpg");
  EXPECT_EQ(apply({CaseRule{CaseStyle::kLower}}, "IMG_01.JPG", Scope::kExt), "IMG_01.jpg");
  EXPECT_EQ(apply({CaseRule{CaseStyle::kUpper}}, "README", Scope::kExt), "README");
  EXPECT_EQ(apply({CaseRule{CaseStyle::kTitle}}, "my FILE.PDF", Scope::kStem), "My File.PDF");
  EXPECT_EQ(apply({CaseRule{CaseStyle::kSnake}}, "My File.TXT", Scope::kStem), "my_file.TXT");
}

// --- slug ---------------------------------------------------------------------------------

TEST(RuleChainTest, SlugKeepsExtensionDot) {
  EXPECT_EQ(apply({SlugRule{}}, "Crème Brûlée (v2).txt"), "creme-brulee-v2.txt");
  EXPECT_EQ(apply({SlugRule{}}, "Holiday Photo.JPG"), "holiday-photo.jpg");
  EXPECT_EQ(apply({SlugRule{"_"}}, "Holiday Photo #1.JPG"), "holiday_photo_1.jpg");
}

TEST(RuleChainTest, SlugOnlyKeepsTheLastDot) {
  EXPECT_EQ(apply({SlugRule{}}, "archive.tar.gz"), "archive-tar.gz");
}

TEST(RuleChainTest, SlugScopes) {
  EXPECT_EQ(apply({SlugRule{}}, "My Photo.JPG", Scope::kStem), "my-photo.JPG");
  EXPECT_EQ(apply({SlugRule{}}, "My Photo.J P G", Scope::kExt), "My Photo.j-p-g");
}

TEST(RuleChainTest, SlugKeepsHiddenFilesHidden) {
  EXPECT_EQ(apply({SlugRule{}}, ".My Config"), ".my-config");
  EXPECT_EQ(apply({SlugRule{}}, ".bashrc"), ".bashrc");
}

TEST(RuleChainTest, SlugThatWouldBeEmptyKeepsName) {
  EXPECT_EQ(apply({SlugRule{}}, "日本語.txt"), "日本語.txt");
  EXPECT_EQ(apply({SlugRule{}}, "!!!"), "!!!");
}

TEST(RuleChainTest, SlugDropsExtensionWithNothingLeft) {
  EXPECT_EQ(apply({SlugRule{}}, "Notes.日本"), "notes");
  EXPECT_EQ(apply({SlugRule{}}, "Notes."), "notes");
}

// --- template -----------------------------------------------------------------------------

TEST(RuleChainTest, TemplateNumbersFromStartAndStep) {
  auto chain =
      RuleChain::compile({.rules = {TemplateRule{"{stem}_{n:03}.{ext}"}}, .start = 10, .step = -4});
  ASSERT_THAT(chain, IsOk());
  EXPECT_EQ(chain->apply("a.jpg", {.index = 0}).value(), "a_010.jpg");
  EXPECT_EQ(chain->apply("a.jpg", {.index = 1}).value(), "a_006.jpg");
  EXPECT_EQ(chain->apply("a.jpg", {.index = 3}).value(), "a_-02.jpg");
}

TEST(RuleChainTest, TemplateIgnoresScope) {
  EXPECT_EQ(apply({TemplateRule{"{parent}-{name}"}}, "a.txt", Scope::kExt, {.parent = "dir"}),
            "dir-a.txt");
}

TEST(RuleChainTest, TemplateErrorsFailCompile) {
  auto chain = compile_one(TemplateRule{"{foo}.txt"});
  ASSERT_THAT(chain, ErrorIs(ErrorCategory::kInvalidArgument));
  EXPECT_EQ(chain.error().message(), "unknown placeholder '{foo}' in template '{foo}.txt'");
  EXPECT_THAT(compile_one(TemplateRule{"{n"}), ErrorIs(ErrorCategory::kInvalidArgument));
  EXPECT_THAT(compile_one(TemplateRule{"{n:abc}"}), ErrorIs(ErrorCategory::kInvalidArgument));
  EXPECT_THAT(compile_one(TemplateRule{"{hash:crc:8}"}), ErrorIs(ErrorCategory::kInvalidArgument));
}

TEST(RuleChainTest, UnreadableFileForHashFailsApply) {
  gofer::testing::TempDir dir;
  auto chain = compile_one(TemplateRule{"{hash:sha256:8}.{ext}"});
  ASSERT_THAT(chain, IsOk());
  EntryFacts facts{.path = dir.path() / "missing.bin"};
  auto renamed = chain->apply("missing.bin", facts);
  ASSERT_THAT(renamed, ErrorIs(ErrorCategory::kNotFound));
  EXPECT_THAT(renamed.error().message(), HasSubstr((dir.path() / "missing.bin").string()));
  facts.path = dir.write("present.bin", "abc");
  EXPECT_EQ(chain->apply("present.bin", facts).value(), "ba7816bf.bin");
}

TEST(RuleChainTest, ErrorInAnyRuleFailsCompile) {
  auto chain =
      RuleChain::compile({.rules = {find("a", "b"), CaseRule{CaseStyle::kLower}, find("[", "c")}});
  ASSERT_THAT(chain, ErrorIs(ErrorCategory::kInvalidArgument));
  EXPECT_THAT(chain.error().message(), HasSubstr("invalid pattern '['"));
}

// --- ordering -----------------------------------------------------------------------------

TEST(RuleChainTest, RulesApplyInCommandLineOrder) {
  // gofer rename -e ' ' -r _ --case lower
  EXPECT_EQ(apply({find(" ", "_"), CaseRule{CaseStyle::kLower}}, "Sales Report 2024.CSV"),
            "sales_report_2024.csv");
  // Each rule sees the previous output: the second find matches only after the first ran.
  EXPECT_EQ(apply({find("a", "b"), find("b", "c")}, "a"), "c");
  EXPECT_EQ(apply({find("b", "c"), find("a", "b")}, "a"), "b");
}

TEST(RuleChainTest, TemplateSeesEarlierRulesAndLaterRulesSeeTemplate) {
  EXPECT_EQ(
      apply({CaseRule{CaseStyle::kSnake}, TemplateRule{"{stem}-{n:02}.{ext}"}, find("-", "~")},
            "My Song.MP3"),
      "my_song~01.MP3");
  EXPECT_EQ(apply({SlugRule{}, TemplateRule{"{n}_{name}"}}, "Crème Brûlée.TXT"),
            "1_creme-brulee.txt");
}

TEST(RuleChainTest, CompiledChainIsReusableAndMovable) {
  auto chain = RuleChain::compile({.rules = {find(R"((\d+))", "<$1>"), SlugRule{}}});
  ASSERT_THAT(chain, IsOk());
  RuleChain moved = std::move(*chain);
  for (int i = 0; i < 1000; ++i) {
    std::string name = "File " + std::to_string(i) + ".TXT";
    EXPECT_EQ(moved.apply(name, {}).value(), "file-" + std::to_string(i) + ".txt");
  }
}

}  // namespace
}  // namespace gofer::rename
