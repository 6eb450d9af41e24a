// Unit tests of fetch inputs: URL lists, CSV lists, shards, SHA256SUMS, state records.
#include "gofer/fetch/input.hpp"

#include <cstdio>

#include <gtest/gtest.h>

#include "gofer/fetch/state.hpp"
#include "matchers.hpp"
#include "temp_dir.hpp"

namespace gofer::fetch {
namespace {

using gofer::testing::ErrorIs;
using gofer::testing::IsOk;

std::vector<Result<FetchItem>> read_all(const std::string& text) {
  gofer::testing::TempDir dir;
  auto source = StreamSource::open(dir.write("list", text).string());
  EXPECT_TRUE(source.has_value());
  std::vector<Result<FetchItem>> items;
  if (!source) return items;
  while (auto item = (*source)->next()) items.push_back(std::move(*item));
  return items;
}

// The list is read in 64 KiB blocks: lines that cross a block's end, and a last line with no
// line break, come out whole.
TEST(StreamSource, LinesAcrossReadBlocksComeOutWhole) {
  std::string text;
  std::vector<std::string> urls;
  for (int i = 0; text.size() < 300'000; ++i) {
    urls.push_back("http://a/" + std::string(static_cast<size_t>(i % 977), 'x') + std::to_string(i));
    text += urls.back() + (i % 3 == 0 ? "\r\n" : "\n");
  }
  urls.push_back("http://a/last");
  text += urls.back();
  auto items = read_all(text);
  ASSERT_EQ(items.size(), urls.size());
  for (size_t i = 0; i < urls.size(); ++i) {
    ASSERT_TRUE(items[i].has_value()) << i;
    EXPECT_EQ(items[i]->url, urls[i]) << i;
  }
}

TEST(StreamSource, UrlListSkipsCommentsAndBlankLines) {
  auto items = read_all("# header comment\n\nhttp://a/1\n  http://a/2  \r\n#x\nhttp://a/3");
  ASSERT_EQ(items.size(), 3u);
  EXPECT_EQ(items[0]->url, "http://a/1");
  EXPECT_EQ(items[1]->url, "http://a/2");
  EXPECT_EQ(items[2]->url, "http://a/3");
}

TEST(StreamSource, CsvWithHeaderNamesPathAndChecksum) {
  std::string hex(64, 'A');
  auto items = read_all("sha256,URL,path\n" + hex + ",http://a/1,one.bin\n,\"http://a/2,x\",\nbad,http://a/3,\n,,\n");
  ASSERT_EQ(items.size(), 4u);
  EXPECT_EQ(items[0]->url, "http://a/1");
  EXPECT_EQ(items[0]->name, "one.bin");
  EXPECT_EQ(items[0]->sha256, std::string(64, 'a'));
  EXPECT_EQ(items[1]->url, "http://a/2,x");
  EXPECT_THAT(items[2], ErrorIs(ErrorCategory::kInvalidData));
  EXPECT_THAT(items[3], ErrorIs(ErrorCategory::kInvalidData));
  EXPECT_TRUE(items[3].error().subject().ends_with("/list:5")) << items[3].error().subject();
}

TEST(CheckUrl, OnlyHttpAndHttpsWithAHost) {
  EXPECT_THAT(check_url("http://example.org/x"), IsOk());
  EXPECT_THAT(check_url("HTTPS://example.org"), IsOk());
  EXPECT_THAT(check_url("ftp://example.org/x"), ErrorIs(ErrorCategory::kInvalidData));
  EXPECT_THAT(check_url("file:///etc/passwd"), ErrorIs(ErrorCategory::kInvalidData));
  EXPECT_THAT(check_url("example.org/x"), ErrorIs(ErrorCategory::kInvalidData));
  EXPECT_THAT(check_url("http:///x"), ErrorIs(ErrorCategory::kInvalidData));
}

TEST(Shard, ParsesAndPartitionsStably) {
  EXPECT_THAT(parse_shard("0/3"), ErrorIs(ErrorCategory::kInvalidArgument));
  EXPECT_THAT(parse_shard("4/3"), ErrorIs(ErrorCategory::kInvalidArgument));
  EXPECT_THAT(parse_shard("x"), ErrorIs(ErrorCategory::kInvalidArgument));
  EXPECT_THAT(parse_shard("1/0"), ErrorIs(ErrorCategory::kInvalidArgument));
  ASSERT_THAT(parse_shard("2/3"), IsOk());
  EXPECT_EQ(parse_shard("2/3")->index, 1u);
  // FNV-1a 64 test vectors (Fowler/Noll/Vo reference): "" and "a".
  EXPECT_EQ(stable_hash(""), 0xcbf29ce484222325ULL);
  EXPECT_EQ(stable_hash("a"), 0xaf63dc4c8601ec8cULL);
  int counts[4] = {0, 0, 0, 0};
  for (int i = 0; i < 4000; ++i) {
    std::string url = "https://example.org/file/" + std::to_string(i);
    int owners = 0;
    for (uint64_t k = 0; k < 4; ++k) {
      if (in_shard(url, Shard{k, 4})) {
        ++owners;
        ++counts[k];
      }
    }
    ASSERT_EQ(owners, 1);
  }
  for (int count : counts) EXPECT_NEAR(count, 1000, 150);
}

TEST(Checksums, Sha256sumFormat) {
  std::string a(64, 'a'), b(64, 'B');
  auto sums = parse_checksums(a + "  one.txt\n" + b + " *./two.bin\n\n# comment\n");
  ASSERT_THAT(sums, IsOk());
  EXPECT_EQ(sums->at("one.txt"), a);
  EXPECT_EQ(sums->at("two.bin"), std::string(64, 'b'));
  EXPECT_THAT(parse_checksums("xyz  file\n"), ErrorIs(ErrorCategory::kInvalidData));
}

TEST(ValidatorStore, RoundTripPerUrlAndPath) {
  gofer::testing::TempDir dir;
  ValidatorStore store(dir.path() / "fetch");
  EXPECT_EQ(store.load("http://a/x", "x"), std::nullopt);
  FileStamp stamp{1234, 1700000000123456789};
  ASSERT_THAT(store.save("http://a/x", "x", {"\"v1\"", "Tue, 01 Jan 2030 00:00:00 GMT"}, stamp),
              IsOk());
  auto loaded = store.load("http://a/x", "x");
  ASSERT_TRUE(loaded.has_value());
  EXPECT_EQ(loaded->validators.etag, "\"v1\"");
  EXPECT_EQ(loaded->validators.last_modified, "Tue, 01 Jan 2030 00:00:00 GMT");
  EXPECT_EQ(loaded->file, stamp);
  EXPECT_EQ(store.load("http://a/x", "other-name"), std::nullopt);
  EXPECT_EQ(store.load("http://a/y", "x"), std::nullopt);
  ASSERT_THAT(store.save("http://a/x", "x.part", {"\"p\"", ""}), IsOk());
  EXPECT_EQ(store.load("http://a/x", "x.part")->file, std::nullopt);
}

TEST(ValidatorStore, AnUnrecordableValueDropsTheOldRecord) {
  gofer::testing::TempDir dir;
  ValidatorStore store(dir.path() / "fetch");
  ASSERT_THAT(store.save("http://a/x", "x", {"\"v1\"", ""}, FileStamp{1, 2}), IsOk());
  // The file now holds a newer download: the old ETag must not be sent for it.
  ASSERT_THAT(store.save("http://a/x", "x", {"bad\nvalue", ""}, FileStamp{3, 4}), IsOk());
  EXPECT_EQ(store.load("http://a/x", "x"), std::nullopt);
}

TEST(ValidatorStore, RecordsOfTheFirstFormatAreIgnored) {
  gofer::testing::TempDir dir;
  ValidatorStore store(dir.path() / "fetch");
  ASSERT_THAT(store.save("http://a/x", "x", {"\"v1\"", ""}, FileStamp{1, 2}), IsOk());
  auto files = dir.snapshot();
  ASSERT_EQ(files.size(), 2u);  // fetch/ and its one record
  dir.write(files.rbegin()->first, "gofer-fetch-1\nhttp://a/x\nx\n\"v1\"\n\n");
  EXPECT_EQ(store.load("http://a/x", "x"), std::nullopt);
}

TEST(ValidatorStore, AnUnwritableDirectoryIsAnError) {
  gofer::testing::TempDir dir;
  dir.write("fetch", "a file where the directory should be");
  ValidatorStore store(dir.path() / "fetch");
  EXPECT_FALSE(store.save("http://a/x", "x", {"\"v1\"", ""}, FileStamp{1, 2}).has_value());
}

}  // namespace
}  // namespace gofer::fetch
