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

std::vector<std::pair<std::string, std::string>> names_of(const Plan& plan,
                                                          const std::vector<Step>& steps) {
  std::vector<std::pair<std::string, std::string>> out;
  StepNames names(plan, steps, "id");
  for (size_t i = 0; i < steps.size(); ++i) {
    Move move = names.at(i);
    out.emplace_back(move.from, move.to);
  }
  return out;
}

using Names = std::vector<std::pair<std::string, std::string>>;

// The (from, to) names of the plan's execution order.
Names ordered(const Plan& p) {
  NameKeys keys(p.directories, false);
  return names_of(p, order_steps(p, keys));
}

TEST_F(PlanTest, ChainRunsTargetFirst) {
  for (auto name : {"a", "b", "c"}) dir_.write(name, "");
  Plan p = plan(map_options({{"a", "b"}, {"b", "c"}, {"c", "d"}}));
  EXPECT_TRUE(p.has_chains);
  EXPECT_EQ(ordered(p), (Names{{"c", "d"}, {"b", "c"}, {"a", "b"}}));
  // Without chains, ordering needs no table of sources: plan order.
  Plan unchained = plan(map_options({{"c", "z"}, {"a", "x"}, {"b", "y"}}));
  EXPECT_FALSE(unchained.has_chains);
  EXPECT_EQ(ordered(unchained), (Names{{"c", "z"}, {"a", "x"}, {"b", "y"}}));
}

// Inodes stay with their entries through sorting (natural, by name, reversed) and filtering.
TEST_F(PlanTest, InodesFollowTheirEntries) {
  for (int i = 0; i < 40; ++i) dir_.write(fmt::format("f{} x", (i * 7) % 40), "");
  dir_.write("unchanged", "");
  for (SortKey sort : {SortKey::kNatural, SortKey::kName}) {
    for (bool reverse : {false, true}) {
      RenameOptions options;
      options.select.paths = {dir_.path()};
      options.select.sort = sort;
      options.select.reverse = reverse;
      options.rules.rules = {FindReplaceRule{" ", "_", true, false, false}};
      Plan p = plan(options);
      ASSERT_EQ(p.items.size(), 40u);
      ASSERT_EQ(p.inodes.size(), 40u);
      for (size_t i = 0; i < p.items.size(); ++i) {
        auto info = lstat_path(p.old_path(p.items[i]));
        ASSERT_TRUE(info.has_value());
        EXPECT_EQ(p.inodes[i], info->st_ino) << p.old_name(p.items[i]);
      }
    }
  }
}

TEST_F(PlanTest, PreviewPlanHasNoInodesAndCannotBeApplied) {
  dir_.write("a", "");
  RenameOptions options = map_options({{"a", "b"}});
  options.keep_inodes = false;
  Plan p = plan(options);
  EXPECT_TRUE(p.inodes.empty());
  EXPECT_THAT(apply_plan(p, {dir_.path() / "state", "cmd", std::nullopt}),
              testing::ErrorIs(ErrorCategory::kInternal));
  EXPECT_EQ(dir_.read("a"), "") << "nothing renamed";
}

TEST_F(PlanTest, CycleGoesThroughOneTempName) {
  for (auto name : {"a", "b", "c"}) dir_.write(name, "");
  Plan p = plan(map_options({{"a", "b"}, {"b", "c"}, {"c", "a"}}));
  NameKeys keys(p.directories, false);
  auto steps = order_steps(p, keys);
  EXPECT_EQ(names_of(p, steps),
            (std::vector<std::pair<std::string, std::string>>{
                {"a", ".gofer-tmp-id-0"}, {"c", "a"}, {"b", "c"}, {".gofer-tmp-id-0", "b"}}));
  EXPECT_FALSE(steps[0].group_end());
  EXPECT_FALSE(steps[0].final_step());
  EXPECT_FALSE(steps[1].group_end());
  EXPECT_TRUE(steps[1].final_step());
  EXPECT_TRUE(steps[3].group_end());
}

TEST_F(PlanTest, CaseOnlyChangeOnCaseInsensitiveFsUsesTempName) {
  dir_.write("A.txt", "");
  RenameOptions options = map_options({{"A.txt", "a.txt"}});
  options.assume_case_insensitive = true;
  Plan p = plan(options);
  EXPECT_TRUE(p.has_chains) << "a case-only change is ordered like a cycle";
  NameKeys keys(p.directories, true);
  EXPECT_EQ(names_of(p, order_steps(p, keys)),
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

}  // namespace
}  // namespace gofer::rename
