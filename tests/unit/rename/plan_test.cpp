// Planner, validator and execution order: every conflict kind, chains, cycles, case-only.
#include <fcntl.h>
#include <linux/fs.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "../../../src/rename/execution.hpp"
#include "../../../src/rename/select.hpp"
#include "gofer/fs.hpp"
#include "gofer/rename/rename.hpp"
#include "matchers.hpp"
#include "temp_dir.hpp"

namespace gofer::rename {
namespace {

using testing::IsOk;

class PlanTest : public ::testing::Test {
 protected:
  RenameOptions map_options(std::vector<std::pair<std::string, std::string>> pairs) {
    RenameOptions options;
    for (auto& [from, to] : pairs) options.map.push_back({dir_.path() / from, to});
    return options;
  }
  Plan plan(const RenameOptions& options) {
    auto result = plan_renames(options);
    EXPECT_THAT(result, IsOk());
    return result ? std::move(*result) : Plan{};
  }
  testing::TempDir dir_;
};

TEST_F(PlanTest, TargetExistsIsAConflict) {
  dir_.write("a", "");
  dir_.write("b", "");
  Plan p = plan(map_options({{"a", "b"}}));
  ASSERT_EQ(p.items.size(), 1u);
  EXPECT_EQ(p.items[0].status, ItemStatus::kConflict);
  EXPECT_EQ(p.reason(0), "target exists");
}

TEST_F(PlanTest, ChainIsNotAConflict) {
  dir_.write("a", "");
  dir_.write("b", "");
  Plan p = plan(map_options({{"a", "b"}, {"b", "c"}}));
  EXPECT_EQ(p.count(ItemStatus::kPlanned), 2u);
}

TEST_F(PlanTest, SwapIsNotAConflict) {
  dir_.write("a", "");
  dir_.write("b", "");
  Plan p = plan(map_options({{"a", "b"}, {"b", "a"}}));
  EXPECT_EQ(p.count(ItemStatus::kPlanned), 2u);
}

TEST_F(PlanTest, ConflictCascadesToItemsTargetingItsSource) {
  dir_.write("a", "");
  dir_.write("b", "");
  dir_.write("c", "");
  Plan p = plan(map_options({{"a", "b"}, {"b", "c"}}));  // c exists: b stays, so a cannot go
  EXPECT_EQ(p.count(ItemStatus::kConflict), 2u);
  EXPECT_EQ(p.reason(0), "target exists and is not being renamed");
}

TEST_F(PlanTest, SkipPolicyLeavesConflictsAlone) {
  dir_.write("a", "");
  dir_.write("b", "");
  dir_.write("x", "");
  RenameOptions options = map_options({{"a", "b"}, {"x", "y"}});
  options.on_conflict = ConflictPolicy::kSkip;
  Plan p = plan(options);
  EXPECT_EQ(p.items[0].status, ItemStatus::kSkipped);
  EXPECT_EQ(p.items[1].status, ItemStatus::kPlanned);
}

TEST_F(PlanTest, NumberPolicyFindsFreeNames) {
  dir_.write("a.txt", "");
  dir_.write("b.txt", "");
  dir_.write("c.txt", "");
  dir_.write("x (2).txt", "");
  RenameOptions options = map_options({{"a.txt", "x.txt"}, {"b.txt", "x.txt"}, {"c.txt", "x.txt"}});
  options.on_conflict = ConflictPolicy::kNumber;
  Plan p = plan(options);
  ASSERT_EQ(p.count(ItemStatus::kPlanned), 3u);
  EXPECT_EQ(p.new_name(p.items[0]), "x.txt");
  EXPECT_EQ(p.new_name(p.items[1]), "x (3).txt");  // x (2).txt exists on disk
  EXPECT_EQ(p.new_name(p.items[2]), "x (4).txt");
}

TEST_F(PlanTest, InvalidNames) {
  dir_.write("a", "");
  for (auto [name, reason] : std::vector<std::pair<std::string, std::string>>{
           {"", "new name is empty"},
           {"..", "invalid component '..'"},
           {"x/y", "contains '/'"},
           {std::string(256, 'n'), "256 bytes, over the 255-byte limit"},
           {std::string("a\0b", 3), "NUL"}}) {
    Plan p = plan(map_options({{"a", name}}));
    ASSERT_EQ(p.items.size(), 1u);
    EXPECT_EQ(p.items[0].status, ItemStatus::kConflict);
    EXPECT_NE(p.reason(0).find(reason), std::string::npos) << p.reason(0);
  }
}

TEST_F(PlanTest, MkdirAllowsSlashButNotDotDot) {
  dir_.write("a", "");
  RenameOptions options = map_options({{"a", "sub/b"}});
  options.make_directories = true;
  EXPECT_EQ(plan(options).items[0].status, ItemStatus::kPlanned);
  options = map_options({{"a", "sub/../b"}});
  options.make_directories = true;
  EXPECT_EQ(plan(options).items[0].status, ItemStatus::kConflict);
}

TEST_F(PlanTest, CaseInsensitiveFilesystemFoldsNames) {
  dir_.write("A.txt", "");
  dir_.write("B.txt", "");
  RenameOptions options = map_options({{"A.txt", "a.txt"}, {"B.txt", "b.TXT"}});
  options.assume_case_insensitive = true;
  EXPECT_EQ(plan(options).count(ItemStatus::kPlanned), 2u) << "case-only changes are fine";
  options = map_options({{"B.txt", "a.TXT"}});
  options.assume_case_insensitive = true;
  EXPECT_EQ(plan(options).items[0].status, ItemStatus::kConflict) << "A.txt is a.TXT there";
}

TEST_F(PlanTest, MissingMapSourceIsAnError) {
  EXPECT_FALSE(plan_renames(map_options({{"missing", "x"}})).has_value());
}

std::vector<std::pair<std::string, std::string>> names_of(const std::vector<Step>& steps) {
  std::vector<std::pair<std::string, std::string>> out;
  for (const Step& step : steps) {
    out.emplace_back(std::filesystem::path(step.from).filename().string(),
                     std::filesystem::path(step.to).filename().string());
  }
  return out;
}

TEST_F(PlanTest, ChainRunsTargetFirst) {
  for (auto name : {"a", "b", "c"}) dir_.write(name, "");
  Plan p = plan(map_options({{"a", "b"}, {"b", "c"}, {"c", "d"}}));
  NameKeys keys(p.directories, false);
  EXPECT_EQ(names_of(order_steps(p, "id", keys)),
            (std::vector<std::pair<std::string, std::string>>{{"c", "d"}, {"b", "c"}, {"a", "b"}}));
}

TEST_F(PlanTest, CycleGoesThroughOneTempName) {
  for (auto name : {"a", "b", "c"}) dir_.write(name, "");
  Plan p = plan(map_options({{"a", "b"}, {"b", "c"}, {"c", "a"}}));
  NameKeys keys(p.directories, false);
  auto steps = order_steps(p, "id", keys);
  EXPECT_EQ(names_of(steps), (std::vector<std::pair<std::string, std::string>>{
                                 {"a", ".gofer-tmp-id-0"}, {"c", "a"}, {"b", "c"},
                                 {".gofer-tmp-id-0", "b"}}));
  EXPECT_FALSE(steps[0].group_end);
  EXPECT_FALSE(steps[0].final_step);
  EXPECT_TRUE(steps[3].group_end);
}

TEST_F(PlanTest, CaseOnlyChangeOnCaseInsensitiveFsUsesTempName) {
  dir_.write("A.txt", "");
  RenameOptions options = map_options({{"A.txt", "a.txt"}});
  options.assume_case_insensitive = true;
  Plan p = plan(options);
  NameKeys keys(p.directories, true);
  EXPECT_EQ(names_of(order_steps(p, "id", keys)),
            (std::vector<std::pair<std::string, std::string>>{{"A.txt", ".gofer-tmp-id-0"},
                                                              {".gofer-tmp-id-0", "a.txt"}}));
}

TEST(NaturalSortTest, NumbersCompareByValue) {
  EXPECT_TRUE(natural_less("file2", "file10"));
  EXPECT_FALSE(natural_less("file10", "file2"));
  EXPECT_TRUE(natural_less("a", "b"));
  EXPECT_TRUE(natural_less("img_9.jpg", "img_10.jpg"));
  EXPECT_TRUE(natural_less("x1", "x1a"));
  EXPECT_NE(natural_less("01", "1"), natural_less("1", "01"));  // total order
  // Runs of equal length are decided at the first differing digit; unequal ones by value.
  EXPECT_TRUE(natural_less("Sales Report 000123.CSV", "Sales Report 000456.CSV"));
  EXPECT_FALSE(natural_less("Sales Report 000456.CSV", "Sales Report 000123.CSV"));
  EXPECT_TRUE(natural_less("x0012", "x0112"));
  EXPECT_TRUE(natural_less("x9", "x0010"));
  EXPECT_TRUE(natural_less("x12a", "x0013"));
}

TEST_F(PlanTest, OverlongNewNameIsAConflictNamingItsFullLength) {
  dir_.write("a", "");
  RenameOptions options;
  options.select.paths = {dir_.path()};
  FindReplaceRule doubling{.pattern = "(.*)", .replacement = "$1$1$1$1$1$1$1$1"};
  options.rules.rules = {doubling, doubling, doubling, doubling, Rule(doubling)};  // 8^5 bytes
  Plan p = plan(options);
  ASSERT_EQ(p.items.size(), 1u);
  EXPECT_EQ(p.items[0].status, ItemStatus::kConflict);
  EXPECT_EQ(p.reason(0), "new name is 32768 bytes, over the 255-byte limit");
  EXPECT_EQ(p.new_name(p.items[0]).size(), NameStore::kMaxStoredBytes);
}

TEST_F(PlanTest, UnchangedAndUnselectedNamesStillBlockTargets) {
  for (auto name : {"a.txt", "b.txt", "B.TXT", ".hidden"}) dir_.write(name, "");
  RenameOptions options;
  options.select.paths = {dir_.path()};
  options.select.include_globs = {"*.txt", "*.TXT"};
  options.rules.rules = {FindReplaceRule{.pattern = "^a", .replacement = "b"},
                         FindReplaceRule{.pattern = "^B.TXT$", .replacement = ".hidden"}};
  Plan p = plan(options);  // b.txt is selected but unchanged; .hidden is not selected
  ASSERT_EQ(p.items.size(), 2u);
  EXPECT_EQ(p.unchanged, 1u);
  for (size_t i = 0; i < 2; ++i) {
    EXPECT_EQ(p.items[i].status, ItemStatus::kConflict) << p.new_name(p.items[i]);
    EXPECT_EQ(p.reason(i), "target exists");
  }
}

TEST(JournalTest, RoundTripsHostileNamesAndStates) {
  testing::TempDir dir;
  Journal journal;
  journal.file = journal_directory(dir.path()) / "x.journal";
  journal.id = "x";
  journal.cwd = "/tmp/a%b";
  journal.command_line = "gofer rename -e '\n' -r _";
  journal.item_count = 1;
  journal.steps.push_back({0, 42, "/d/new\nline\t%", "/d/x\x1b", false, true});
  ASSERT_THAT(write_journal(journal), IsOk());
  ASSERT_THAT(append_journal_lines(journal.file, "failed 0\ndone\n"), IsOk());
  auto read = read_journal(journal.file);
  ASSERT_THAT(read, IsOk());
  EXPECT_EQ(read->cwd, journal.cwd);
  EXPECT_EQ(read->command_line, journal.command_line);
  ASSERT_EQ(read->steps.size(), 1u);
  EXPECT_EQ(read->steps[0].from, "/d/new\nline\t%");
  EXPECT_EQ(read->steps[0].to, "/d/x\x1b");
  EXPECT_EQ(read->steps[0].inode, 42u);
  EXPECT_FALSE(read->steps[0].group_end);
  EXPECT_EQ(read->state, JournalState::kDone);
  EXPECT_EQ(read->failed_steps, std::vector<size_t>{0});
}

TEST(JournalTest, SummaryHasStateButNoSteps) {
  testing::TempDir dir;
  Journal journal;
  journal.file = journal_directory(dir.path()) / "x.journal";
  journal.id = "x";
  journal.steps.push_back({0, 42, "/d/a", "/d/b", true, true});
  ASSERT_THAT(write_journal(journal), IsOk());
  ASSERT_THAT(append_journal_lines(journal.file, "done\n"), IsOk());
  auto summary = read_journal(journal.file, JournalPart::kSummary);
  ASSERT_THAT(summary, IsOk());
  EXPECT_EQ(summary->id, "x");
  EXPECT_EQ(summary->state, JournalState::kDone);
  EXPECT_TRUE(summary->steps.empty());
}

// A step-less journal of run `id` under `state_dir`, finished ("done") or left pending.
void write_run_journal(const std::filesystem::path& state_dir, const std::string& id, bool done) {
  Journal journal;
  journal.id = id;
  journal.file = journal_directory(state_dir) / (id + ".journal");
  ASSERT_THAT(write_journal(journal), IsOk());
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
    std::filesystem::permissions(oldest.parent_path(), perms, std::filesystem::perm_options::remove);
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

TEST(JournalTest, CorruptJournalIsAnError) {
  testing::TempDir dir;
  dir.write("rename/bad.journal", "not a journal\n");
  auto read = read_journal(dir.path() / "rename" / "bad.journal");
  EXPECT_THAT(read, testing::ErrorIs(ErrorCategory::kInvalidData));
  dir.write("rename/bad2.journal", "gofer-rename-journal 2\nS x\t1\ta\tb\n");
  EXPECT_THAT(read_journal(dir.path() / "rename" / "bad2.journal"),
              testing::ErrorIs(ErrorCategory::kInvalidData));
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
  Journal journal{journal_directory(dir.path() / "state") / "r1.journal", "r1", "", "", "", 2,
                  order_steps(*p, "r1", keys), JournalState::kPending, {}};
  ASSERT_THAT(write_journal(journal), IsOk());
  // Simulate a crash after the first two steps: a -> temp, b -> a.
  ASSERT_THAT(rename_no_replace(journal.steps[0].from, journal.steps[0].to), IsOk());
  ASSERT_THAT(rename_no_replace(journal.steps[1].from, journal.steps[1].to), IsOk());
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
