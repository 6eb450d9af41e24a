// --refresh's page records: validators, the final URL and the links, through fetch's
// ValidatorStore; a record made with another key, or cut short, is not used.
#include "scrape/page_state.hpp"

#include <gtest/gtest.h>

#include "gofer/fs.hpp"
#include "matchers.hpp"
#include "temp_dir.hpp"

namespace gofer::scrape {
namespace {

using testing::IsOk;

const PageRecord kRecord{{"\"v1\"", "Sat, 01 Jan 2022 00:00:00 GMT"},
                         "http://a.example/final",
                         {"http://a.example/1", "http://a.example/2?x=1"}};

TEST(PageStateTest, SavesAndLoadsTheValidatorsTheFinalUrlAndTheLinks) {
  gofer::testing::TempDir dir;
  PageState state(dir.path() / "pages", "follow ");
  EXPECT_FALSE(state.load("http://a.example/").has_value());
  ASSERT_THAT(state.save("http://a.example/", kRecord), IsOk());
  auto loaded = state.load("http://a.example/");
  ASSERT_TRUE(loaded.has_value());
  EXPECT_EQ(loaded->validators.etag, kRecord.validators.etag);
  EXPECT_EQ(loaded->validators.last_modified, kRecord.validators.last_modified);
  EXPECT_EQ(loaded->page, kRecord.page);
  EXPECT_EQ(loaded->links, kRecord.links);

  PageRecord no_links{{"\"v2\"", ""}, "http://a.example/", {}};
  ASSERT_THAT(state.save("http://a.example/", no_links), IsOk());
  loaded = state.load("http://a.example/");
  ASSERT_TRUE(loaded.has_value());
  EXPECT_EQ(loaded->validators.etag, "\"v2\"");
  EXPECT_TRUE(loaded->links.empty());
}

TEST(PageStateTest, ARecordOfAnotherFollowSelectorIsNotUsed) {
  gofer::testing::TempDir dir;
  ASSERT_THAT(PageState(dir.path(), "follow ").save("http://a.example/", kRecord), IsOk());
  EXPECT_FALSE(PageState(dir.path(), "follow a.next").load("http://a.example/").has_value());
  EXPECT_FALSE(PageState(dir.path(), "follow ").load("http://a.example/other").has_value());
}

TEST(PageStateTest, NoValidatorsOrAnUnwritableLinkDropsTheRecord) {
  gofer::testing::TempDir dir;
  PageState state(dir.path(), "follow ");
  ASSERT_THAT(state.save("http://a.example/", kRecord), IsOk());
  ASSERT_THAT(state.save("http://a.example/", {{}, "http://a.example/", {}}), IsOk());
  EXPECT_FALSE(state.load("http://a.example/").has_value()) << "the page came without validators";
  ASSERT_THAT(state.save("http://a.example/", kRecord), IsOk());
  PageRecord bad = kRecord;
  bad.links.push_back("http://a.example/x\nforged");
  ASSERT_THAT(state.save("http://a.example/", bad), IsOk());
  EXPECT_FALSE(state.load("http://a.example/").has_value());
}

TEST(PageStateTest, ARecordCutShortIsNotUsed) {
  gofer::testing::TempDir dir;
  PageState state(dir.path(), "follow ");
  ASSERT_THAT(state.save("http://a.example/", kRecord), IsOk());
  std::filesystem::path file;
  for (const auto& entry : std::filesystem::directory_iterator(dir.path())) file = entry.path();
  auto text = read_file(file);
  ASSERT_TRUE(text.has_value());
  ASSERT_TRUE(text->ends_with("\n.\n"));
  for (size_t cut : {size_t{2}, size_t{3}, size_t{20}}) {
    dir.write(file.filename().string(), text->substr(0, text->size() - cut));
    EXPECT_FALSE(state.load("http://a.example/").has_value()) << "cut by " << cut;
  }
}

}  // namespace
}  // namespace gofer::scrape
