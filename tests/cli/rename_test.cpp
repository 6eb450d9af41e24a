// Blackbox tests of `gofer rename` against the real binary in fresh temp dirs.
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "run_binary.hpp"
#include "temp_dir.hpp"

namespace gofer::testing {
namespace {

namespace fs = std::filesystem;

class RenameCliTest : public ::testing::Test {
 protected:
  RunResult gofer(std::vector<std::string> args) {
    args.insert(args.begin(), "rename");
    return run_gofer(args, {.cwd = work_, .env = {{"XDG_STATE_HOME", state_.string()}}});
  }
  void SetUp() override {
    work_ = dir_.path() / "work";
    state_ = dir_.path() / "state";
    fs::create_directories(work_);
  }
  void touch(const std::string& name, const std::string& content = "x") {
    dir_.write("work/" + name, content.empty() ? name : content);
  }
  // Runs `gofer rename ARGS` as nobody (root ignores directory permissions; setpriv from
  // util-linux), with work/ro read-only and work/rw writable.
  RunResult gofer_with_read_only_dir(const std::vector<std::string>& args) {
    std::vector<std::string> argv;
    if (::geteuid() == 0) argv = {"setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"};
    fs::create_directories(state_);
    for (const auto& [path, mode] :
         std::vector<std::pair<fs::path, fs::perms>>{{dir_.path(), fs::perms(0755)},
                                                     {work_, fs::perms(0755)},
                                                     {state_, fs::perms(0777)},
                                                     {work_ / "rw", fs::perms(0777)},
                                                     {work_ / "ro", fs::perms(0555)}}) {
      fs::permissions(path, mode);
    }
    argv.insert(argv.end(), {gofer_binary().string(), "rename"});
    argv.insert(argv.end(), args.begin(), args.end());
    return run_program(argv, {.cwd = work_, .env = {{"XDG_STATE_HOME", state_.string()}}});
  }
  std::map<std::string, std::string> listing() {
    auto all = dir_.snapshot();
    std::map<std::string, std::string> work;
    for (auto& [path, content] : all) {
      if (path.starts_with("work/")) work[path.substr(5)] = content;
    }
    return work;
  }

  TempDir dir_;
  fs::path work_, state_;
};

TEST_F(RenameCliTest, SeedExampleLowercasesAndUnderscores) {
  touch("Sales Report 2024.CSV", "");
  touch("notes.txt", "");
  // The issue's seed command, verbatim: globs ignore case, so *.csv matches .CSV.
  auto result = gofer({"--glob", "*.csv", "-e", " ", "-r", "_", "--case", "lower", "-x"});
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(listing(),
            (std::map<std::string, std::string>{
                {"notes.txt", "notes.txt"}, {"sales_report_2024.csv", "Sales Report 2024.CSV"}}));
  EXPECT_NE(result.err.find("renamed 1, failed 0"), std::string::npos) << result.err;
}

TEST_F(RenameCliTest, PreviewChangesNothingAndShowsPlan) {
  touch("A B.txt");
  auto before = listing();
  auto result = gofer({"-e", " ", "-r", "_"});
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(result.out, "  A B.txt -> A_B.txt\n");
  EXPECT_NE(result.err.find("add -x to apply"), std::string::npos);
  EXPECT_EQ(listing(), before);
}

struct ConflictCase {
  std::string name;
  std::vector<std::string> files;
  std::vector<std::string> args;
  std::string reason;
  friend void PrintTo(const ConflictCase& c, std::ostream* os) { *os << c.name; }
};

class RenameConflictTest : public RenameCliTest,
                           public ::testing::WithParamInterface<ConflictCase> {};

TEST_P(RenameConflictTest, RefusesWithExit3AndTouchesNothing) {
  for (const auto& file : GetParam().files) touch(file);
  dir_.write("map.csv", "a,b\nb,\n");  // b's own rename is refused, so a -> b must be too
  auto before = listing();
  std::vector<std::string> args = GetParam().args;
  args.push_back("-x");
  auto result = gofer(args);
  EXPECT_EQ(result.exit_code, 3) << result.out << result.err;
  EXPECT_NE(result.out.find(GetParam().reason), std::string::npos) << result.out;
  EXPECT_EQ(listing(), before);
  EXPECT_FALSE(fs::exists(state_ / "gofer" / "rename")) << "no journal for a refused plan";
}

INSTANTIATE_TEST_SUITE_P(
    EveryKind, RenameConflictTest,
    ::testing::Values(
        ConflictCase{"TargetExists",
                     {"a.txt", "b.txt"},
                     {"--glob", "a.txt", "-e", "a", "-r", "b"},
                     "target exists"},
        ConflictCase{"TwoToOne",
                     {"a1.txt", "a2.txt"},
                     {"-e", "[0-9]", "-r", ""},
                     "2 entries would get this name"},
        ConflictCase{"EmptyName", {"abc"}, {"-e", ".*", "-r", ""}, "new name is empty"},
        ConflictCase{"DotDot", {"abc"}, {"-e", "abc", "-r", ".."}, "invalid component '..'"},
        ConflictCase{"Slash", {"a-b"}, {"-e", "-", "-r", "/"}, "contains '/'"},
        ConflictCase{"TooLong", {"a"}, {"--template", std::string(256, 'x')}, "over the 255-byte"},
        ConflictCase{"TargetStays",
                     {"a", "b", "c"},
                     {"--map", "../map.csv"},
                     "target exists and is not being renamed"}),
    [](const auto& test_info) { return test_info.param.name; });

TEST_F(RenameCliTest, CaseInsensitiveCollisionIsAConflict) {
  touch("Report.txt");
  touch("report.TXT");
  auto result = run_gofer(
      {"rename", "--case", "lower", "-x"},
      {.cwd = work_,
       .env = {{"XDG_STATE_HOME", state_.string()}, {"GOFER_TEST_ASSUME_CASE_INSENSITIVE", "1"}}});
  EXPECT_EQ(result.exit_code, 3) << result.out << result.err;
}

TEST_F(RenameCliTest, SwapAndChainViaMap) {
  touch("a", "A");
  touch("b", "B");
  touch("c", "C");
  touch("d", "D");
  dir_.write("map.csv", "old,new\na,b\nb,a\nc,d\nd,e\n");
  auto result = gofer({"--map", "../map.csv", "-x"});
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(listing(),
            (std::map<std::string, std::string>{{"a", "B"}, {"b", "A"}, {"d", "C"}, {"e", "D"}}));
  result = gofer({"--undo"});
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(listing(),
            (std::map<std::string, std::string>{{"a", "A"}, {"b", "B"}, {"c", "C"}, {"d", "D"}}));
}

TEST_F(RenameCliTest, UndoTwiceFailsAndHistoryShowsState) {
  touch("x y");
  ASSERT_EQ(gofer({"-e", " ", "-r", "-", "-x"}).exit_code, 0);
  ASSERT_EQ(gofer({"--undo"}).exit_code, 0);
  EXPECT_TRUE(fs::exists(work_ / "x y"));
  auto again = gofer({"--undo"});
  EXPECT_EQ(again.exit_code, 1);
  EXPECT_NE(again.err.find("no rename run to undo"), std::string::npos) << again.err;
  auto history = gofer({"--history"});
  EXPECT_NE(history.out.find("undone"), std::string::npos) << history.out;
  auto bad = gofer({"--undo", "nope"});
  EXPECT_EQ(bad.exit_code, 2);
}

TEST_F(RenameCliTest, HostileNamesAreEscapedInPreviewAndRenamedExactly) {
  touch("new\nline.txt");
  touch("esc\x1b[2J.txt");
  touch("caf\xe9 latin1.txt");
  auto preview = gofer({"-e", " ", "-r", "_"});
  EXPECT_EQ(preview.exit_code, 0) << preview.err;
  EXPECT_EQ(preview.out.find('\x1b'), std::string::npos);
  EXPECT_NE(preview.out.find("caf\\xe9_latin1.txt"), std::string::npos) << preview.out;
  auto json = gofer({"--json", "-e", "\\x1b", "-r", "ESC"});
  EXPECT_NE(json.out.find("esc\\u001b[2J.txt"), std::string::npos) << json.out;
  auto result = gofer({"-e", "[\\n\\x1b]", "-r", "_", "-x"});
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_TRUE(fs::exists(work_ / "new_line.txt"));
  EXPECT_TRUE(fs::exists(work_ / "esc_[2J.txt"));
  EXPECT_TRUE(fs::exists(work_ / "caf\xe9 latin1.txt"));
}

TEST_F(RenameCliTest, InvalidUtf8NameInJsonHasRawBase64) {
  touch("caf\xe9.txt");
  auto result = gofer({"--json", "-e", "txt", "-r", "md"});
  auto first = nlohmann::json::parse(result.out.substr(0, result.out.find('\n')));
  EXPECT_EQ(first["old_raw_b64"], "Y2Fm6S50eHQ=");
  EXPECT_EQ(first["status"], "planned");
}

TEST_F(RenameCliTest, SymlinkIsRenamedNotFollowed) {
  touch("target.txt", "T");
  fs::create_symlink("target.txt", work_ / "Link.txt");
  auto result = gofer({"--glob", "Link*", "--case", "lower", "-x"});
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_TRUE(fs::is_symlink(work_ / "link.txt"));
  EXPECT_EQ(fs::read_symlink(work_ / "link.txt"), "target.txt");
  EXPECT_EQ(dir_.read("work/target.txt"), "T");
}

TEST_F(RenameCliTest, JsonPlanAndSummary) {
  touch("A.txt");
  auto result = gofer({"--json", "--case", "lower", "-x"});
  EXPECT_EQ(result.exit_code, 0) << result.err;
  std::vector<nlohmann::json> lines;
  std::istringstream in(result.out);
  for (std::string line; std::getline(in, line);) lines.push_back(nlohmann::json::parse(line));
  ASSERT_EQ(lines.size(), 2u) << result.out;
  EXPECT_EQ(lines[0]["old"], "A.txt");
  EXPECT_EQ(lines[0]["new"], "a.txt");
  EXPECT_EQ(lines[0]["status"], "renamed");
  EXPECT_FALSE(lines[0].contains("error")) << lines[0];  // absent without a failure, not null
  EXPECT_EQ(lines[1]["type"], "summary");
  EXPECT_EQ(lines[1]["renamed"], 1);
}

TEST_F(RenameCliTest, OnConflictNumberAndSkip) {
  touch("a1.txt");
  touch("a2.txt");
  touch("a.txt");
  auto skip = gofer({"-e", "[0-9]", "-r", "", "--on-conflict", "skip", "-x"});
  EXPECT_EQ(skip.exit_code, 0) << skip.err;
  EXPECT_EQ(listing().size(), 3u);
  EXPECT_TRUE(fs::exists(work_ / "a1.txt"));
  auto number = gofer({"-e", "[0-9]", "-r", "", "--on-conflict", "number", "-x"});
  EXPECT_EQ(number.exit_code, 0) << number.err;
  EXPECT_TRUE(fs::exists(work_ / "a (2).txt"));
  EXPECT_TRUE(fs::exists(work_ / "a (3).txt"));
  EXPECT_TRUE(fs::exists(work_ / "a.txt"));
}

TEST_F(RenameCliTest, UsageErrors) {
  touch("a");
  EXPECT_EQ(gofer({}).exit_code, 2);  // no rule
  auto placeholder = gofer({"--template", "{foo}.txt"});
  EXPECT_EQ(placeholder.exit_code, 2);
  EXPECT_NE(placeholder.err.find("{foo}"), std::string::npos) << placeholder.err;
  EXPECT_EQ(gofer({"-e", "("}).exit_code, 2);
  EXPECT_EQ(gofer({"-e", "(", "-r", "x"}).exit_code, 2);
  EXPECT_EQ(gofer({"--case", "shouty"}).exit_code, 2);
  EXPECT_EQ(gofer({"--map", "missing.csv"}).exit_code, 1);
  dir_.write("bad.csv", "a,b,c\n");
  auto bad_map = gofer({"--map", "../bad.csv"});
  EXPECT_EQ(bad_map.exit_code, 2);
  EXPECT_NE(bad_map.err.find("line 1: expected 2 fields"), std::string::npos) << bad_map.err;
}

TEST_F(RenameCliTest, LockHeldExits75) {
  touch("A");
  auto lock = (dir_.path() / "lock").string();
  auto result = run_program(
      {"flock", lock, gofer_binary().string(), "rename", "--lock", lock, "--case", "lower", "-x"},
      {.cwd = work_, .env = {{"XDG_STATE_HOME", state_.string()}}});
  EXPECT_EQ(result.exit_code, 75);
  EXPECT_TRUE(fs::exists(work_ / "A"));
}

TEST_F(RenameCliTest, DirectoriesRenamedAfterTheirChildren) {
  touch("Dir A/File B.txt");
  auto result = gofer({"-R", "--type", "any", "-e", " ", "-r", "_", "-x"});
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_TRUE(fs::exists(work_ / "Dir_A" / "File_B.txt"));
}

}  // namespace
}  // namespace gofer::testing

namespace gofer::testing {
namespace {

TEST_F(RenameCliTest, ReadOnlyDirectoryFailsPerEntryAndRenamesTheRest) {
  touch("ro/A.txt");
  touch("ro/B.txt");
  touch("rw/C.txt");
  auto result = gofer_with_read_only_dir({"--case", "lower", "-x", "ro", "rw"});
  EXPECT_EQ(result.exit_code, 1) << result.err;
  EXPECT_NE(result.err.find("gofer: rename: ro/A.txt: cannot rename to a.txt: Permission denied"),
            std::string::npos)
      << result.err;
  EXPECT_NE(result.err.find("gofer: rename: ro/B.txt: cannot rename to b.txt: Permission denied"),
            std::string::npos)
      << result.err;
  EXPECT_NE(result.err.find("renamed 1, failed 2"), std::string::npos) << result.err;
  EXPECT_TRUE(fs::exists(work_ / "rw" / "c.txt"));
  EXPECT_TRUE(fs::exists(work_ / "ro" / "A.txt"));
}

TEST_F(RenameCliTest, MkdirCreatesTheDirectoriesOfNewNamesAndUndoRestoresTheNames) {
  touch("2024 June report.txt", "1");
  touch("2024 July notes.txt", "2");
  touch("2023/kept.txt", "3");  // an existing directory is used as it is
  touch("2023 May plan.txt", "4");
  auto result = gofer({"--mkdir", "-e", "^(\\d+) (\\w+) ", "-r", "$1/$2/", "-x", "."});
  EXPECT_EQ(result.exit_code, 0) << result.err;
  // The directories, made by --mkdir or there before, stay through the undo (empty).
  std::map<std::string, std::string> applied{{"2023", "<dir>"},      {"2023/May", "<dir>"},
                                             {"2023/kept.txt", "3"}, {"2024", "<dir>"},
                                             {"2024/July", "<dir>"}, {"2024/June", "<dir>"}};
  auto undone = applied;
  applied.insert(
      {{"2023/May/plan.txt", "4"}, {"2024/July/notes.txt", "2"}, {"2024/June/report.txt", "1"}});
  undone.insert(
      {{"2023 May plan.txt", "4"}, {"2024 July notes.txt", "2"}, {"2024 June report.txt", "1"}});
  EXPECT_EQ(listing(), applied);
  auto undo = gofer({"--undo"});
  EXPECT_EQ(undo.exit_code, 0) << undo.err;
  EXPECT_EQ(listing(), undone);
}

TEST_F(RenameCliTest, MkdirThatCannotCreateTheDirectoryFailsThatEntry) {
  touch("ro/a b.txt");
  touch("rw/c d.txt");
  auto result = gofer_with_read_only_dir({"--mkdir", "-e", " ", "-r", "/", "-x", "ro", "rw"});
  EXPECT_EQ(result.exit_code, 1) << result.err;
  EXPECT_NE(result.err.find("cannot create the directory"), std::string::npos) << result.err;
  EXPECT_NE(result.err.find("Permission denied"), std::string::npos) << result.err;
  EXPECT_TRUE(fs::exists(work_ / "ro" / "a b.txt"));
  EXPECT_TRUE(fs::exists(work_ / "rw" / "c" / "d.txt"));
}

TEST_F(RenameCliTest, AnUnreadableJournalIsSkippedWithAWarningAndListed) {
  // A damaged journal (or one from an older gofer) once made every -x and --history fail.
  dir_.write("state/gofer/rename/20200101T000000-1.journal", "not a journal\n");
  touch("A B.txt");
  auto result = gofer({"-e", " ", "-r", "_", "-x"});
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_TRUE(fs::exists(work_ / "A_B.txt"));
  EXPECT_NE(result.err.find("warning: "), std::string::npos) << result.err;
  EXPECT_NE(result.err.find("20200101T000000-1.journal: corrupt journal"), std::string::npos)
      << result.err;
  auto history = gofer({"--history"});
  EXPECT_EQ(history.exit_code, 0) << history.err;
  EXPECT_NE(history.out.find("20200101T000000-1"), std::string::npos) << history.out;
  EXPECT_NE(history.out.find("unreadable"), std::string::npos) << history.out;
  auto undo = gofer({"--undo"});  // the readable run is the one undone
  EXPECT_EQ(undo.exit_code, 0) << undo.err;
  EXPECT_TRUE(fs::exists(work_ / "A B.txt"));
  EXPECT_TRUE(fs::exists(state_ / "gofer/rename/20200101T000000-1.journal"));  // never deleted
}

}  // namespace
}  // namespace gofer::testing
