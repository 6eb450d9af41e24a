// The journal: streamed encoding round trip, summaries, corruption, pruning, and undo by inode.
#include <fcntl.h>
#include <linux/fs.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "../../../src/rename/execution.hpp"
#include "gofer/fs.hpp"
#include "gofer/rename/rename.hpp"
#include "matchers.hpp"
#include "temp_dir.hpp"

namespace gofer::rename {
namespace {

using testing::IsOk;

struct HandMove {
  uint32_t directory;
  std::string old_name;
  std::string new_name;
  uint64_t inode;
};

// A plan built by hand (nothing on disk): what write_journal() records.
Plan hand_plan(std::vector<std::string> directories, const std::vector<HandMove>& moves) {
  Plan plan;
  for (auto& directory : directories) plan.directories.push_back({directory, 0});
  for (const HandMove& move : moves) {
    PlanItem item;
    item.directory = move.directory;
    item.old_name = plan.names.add(move.old_name);
    item.new_name = plan.names.add(move.new_name);
    plan.items.push_back(item);
    plan.inodes.push_back(move.inode);
  }
  return plan;
}

Journal header_for(const std::filesystem::path& state_dir, std::string id) {
  Journal header;
  header.file = journal_directory(state_dir) / (id + ".journal");
  header.id = std::move(id);
  return header;
}

TEST(JournalTest, RoundTripsHostileNamesCyclesAndStates) {
  testing::TempDir dir;
  Journal header = header_for(dir.path(), "x");
  header.cwd = "/tmp/a%b";
  header.command_line = "gofer rename -e '\n' -r _";
  header.item_count = 3;
  // Names may hold any byte but NUL and '/': newlines, tabs, '%', escapes, invalid UTF-8.
  Plan plan =
      hand_plan({"/d", "/d/sub dir\n"},
                {{0, "new\nline\t%", "x\x1b", 42}, {1, "a", "\xff\xfe", 7}, {1, "b", "a", 8}});
  std::vector<Step> steps{{0, StepKind::kDirect},
                          {1, StepKind::kToTemp},
                          {2, StepKind::kCycleMember},
                          {1, StepKind::kFromTemp}};
  ASSERT_THAT(write_journal(header, plan, steps), IsOk());
  ASSERT_THAT(append_journal_lines(header.file, "failed 2\ndone\n"), IsOk());
  auto read = read_journal(header.file);
  ASSERT_THAT(read, IsOk());
  EXPECT_EQ(read->cwd, header.cwd);
  EXPECT_EQ(read->command_line, header.command_line);
  EXPECT_EQ(read->item_count, 3u);
  ASSERT_EQ(read->plan.directories.size(), 2u);
  EXPECT_EQ(read->plan.directories[1].path, "/d/sub dir\n");
  ASSERT_EQ(read->steps.size(), 4u);
  ASSERT_EQ(read->plan.items.size(), 3u);
  StepNames written(plan, steps, "x"), reread(read->plan, read->steps, "x");
  for (size_t i = 0; i < steps.size(); ++i) {
    Move a = written.at(i);
    std::string from(a.from), to(a.to);
    Move b = reread.at(i);
    EXPECT_EQ(b.from, from) << i;
    EXPECT_EQ(b.to, to) << i;
    EXPECT_EQ(b.inode, a.inode) << i;
    EXPECT_EQ(read->plan.directories[b.directory].path, plan.directories[a.directory].path);
    EXPECT_EQ(read->steps[i].kind(), steps[i].kind());
  }
  EXPECT_EQ(reread.at(1).to, ".gofer-tmp-x-1") << "numbered by the cycle's first step";
  EXPECT_EQ(read->state, JournalState::kDone);
  EXPECT_EQ(read->failed_steps, std::vector<size_t>{2});
}

TEST(JournalTest, StepPacksItemAndKindIntoFourBytes) {
  static_assert(sizeof(Step) == 4);
  Step step(kMaxStepItems - 1, StepKind::kFromTemp);
  EXPECT_EQ(step.item(), kMaxStepItems - 1);
  EXPECT_EQ(step.kind(), StepKind::kFromTemp);
  EXPECT_TRUE(step.group_end());
  EXPECT_TRUE(step.final_step());
  EXPECT_FALSE(Step(0, StepKind::kToTemp).final_step());
  EXPECT_FALSE(Step(0, StepKind::kCycleMember).group_end());
}

// Over the 64 KiB a summary reads of the tail: the state must still be found there.
TEST(JournalTest, SummaryOfALargeJournalHasStateButNoSteps) {
  testing::TempDir dir;
  Journal header = header_for(dir.path(), "x");
  header.item_count = 5000;
  std::vector<HandMove> moves;
  std::vector<Step> steps;
  for (uint32_t i = 0; i < 5000; ++i) {
    moves.push_back({0, fmt::format("Sales Report {:06}.CSV", i),
                     fmt::format("sales_report_{:06}.csv", i), i + 1});
    steps.emplace_back(i, StepKind::kDirect);
  }
  ASSERT_THAT(write_journal(header, hand_plan({"/d"}, moves), steps), IsOk());
  ASSERT_THAT(append_journal_lines(header.file, "failed 3\ndone\n"), IsOk());
  ASSERT_GT(std::filesystem::file_size(header.file), 1u << 16);
  auto summary = read_journal(header.file, JournalPart::kSummary);
  ASSERT_THAT(summary, IsOk());
  EXPECT_EQ(summary->id, "x");
  EXPECT_EQ(summary->item_count, 5000u);
  EXPECT_EQ(summary->state, JournalState::kDone);
  EXPECT_TRUE(summary->steps.empty());
  EXPECT_TRUE(summary->plan.items.empty());
  ASSERT_THAT(append_journal_lines(header.file, "undone\n"), IsOk());
  EXPECT_EQ(read_journal(header.file, JournalPart::kSummary)->state, JournalState::kUndone);
  auto full = read_journal(header.file);
  ASSERT_THAT(full, IsOk());
  EXPECT_EQ(full->steps.size(), 5000u);
  EXPECT_EQ(full->plan.old_name(full->plan.items[4999]), "Sales Report 004999.CSV");
}

TEST(JournalTest, UnwritableStateDirectoryIsAnError) {
  testing::TempDir dir;
  dir.write("rename", "a file where the journal directory should be");
  auto written = write_journal(header_for(dir.path(), "x"), Plan{}, {});
  ASSERT_FALSE(written);
  EXPECT_NE(written.error().message().find("cannot write journal"), std::string::npos);
}

TEST(JournalTest, UnreadableJournalIsSkippedAndReported) {
  testing::TempDir dir;
  std::filesystem::create_directories(journal_directory(dir.path()) / "x.journal");
  std::vector<Error> unreadable;
  auto journals = read_all_journals(dir.path(), JournalPart::kSummary, &unreadable);
  ASSERT_TRUE(journals);
  EXPECT_TRUE(journals->empty());
  ASSERT_EQ(unreadable.size(), 1U);  // read(2): EISDIR
  EXPECT_EQ(unreadable[0].subject(), (journal_directory(dir.path()) / "x.journal").string());
}

TEST(JournalTest, AnUnreadableStateDirectoryIsAnError) {
  testing::TempDir dir;
  dir.write("rename", "a file where the journal directory should be");
  EXPECT_FALSE(read_all_journals(dir.path(), JournalPart::kSummary));  // ENOTDIR
}

class CorruptJournalTest : public ::testing::TestWithParam<std::string> {};

TEST_P(CorruptJournalTest, IsAnError) {
  testing::TempDir dir;
  dir.write("rename/bad.journal", GetParam());
  EXPECT_THAT(read_journal(dir.path() / "rename" / "bad.journal"),
              testing::ErrorIs(ErrorCategory::kInvalidData));
}

INSTANTIATE_TEST_SUITE_P(
    Damage, CorruptJournalTest,
    ::testing::Values(
        "not a journal\n", "", "gofer-rename-journal 3\nitems x\n",
        "gofer-rename-journal 3\ncwd %G1\n", "gofer-rename-journal 3\ncwd %4\n",
        "gofer-rename-journal 3\nd /d\nD x 1\ta\tb\n", "gofer-rename-journal 3\nd /d\nD 0 1\ta\n",
        "gofer-rename-journal 3\nd /d\nD 0 1 a\tb\n", "gofer-rename-journal 3\nd /d\nD 1 1\ta\tb\n",
        "gofer-rename-journal 3\nd /d\nF\n", "gofer-rename-journal 3\nd /d\nC 0 1\ta\tb\n",
        "gofer-rename-journal 3\nd /d\nT 0 1\ta\tb\nD 0 2\tc\td\nF\n",
        "gofer-rename-journal 3\nd /d\nT 0 1\ta\tb\nC 0 2\tb\ta\n",
        "gofer-rename-journal 3\nfailed -1\n"));

// A step-less journal of run `id` under `state_dir`, finished ("done") or left pending.
void write_run_journal(const std::filesystem::path& state_dir, const std::string& id, bool done) {
  Journal journal;
  journal.id = id;
  journal.file = journal_directory(state_dir) / (id + ".journal");
  ASSERT_THAT(write_journal(journal, Plan{}, {}), IsOk());
  if (done) {
    ASSERT_THAT(append_journal_lines(journal.file, "done\n"), IsOk());
  }
}

TEST(JournalTest, PruneKeepsTheNewestFinishedRunsAndEveryInterruptedOne) {
  testing::TempDir dir;
  for (int run = 0; run < 6; ++run) {
    // Run 1 was interrupted (stays pending); the others finished.
    write_run_journal(dir.path(), fmt::format("2026{:02d}", run), run != 1);
  }
  ASSERT_THAT(prune_journals(dir.path(), 2), IsOk());
  auto left = read_all_journals(dir.path(), JournalPart::kSummary);
  ASSERT_THAT(left, IsOk());
  std::vector<std::string> ids;
  for (const Journal& journal : *left) ids.push_back(journal.id);
  EXPECT_EQ(ids, (std::vector<std::string>{"202601", "202604", "202605"}));
}

TEST(JournalTest, PruneReportsAJournalItCannotDelete) {
  testing::TempDir dir;
  for (int run = 0; run < 2; ++run) write_run_journal(dir.path(), fmt::format("r{}", run), true);
  // The oldest journal cannot be deleted: immutable for root, a read-only directory otherwise.
  std::filesystem::path oldest = journal_directory(dir.path()) / "r0.journal";
  auto set_immutable = [&](bool on) {
    UniqueFd fd(::open(oldest.c_str(), O_RDONLY));
    int flags = 0;
    if (::ioctl(fd.get(), FS_IOC_GETFLAGS, &flags) != 0) return false;
    flags = on ? (flags | FS_IMMUTABLE_FL) : (flags & ~FS_IMMUTABLE_FL);
    return ::ioctl(fd.get(), FS_IOC_SETFLAGS, &flags) == 0;
  };
  auto perms = std::filesystem::perms::owner_write;
  bool root = ::geteuid() == 0;
  if (root && !set_immutable(true)) GTEST_SKIP() << "no immutable flag on this filesystem";
  if (!root) {
    std::filesystem::permissions(oldest.parent_path(), perms,
                                 std::filesystem::perm_options::remove);
  }
  auto pruned = prune_journals(dir.path(), 1);
  if (root) {
    set_immutable(false);
  } else {
    std::filesystem::permissions(oldest.parent_path(), perms, std::filesystem::perm_options::add);
  }
  EXPECT_FALSE(pruned);
  EXPECT_NE(pruned.error().message().find("cannot prune journal"), std::string::npos);
}

TEST(ReconcileTest, UndoFindsEntriesByInodeAfterPartialCycle) {
  testing::TempDir dir;
  dir.write("a", "A");
  dir.write("b", "B");
  RenameOptions options;
  options.map = {{dir.path() / "a", "b"}, {dir.path() / "b", "a"}};
  auto p = plan_renames(options);
  ASSERT_THAT(p, IsOk());
  NameKeys keys(p->directories, false);
  std::vector<Step> steps = order_steps(*p, keys);
  ASSERT_EQ(steps.size(), 3u);
  Journal header;
  header.file = journal_directory(dir.path() / "state") / "r1.journal";
  header.id = "r1";
  ASSERT_THAT(write_journal(header, *p, steps), IsOk());
  // Simulate a crash after the first two steps: a -> temp, b -> a.
  StepNames names(*p, steps, "r1");
  DirectoryHandles handles(p->directories);
  ASSERT_THAT(rename_no_replace(handles, names.at(0)), IsOk());
  ASSERT_THAT(rename_no_replace(handles, names.at(1)), IsOk());
  auto undo = undo_run(dir.path() / "state", "");
  ASSERT_THAT(undo, IsOk());
  EXPECT_EQ(undo->restored, 2u);
  EXPECT_EQ(dir.read("a"), "A");
  EXPECT_EQ(dir.read("b"), "B");
}

TEST(ReconcileTest, UndoReportsEntriesDeletedSinceTheRun) {
  testing::TempDir dir;
  dir.write("a", "A");
  RenameOptions options;
  options.map = {{dir.path() / "a", "z"}};
  auto p = plan_renames(options);
  ASSERT_THAT(p, IsOk());
  auto applied = apply_plan(*p, {dir.path() / "state", "cmd", std::nullopt});
  ASSERT_THAT(applied, IsOk());
  std::filesystem::remove(dir.path() / "z");
  auto undo = undo_run(dir.path() / "state", "");
  ASSERT_THAT(undo, IsOk());
  EXPECT_EQ(undo->failed, 1u);
  EXPECT_NE(undo->entries[0].error.find("no longer where the journal left it"), std::string::npos);
}

}  // namespace
}  // namespace gofer::rename
