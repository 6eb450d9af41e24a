// The crawl journal: records written are replayed; a record cut short by kill -9 is ignored
// with everything after it; --fresh empties it; a second holder is refused.
#include "scrape/journal.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

#include "matchers.hpp"
#include "temp_dir.hpp"

namespace gofer::scrape {
namespace {

using testing::ErrorIs;
using testing::IsOk;

TEST(JournalTest, WrittenRecordsAreReplayedInOrder) {
  testing::TempDir dir;
  auto path = dir.path() / "state" / "crawl.journal";
  {
    auto journal = Journal::open(path, false);
    ASSERT_THAT(journal, IsOk());
    journal->queued("http://a.example/", 0, 0);
    journal->queued("http://a.example/b", 1, 0);
    journal->done("http://a.example/", "text\nHome\n");
    ASSERT_THAT(journal->flush(true), IsOk());
  }
  auto again = Journal::open(path, false);
  ASSERT_THAT(again, IsOk());
  auto replay = again->replay();
  ASSERT_EQ(replay.queued.size(), 2u);
  EXPECT_EQ(replay.queued[1].url, "http://a.example/b");
  EXPECT_EQ(replay.queued[1].depth, 1);
  EXPECT_THAT(replay.done, ::testing::UnorderedElementsAre("http://a.example/"));
  EXPECT_EQ(replay.rows, "text\nHome\n");
  // A second run of the same crawl is refused while this one holds the journal.
  EXPECT_THAT(Journal::open(path, false), ErrorIs(ErrorCategory::kBusy));
}

TEST(JournalTest, ARecordCutShortEndsTheReplay) {
  auto replay = Journal::parse("Q 0 0 http://a/\nD 5 http://a/\nabcde\nD 9 http://b/\nabc");
  EXPECT_EQ(replay.done.size(), 1u);
  EXPECT_EQ(replay.rows, "abcde");
  EXPECT_TRUE(Journal::parse("Q -1 0 http://a/\n").queued.empty()) << "negative depth";
  EXPECT_TRUE(Journal::parse("X 1 2 3\nQ 0 0 http://a/\n").queued.empty()) << "unknown record";
}

// Found by libFuzzer: a size near 2^64 wrapped the bounds check around, and the rest of the
// journal was replayed as that page's rows (twice for two such records).
TEST(JournalTest, ADamagedRowSizeEndsTheReplayAndRowsNeverOutgrowTheFile) {
  std::string text = "D 5 http://a/\nabcde\nD 18446744073709551615 http://b/\nrest\n"
                     "D 18446744073709551614 http://c/\nQ 0 0 http://d/\n";
  auto replay = Journal::parse(text);
  EXPECT_EQ(replay.rows, "abcde");
  EXPECT_THAT(replay.done, ::testing::UnorderedElementsAre("http://a/"));
  EXPECT_TRUE(replay.queued.empty()) << "nothing after the damaged record";
  // The rows must end with the record's newline; a size that points elsewhere is damage too.
  EXPECT_EQ(Journal::parse("D 3 http://a/\nabcde\nQ 0 0 http://d/\n").rows, "");
}

TEST(JournalTest, FreshEmptiesIt) {
  testing::TempDir dir;
  auto path = dir.path() / "crawl.journal";
  {
    auto journal = Journal::open(path, false);
    ASSERT_THAT(journal, IsOk());
    journal->queued("http://a.example/", 0, 0);
    ASSERT_THAT(journal->flush(false), IsOk());
  }
  auto fresh = Journal::open(path, true);
  ASSERT_THAT(fresh, IsOk());
  EXPECT_TRUE(fresh->replay().queued.empty());
  fresh->remove();
  EXPECT_FALSE(std::filesystem::exists(path));
}

}  // namespace
}  // namespace gofer::scrape
