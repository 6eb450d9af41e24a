// NameTemplate: every placeholder and format, literal braces, every parse error, {hash} I/O.
#include "../../../src/rename/name_template.hpp"

#include <cstdlib>
#include <ctime>
#include <optional>
#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "matchers.hpp"
#include "temp_dir.hpp"

namespace gofer::rename::detail {
namespace {

using testing::ErrorIs;
using ::testing::HasSubstr;
using testing::IsOk;

// Renders `text` for `name`, failing the test on a parse error.
std::string render(std::string_view text, std::string_view name, const EntryFacts& facts = {},
                   int64_t number = 1) {
  auto parsed = NameTemplate::parse(text);
  EXPECT_THAT(parsed, IsOk());
  if (!parsed) return "<parse error>";
  auto rendered = parsed->render(name, facts, number);
  EXPECT_THAT(rendered, IsOk());
  return rendered ? *rendered : "<render error>";
}

std::string parse_error(std::string_view text) {
  auto parsed = NameTemplate::parse(text);
  EXPECT_THAT(parsed, ErrorIs(ErrorCategory::kInvalidArgument));
  return parsed ? "<parsed>" : parsed.error().message();
}

// Pins TZ for one test so that {mtime} is predictable, and restores it afterwards.
class ScopedTimeZone {
 public:
  explicit ScopedTimeZone(const char* zone) {
    if (const char* old = std::getenv("TZ")) saved_ = old;
    ::setenv("TZ", zone, 1);
    ::tzset();
  }
  ~ScopedTimeZone() {
    if (saved_) {
      ::setenv("TZ", saved_->c_str(), 1);
    } else {
      ::unsetenv("TZ");
    }
    ::tzset();
  }
  ScopedTimeZone(const ScopedTimeZone&) = delete;
  ScopedTimeZone& operator=(const ScopedTimeZone&) = delete;

 private:
  std::optional<std::string> saved_;
};

TEST(NameTemplateTest, NameStemExt) {
  EXPECT_EQ(render("{name}|{stem}|{ext}", "archive.tar.gz"), "archive.tar.gz|archive.tar|gz");
  EXPECT_EQ(render("{stem}-{ext}", ".bashrc"), ".bashrc-");
}

TEST(NameTemplateTest, DotBeforeEmptyExtensionIsDropped) {
  EXPECT_EQ(render("{stem}_{n:02}.{ext}", "README"), "README_01");
  EXPECT_EQ(render("{stem}.{ext}", "notes.md"), "notes.md");
  EXPECT_EQ(render("{stem}.{ext}", "trailing."), "trailing");
  EXPECT_EQ(render("{name}{ext}", "kept."), "kept.");  // the dot is not the template's
}

TEST(NameTemplateTest, ParentAndSize) {
  EntryFacts facts{.parent = "Holiday 2024", .size = 123456};
  EXPECT_EQ(render("{parent}-{size}", "x", facts), "Holiday 2024-123456");
}

TEST(NameTemplateTest, NumberPlainAndPadded) {
  EXPECT_EQ(render("{n}", "x", {}, 7), "7");
  EXPECT_EQ(render("{n:03}", "x", {}, 7), "007");
  EXPECT_EQ(render("{n:03}", "x", {}, 12345), "12345");
  EXPECT_EQ(render("{n:010}", "x", {}, 42), "0000000042");
}

TEST(NameTemplateTest, NegativeNumbersKeepTheirSign) {
  EXPECT_EQ(render("{n}", "x", {}, -3), "-3");
  EXPECT_EQ(render("{n:04}", "x", {}, -3), "-003");
}

TEST(NameTemplateTest, MtimeDefaultFormatIsIsoDate) {
  ScopedTimeZone utc("UTC");
  EntryFacts facts{.mtime = 1700000000};  // 2023-11-14 22:13:20 UTC
  EXPECT_EQ(render("{mtime}", "x", facts), "2023-11-14");
}

TEST(NameTemplateTest, MtimeCustomFormat) {
  ScopedTimeZone utc("UTC");
  EntryFacts facts{.mtime = 1700000000};
  EXPECT_EQ(render("{mtime:%Y%m%d_%H%M%S}", "x", facts), "20231114_221320");
  EXPECT_EQ(render("{mtime:%b %a 100%%}", "x", facts), "Nov Tue 100%");
}

TEST(NameTemplateTest, MtimeUsesLocalTime) {
  ScopedTimeZone tokyo("JST-9");  // POSIX spelling of UTC+9, no tzdata needed
  EntryFacts facts{.mtime = 1700000000};
  EXPECT_EQ(render("{mtime:%Y-%m-%d %H}", "x", facts), "2023-11-15 07");
}

TEST(NameTemplateTest, LiteralBraces) {
  EXPECT_EQ(render("{{{n}}}", "x", {}, 5), "{5}");
  EXPECT_EQ(render("a}}b{{c", "x"), "a}b{c");
}

TEST(NameTemplateTest, LiteralTextOnly) {
  EXPECT_EQ(render("constant.txt", "anything"), "constant.txt");
}

TEST(NameTemplateTest, UnknownPlaceholderIsNamed) {
  EXPECT_EQ(parse_error("{foo}.txt"), "unknown placeholder '{foo}' in template '{foo}.txt'");
  EXPECT_THAT(parse_error("{}"), HasSubstr("unknown placeholder '{}'"));
  EXPECT_THAT(parse_error("{Name}"), HasSubstr("'{Name}'"));
}

TEST(NameTemplateTest, UnterminatedBrace) {
  EXPECT_THAT(parse_error("{stem"), HasSubstr("unterminated '{' in template '{stem'"));
  EXPECT_THAT(parse_error("{stem{n}}"), HasSubstr("unterminated '{'"));
  EXPECT_THAT(parse_error("x{"), HasSubstr("unterminated"));
}

TEST(NameTemplateTest, UnmatchedClosingBrace) {
  EXPECT_THAT(parse_error("a}b"), HasSubstr("unmatched '}' in template 'a}b'"));
}

TEST(NameTemplateTest, EmptyTemplate) { EXPECT_THAT(parse_error(""), HasSubstr("empty template")); }

TEST(NameTemplateTest, BadNumberFormats) {
  EXPECT_THAT(parse_error("{n:abc}"), HasSubstr("invalid placeholder '{n:abc}'"));
  EXPECT_THAT(parse_error("{n:3}"), HasSubstr("{n:0WIDTH}"));  // only zero padding
  EXPECT_THAT(parse_error("{n:0}"), HasSubstr("{n:0}"));
  EXPECT_THAT(parse_error("{n:00}"), HasSubstr("{n:00}"));
  EXPECT_THAT(parse_error("{n:099}"), HasSubstr("WIDTH from 1 to 64"));
  EXPECT_THAT(parse_error("{n:}"), HasSubstr("{n:}"));
}

TEST(NameTemplateTest, BadHashFormats) {
  EXPECT_THAT(parse_error("{hash:crc:8}"),
              HasSubstr("invalid placeholder '{hash:crc:8}' in template '{hash:crc:8}': "
                        "unknown hash algorithm 'crc'"));
  EXPECT_THAT(parse_error("{hash:sha256:0}"), HasSubstr("from 1 to 64"));
  EXPECT_THAT(parse_error("{hash:md5:33}"), HasSubstr("from 1 to 32"));
  EXPECT_THAT(parse_error("{hash:sha1:x}"), HasSubstr("from 1 to 40"));
  EXPECT_THAT(parse_error("{hash:8}"), HasSubstr("unknown hash algorithm '8'"));
}

TEST(NameTemplateTest, BadTimeFormats) {
  EXPECT_THAT(parse_error("{mtime:%Q}"), HasSubstr("unsupported time conversion '%Q'"));
  EXPECT_THAT(parse_error("{mtime:%D}"), HasSubstr("'%D'"));  // would produce '/'
  EXPECT_THAT(parse_error("{mtime:%Y%}"), HasSubstr("lone '%'"));
  EXPECT_THAT(parse_error("{mtime:}"), HasSubstr("empty time format"));
}

TEST(NameTemplateTest, SimplePlaceholdersTakeNoFormat) {
  EXPECT_THAT(parse_error("{name:x}"), HasSubstr("{name} takes no format"));
  EXPECT_THAT(parse_error("{size:05}"), HasSubstr("{size} takes no format"));
}

TEST(NameTemplateTest, HashOfKnownContent) {
  gofer::testing::TempDir dir;
  EntryFacts facts{.path = dir.write("abc.txt", "abc")};
  EXPECT_EQ(render("{hash}", "abc.txt", facts),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(render("{hash:sha256:8}.{ext}", "abc.txt", facts), "ba7816bf.txt");
  EXPECT_EQ(render("{hash:md5}", "abc.txt", facts), "900150983cd24fb0d6963f7d28e17f72");
  EXPECT_EQ(render("{hash:sha1:10}", "abc.txt", facts), "a9993e3647");
  EXPECT_EQ(render("{hash:md5:4}-{hash:sha1:4}", "abc.txt", facts), "9001-a999");
}

TEST(NameTemplateTest, HashStreamsLargeFiles) {
  gofer::testing::TempDir dir;
  // The NIST test vector "one million a": several read chunks.
  EntryFacts facts{.path = dir.write("big.bin", std::string(1000000, 'a'))};
  EXPECT_EQ(render("{hash}", "big.bin", facts),
            "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

TEST(NameTemplateTest, HashOfMissingFileNamesThePath) {
  gofer::testing::TempDir dir;
  EntryFacts facts{.path = dir.path() / "gone.txt"};
  auto parsed = NameTemplate::parse("{hash:sha256:8}");
  ASSERT_THAT(parsed, IsOk());
  auto rendered = parsed->render("gone.txt", facts, 1);
  ASSERT_THAT(rendered, ErrorIs(ErrorCategory::kNotFound));
  EXPECT_EQ(rendered.error().subject(), facts.path.string());
  EXPECT_THAT(rendered.error().message(), HasSubstr("cannot compute {hash}"));
}

TEST(NameTemplateTest, HashOfDirectoryFails) {
  gofer::testing::TempDir dir;
  EntryFacts facts{.path = dir.path()};
  auto parsed = NameTemplate::parse("{hash}");
  ASSERT_THAT(parsed, IsOk());
  EXPECT_THAT(parsed->render("d", facts, 1), ErrorIs(ErrorCategory::kInvalidArgument));
}

TEST(NameTemplateTest, ContentIsReadOnlyWhenHashIsUsed) {
  EntryFacts facts{.path = "/nonexistent/gofer/file.txt"};
  auto parsed = NameTemplate::parse("{stem}-{size}-{mtime}.{ext}");
  ASSERT_THAT(parsed, IsOk());
  EXPECT_FALSE(parsed->reads_content());
  EXPECT_THAT(parsed->render("file.txt", facts, 1), IsOk());
  auto hashing = NameTemplate::parse("{hash:md5:6}");
  ASSERT_THAT(hashing, IsOk());
  EXPECT_TRUE(hashing->reads_content());
}

}  // namespace
}  // namespace gofer::rename::detail
