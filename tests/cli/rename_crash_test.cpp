// Crash safety and fault injection for `gofer rename -x`: SIGKILL at many points of a 10,000
// entry run with swaps and chains, then undo (-> original) or re-run (-> target).
#include <unistd.h>

#include <csignal>
#include <filesystem>
#include <fstream>
#include <regex>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "run_binary.hpp"
#include "temp_dir.hpp"

namespace gofer::testing {
namespace {

namespace fs = std::filesystem;
using Listing = std::map<std::string, std::string>;  // name -> content

constexpr int kFiles = 10000;
constexpr int kSwapFiles = 2000;   // 1000 swapped pairs: cycles through temp names
constexpr int kChainFiles = 3000;  // 1000 chains of three: x->y->z->new

struct Scenario {
  Listing original;
  Listing target;
  std::string map_csv;
};

// File i holds its own original name, so the listings prove identity, not just names.
Scenario make_scenario() {
  Scenario s;
  s.map_csv = "old,new\n";
  auto add = [&](const std::string& from, const std::string& to) {
    s.map_csv += from + "," + to + "\n";
  };
  for (int i = 0; i < kFiles; ++i) s.original[fmt::format("f{:05}", i)] = fmt::format("f{:05}", i);
  for (int i = 0; i < kSwapFiles; i += 2) {
    add(fmt::format("f{:05}", i), fmt::format("f{:05}", i + 1));
    add(fmt::format("f{:05}", i + 1), fmt::format("f{:05}", i));
  }
  for (int i = kSwapFiles; i < kSwapFiles + kChainFiles; i += 3) {
    add(fmt::format("f{:05}", i), fmt::format("f{:05}", i + 1));
    add(fmt::format("f{:05}", i + 1), fmt::format("f{:05}", i + 2));
    add(fmt::format("f{:05}", i + 2), fmt::format("g{:05}", i + 2));
  }
  for (int i = kSwapFiles + kChainFiles; i < kFiles; ++i) {
    add(fmt::format("f{:05}", i), fmt::format("renamed {:05}.txt", i));
  }
  std::map<std::string, std::string> renames;
  std::istringstream lines(s.map_csv.substr(s.map_csv.find('\n') + 1));
  for (std::string line; std::getline(lines, line);) {
    renames[line.substr(0, line.find(','))] = line.substr(line.find(',') + 1);
  }
  for (const auto& [name, content] : s.original) {
    s.target[renames.count(name) ? renames[name] : name] = content;
  }
  return s;
}

class RenameCrashTest : public ::testing::Test {
 protected:
  void SetUp() override {
    work_ = dir_.path() / "work";
    fs::create_directories(work_);
    for (const auto& [name, content] : scenario().original) {
      std::ofstream(work_ / name) << content;
    }
    std::ofstream(dir_.path() / "map.csv") << scenario().map_csv;
  }
  static const Scenario& scenario() {
    static const Scenario s = make_scenario();
    return s;
  }
  RunResult rename(std::vector<std::string> args, std::map<std::string, std::string> env = {}) {
    args.insert(args.begin(), "rename");
    env["XDG_STATE_HOME"] = (dir_.path() / "state").string();
    return run_gofer(args, {.cwd = work_, .env = env});
  }
  Listing listing() {
    Listing out;
    for (const auto& entry : fs::directory_iterator(work_)) {
      std::ifstream in(entry.path());
      std::string content((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
      out[entry.path().filename().string()] = content;
    }
    return out;
  }
  const std::vector<std::string> apply_args_{"--map", "../map.csv", "-x"};
  TempDir dir_;
  fs::path work_;
};

class RenameKillTest : public RenameCrashTest, public ::testing::WithParamInterface<int> {};

TEST_P(RenameKillTest, UndoRestoresOriginalAfterSigkill) {
  auto killed = rename(apply_args_, {{"GOFER_TEST_KILL_AFTER_RENAMES", std::to_string(GetParam())}});
  ASSERT_EQ(killed.exit_code, 128 + 9) << killed.err;
  auto undo = rename({"--undo"});
  EXPECT_EQ(undo.exit_code, 0) << undo.err;
  EXPECT_TRUE(listing() == scenario().original) << "undo after kill at " << GetParam();
}

TEST_P(RenameKillTest, RerunCompletesThePlanAfterSigkill) {
  auto killed = rename(apply_args_, {{"GOFER_TEST_KILL_AFTER_RENAMES", std::to_string(GetParam())}});
  ASSERT_EQ(killed.exit_code, 128 + 9) << killed.err;
  auto other = rename({"--case", "upper", "-x"});
  EXPECT_EQ(other.exit_code, 3) << "a different command must not plan over a half-done run";
  EXPECT_NE(other.err.find("was interrupted here"), std::string::npos) << other.err;
  auto rerun = rename(apply_args_);
  EXPECT_EQ(rerun.exit_code, 0) << rerun.err;
  EXPECT_NE(rerun.err.find("completed interrupted run"), std::string::npos) << rerun.err;
  EXPECT_TRUE(listing() == scenario().target) << "rerun after kill at " << GetParam();
  auto undo = rename({"--undo"});
  EXPECT_EQ(undo.exit_code, 0) << undo.err;
  EXPECT_TRUE(listing() == scenario().original);
}

// Ctrl-C or SIGTERM mid-apply: the run stops between two moves, says how to finish or undo,
// and the rerun it names completes the plan.
TEST_F(RenameCrashTest, SignalMidApplySaysHowToFinishOrUndo) {
  for (auto [signal, code] : {std::pair{SIGINT, 130}, std::pair{SIGTERM, 143}}) {
    auto stopped = rename(apply_args_, {{"GOFER_TEST_KILL_AFTER_RENAMES", "1500"},
                                        {"GOFER_TEST_KILL_SIGNAL", std::to_string(signal)}});
    ASSERT_EQ(stopped.exit_code, code) << stopped.err;
    EXPECT_TRUE(std::regex_search(stopped.err, std::regex("interrupted after [1-9][0-9]* of 10000")))
        << stopped.err;
    EXPECT_NE(stopped.err.find("rerun the same command here to finish, or undo them with: "
                               "gofer rename --undo="),
              std::string::npos)
        << stopped.err;
    EXPECT_FALSE(listing() == scenario().original) << "nothing was renamed before the signal";
    auto rerun = rename(apply_args_);
    EXPECT_EQ(rerun.exit_code, 0) << rerun.err;
    EXPECT_TRUE(listing() == scenario().target) << "rerun after signal " << signal;
    ASSERT_EQ(rename({"--undo"}).exit_code, 0);
    ASSERT_TRUE(listing() == scenario().original);
  }
}

// 0: right after the journal; 1-3: inside the first swap cycle; 1500: mid-swaps; 3001/3002:
// inside chains; 9999: one before the end.
INSTANTIATE_TEST_SUITE_P(KillPoints, RenameKillTest,
                         ::testing::Values(0, 1, 2, 3, 1500, 3001, 3002, 6000, 9999));

TEST_F(RenameCrashTest, CompleteRunThenUndo) {
  auto applied = rename(apply_args_);
  ASSERT_EQ(applied.exit_code, 0) << applied.err;
  EXPECT_TRUE(listing() == scenario().target);
  ASSERT_EQ(rename({"--undo"}).exit_code, 0);
  EXPECT_TRUE(listing() == scenario().original);
}

bool strace_can_inject() {
  auto probe = run_program({"strace", "-f", "-o", "/dev/null", "-e", "inject=renameat2:error=EIO:when=1000", "true"});
  return probe.exit_code == 0;
}

TEST_F(RenameCrashTest, InjectedRenameErrorsAreReportedPerEntryAndUndoable) {
  if (!strace_can_inject()) GTEST_SKIP() << "strace cannot trace here (no ptrace permission)";
  auto result = run_program(
      {"strace", "-f", "-o", "/dev/null", "-e", "inject=renameat2:error=EIO:when=5+1000",
       gofer_binary().string(), "rename", "--map", "../map.csv", "-x"},
      // LeakSanitizer cannot run under ptrace; an ASan build would abort at exit otherwise.
      {.cwd = work_,
       .env = {{"XDG_STATE_HOME", (dir_.path() / "state").string()},
               {"ASAN_OPTIONS", "detect_leaks=0:abort_on_error=1"}}});
  EXPECT_EQ(result.exit_code, 1) << result.err;
  EXPECT_NE(result.err.find("Input/output error"), std::string::npos) << result.err.substr(0, 500);
  // Ten injected failures; a failure inside a swap also fails its partner (target occupied).
  std::smatch summary;
  ASSERT_TRUE(std::regex_search(result.err, summary, std::regex("renamed (\\d+), failed (\\d+),")));
  int renamed = std::stoi(summary[1]), failed = std::stoi(summary[2]);
  EXPECT_GE(failed, 10);
  EXPECT_EQ(renamed + failed, kFiles);
  auto undo = rename({"--undo"});
  EXPECT_EQ(undo.exit_code, 0) << undo.err;
  EXPECT_TRUE(listing() == scenario().original);
}

}  // namespace
}  // namespace gofer::testing
