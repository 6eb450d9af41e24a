// Metadata placeholders in NameTemplate: {NS.KEY}, formats, fallbacks, safe values, warnings.
#include <filesystem>
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "../../../src/rename/metadata.hpp"
#include "../../../src/rename/name_template.hpp"
#include "exif_images.hpp"
#include "matchers.hpp"
#include "temp_dir.hpp"

namespace gofer::rename::detail {
namespace {

namespace images = test_images;
using gofer::testing::ErrorIs;
using ::testing::HasSubstr;

class MetadataTemplateTest : public ::testing::Test {
 protected:
  Result<std::string> render(std::string_view text, const std::string& file_bytes) {
    auto parsed = NameTemplate::parse(text);
    EXPECT_TRUE(parsed.has_value()) << parsed.error().message();
    if (!parsed) return fail(ErrorCategory::kInternal, "parse error");
    EntryFacts facts{.path = dir_.write("IMG_0001.JPG", file_bytes), .warnings = &warnings_};
    return parsed->render("IMG_0001.JPG", facts, 7);
  }
  std::string parse_error(std::string_view text) {
    auto parsed = NameTemplate::parse(text);
    EXPECT_THAT(parsed, ErrorIs(ErrorCategory::kInvalidArgument));
    return parsed ? "<parsed>" : parsed.error().message();
  }
  gofer::testing::TempDir dir_;
  std::vector<std::string> warnings_;
};

TEST_F(MetadataTemplateTest, DateFormatsAndTheIssueExample) {
  std::string photo = images::jpeg(images::camera_tiff());
  EXPECT_EQ(render("{exif.date}", photo).value(), "2024-07-14");
  EXPECT_EQ(render("{exif.date:%Y/%m}/{exif.date:%Y%m%d_%H%M%S}_{n:03}.{ext}", photo).value(),
            "2024/07/20240714_092653_007.JPG");
  EXPECT_EQ(render("{exif.date:%a %j}", photo).value(), "Sun 196");  // weekday filled in
}

// %z is the offset the file recorded, or nothing; never the machine's zone or a made-up +0000.
TEST_F(MetadataTemplateTest, ZoneConversionsSayOnlyWhatTheFileSays) {
  std::string zoned = images::jpeg(images::tiff(
      {}, {{0x9003, images::kAscii, "2024:07:14 09:26:53"}, {0x9011, images::kAscii, "+02:00"}}));
  EXPECT_EQ(render("{exif.date:%H%M%z}", zoned).value(), "0926+0200");
  EXPECT_EQ(render("{exif.date:%H%M%Z}", zoned).value(), "0926");
  EXPECT_EQ(render("{exif.date:%%z_%H}", zoned).value(), "%z_09");
  std::string plain = images::jpeg(images::camera_tiff());
  EXPECT_EQ(render("{exif.date:%H%M%z}", plain).value(), "0926");
  EXPECT_EQ(render("{exif.date:%Y-%m-%d}", zoned).value(), "2024-07-14");
}

TEST_F(MetadataTemplateTest, TextAndNumberKeys) {
  std::string photo = images::jpeg(images::camera_tiff());
  EXPECT_EQ(
      render("{exif.make} {exif.model} {exif.lens} ISO{exif.iso:05} {exif.width}x{exif.height}",
             photo)
          .value(),
      "Canon Canon EOS R5 RF24-105mm F4 L IS USM ISO00400 8192x5464");
}

TEST_F(MetadataTemplateTest, FallbackWhenMissing) {
  std::string photo = images::jpeg(images::tiff({{0x0110, images::kAscii, "X100"}}, {}));
  EXPECT_EQ(render("{exif.date:%Y|undated}/{exif.model|camera}_{exif.lens|}", photo).value(),
            "undated/X100_");
  EXPECT_EQ(render("{exif.iso:04|no-iso}", photo).value(), "no-iso");
}

TEST_F(MetadataTemplateTest, MissingWithoutFallbackIsAConflictNamingFileAndKey) {
  auto rendered = render("{exif.date}_{n}", images::jpeg(""));
  ASSERT_THAT(rendered, ErrorIs(ErrorCategory::kConflict));
  EXPECT_THAT(rendered.error().message(), HasSubstr("IMG_0001.JPG: no {exif.date}"));
  EXPECT_THAT(rendered.error().message(), HasSubstr("{exif.date|unknown}"));
}

TEST_F(MetadataTemplateTest, SlashAndControlCharactersInValuesAreMadeSafe) {
  std::string photo = images::jpeg(images::tiff(
      {{0x010F, images::kAscii, "../A/B"}, {0x0110, images::kAscii, "x\x01y\x7F"}}, {}));
  EXPECT_EQ(render("{exif.make}-{exif.model}", photo).value(), ".._A_B-x_y_");
  EXPECT_EQ(safe_component(".."), "_");
  EXPECT_EQ(safe_component("  Canon  "), "Canon");
  EXPECT_EQ(safe_component("caf\xC3\xA9 \xFF"), "caf\xC3\xA9 _");
}

TEST_F(MetadataTemplateTest, BrokenMetadataWarnsNamingTheFileThenFallsBack) {
  std::string photo = images::jpeg(images::camera_tiff()).substr(0, 60);
  EXPECT_EQ(render("{exif.date|unknown}", photo).value(), "unknown");
  ASSERT_EQ(warnings_.size(), 1u);
  EXPECT_THAT(warnings_[0], HasSubstr("IMG_0001.JPG: EXIF segment at offset"));
}

TEST_F(MetadataTemplateTest, UnreadableFileWarnsAndCountsAsMissing) {
  auto parsed = NameTemplate::parse("{exif.model|none}");
  ASSERT_TRUE(parsed.has_value());
  EntryFacts facts{.path = dir_.path() / "gone.jpg", .warnings = &warnings_};
  EXPECT_EQ(parsed->render("gone.jpg", facts, 1).value(), "none");
  ASSERT_EQ(warnings_.size(), 1u);
  EXPECT_THAT(warnings_[0], HasSubstr("gone.jpg: cannot read exif metadata: No such file"));
}

TEST_F(MetadataTemplateTest, DanglingSymlinkIsSaidToBeOne) {
  auto parsed = NameTemplate::parse("{exif.model|none}");
  ASSERT_TRUE(parsed.has_value());
  std::filesystem::path link = dir_.path() / "link.jpg";
  std::filesystem::create_symlink(dir_.path() / "missing.jpg", link);
  EntryFacts facts{.path = link, .warnings = &warnings_};
  EXPECT_EQ(parsed->render("link.jpg", facts, 1).value(), "none");
  ASSERT_EQ(warnings_.size(), 1u);
  EXPECT_THAT(warnings_[0], HasSubstr("cannot read exif metadata: a symlink to a missing file"));
}

TEST_F(MetadataTemplateTest, MetadataIsReadOncePerRender) {
  std::string photo = images::jpeg(images::camera_tiff()).substr(0, 60);  // warns once per read
  EXPECT_EQ(render("{exif.make|a}{exif.model|b}{exif.date|c}", photo).value(), "abc");
  EXPECT_EQ(warnings_.size(), 1u);
}

TEST_F(MetadataTemplateTest, ReadsContentOnlyWithMetadataOrHash) {
  EXPECT_TRUE(NameTemplate::parse("{exif.make|x}")->reads_content());
  EXPECT_FALSE(NameTemplate::parse("{stem}_{n}")->reads_content());
}

TEST_F(MetadataTemplateTest, UnknownNamespaceAndKeyAreNamed) {
  EXPECT_EQ(parse_error("{foo.bar}"), "unknown placeholder '{foo.bar}' in template '{foo.bar}'");
  EXPECT_THAT(parse_error("{exif.colour}"),
              HasSubstr("unknown placeholder '{exif.colour}' in template '{exif.colour}' (known: "
                        "exif.date, exif.make, exif.model, exif.lens, exif.iso, exif.width, "
                        "exif.height)"));
  EXPECT_THAT(parse_error("{exif.}"), HasSubstr("unknown placeholder '{exif.}'"));
}

TEST_F(MetadataTemplateTest, BadFormatsAreParseErrors) {
  const std::pair<std::string_view, std::string_view> kCases[] = {
      {"{exif.make:%Y}", "this key takes no format"},
      {"{exif.date:%D}", "unsupported time conversion '%D'"},
      {"{exif.date:}", "empty time format"},
      {"{exif.iso:abc}", "zero-padded width"},
      {"{exif.iso:000}", "zero-padded width"},
  };
  for (const auto& [text, reason] : kCases) {
    EXPECT_THAT(parse_error(text), HasSubstr(std::string(reason))) << text;
  }
}

TEST_F(MetadataTemplateTest, FallbackOnlyOnMetadata) {
  EXPECT_THAT(parse_error("{stem|x}"), HasSubstr("only metadata placeholders"));
}

TEST_F(MetadataTemplateTest, NamespaceRegistry) {
  ASSERT_FALSE(metadata_namespaces().empty());
  EXPECT_EQ(metadata_namespaces()[*find_namespace("exif")].name, "exif");
  EXPECT_FALSE(find_namespace("nope").has_value());
}

}  // namespace
}  // namespace gofer::rename::detail
