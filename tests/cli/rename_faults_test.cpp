// Injected I/O faults in `gofer rename -x` and `--undo`: the journal's write, fsync and
// rename, the entries' renames, opening files. Whatever call fails, the run exits 1 naming
// the error, the journal stays consistent and `--undo` (repeated until it succeeds) restores
// every original name; then no temporary name or journal file is left.
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "fault_injection.hpp"
#include "run_binary.hpp"
#include "temp_dir.hpp"

namespace gofer::testing {
namespace {

namespace fs = std::filesystem;
using Listing = std::map<std::string, std::string>;  // name -> content

constexpr int kFiles = 30;

class RenameFaultTest : public ::testing::TestWithParam<Fault> {
 protected:
  void SetUp() override {
    if (!strace_can_inject()) GTEST_SKIP() << "strace cannot trace here (no ptrace permission)";
    if (binary_is_emulated()) GTEST_SKIP() << "the binary runs under an emulator: its calls are not aimable";
    work_ = dir_.path() / "work";
    fs::create_directories(work_);
    // Swaps (cycles through a temp name), a chain and plain renames; file i holds its name.
    std::string map = "old,new\n";
    for (int i = 0; i < kFiles; ++i) original_[fmt::format("f{:02}", i)] = fmt::format("f{:02}", i);
    for (int i = 0; i < 6; i += 2) {
      map += fmt::format("f{:02},f{:02}\nf{:02},f{:02}\n", i, i + 1, i + 1, i);
    }
    map += "f06,f07\nf07,f08\nf08,g08\n";
    for (int i = 9; i < kFiles; ++i) map += fmt::format("f{:02},renamed {:02}.txt\n", i, i);
    dir_.write("map.csv", map);
    reset_tree();
  }
  void reset_tree() {
    fs::remove_all(work_);
    fs::remove_all(dir_.path() / "state");
    fs::create_directories(work_);
    for (const auto& [name, content] : original_) dir_.write("work/" + name, content);
  }
  std::vector<std::string> argv(std::vector<std::string> args) const {
    args.insert(args.begin(), {gofer_binary().string(), "rename"});
    return args;
  }
  RunOptions options() const {
    return {.cwd = work_, .env = {{"XDG_STATE_HOME", (dir_.path() / "state").string()}}};
  }
  RunResult rename(std::vector<std::string> args) {
    return run_program(argv(std::move(args)), options());
  }
  Listing listing() const {
    Listing out;
    for (const auto& [path, content] : dir_.snapshot()) {
      if (path.starts_with("work/")) out[path.substr(5)] = content;
    }
    return out;
  }
  // After a failed run: nothing temporary in the state directory, and --undo (retried while
  // it reports progress) brings back every original name.
  // (A cycle's entry may wait under its temp name for the next --undo.)
  void expect_undo_restores() {
    for (int attempt = 0; attempt < 3 && listing() != original_; ++attempt) {
      auto undo = rename({"--undo"});
      EXPECT_EQ(undo.exit_code, 0) << undo.err;
    }
    EXPECT_TRUE(listing() == original_) << "--undo did not restore the original names";
    for (const auto& [path, content] : dir_.snapshot()) {
      EXPECT_EQ(path.find(".gofer-tmp-"), std::string::npos) << "temporary file left: " << path;
    }
  }
  const std::vector<std::string> apply_{"--map", "../map.csv", "-x"};
  TempDir dir_;
  fs::path work_;
  Listing original_;
};

class RenameApplyFaultTest : public RenameFaultTest {};
class RenameUndoFaultTest : public RenameFaultTest {};

TEST_P(RenameApplyFaultTest, FailsCleanlyAndUndoRestores) {
  auto result = run_with_fault(GetParam(), argv(apply_), options(), [this] { reset_tree(); });
  ASSERT_TRUE(result) << "no such call: " << ::testing::PrintToString(GetParam());
  EXPECT_EQ(result->exit_code, 1) << result->err;
  EXPECT_NE(result->err.find(error_text(GetParam().error)), std::string::npos) << result->err;
  expect_undo_restores();
}

TEST_P(RenameUndoFaultTest, FailsCleanlyAndAnotherUndoRestores) {
  ASSERT_EQ(rename(apply_).exit_code, 0);
  // The dry run undid the run: apply it again from the original tree.
  auto reapply = [this] {
    reset_tree();
    ASSERT_EQ(rename(apply_).exit_code, 0);
  };
  auto result = run_with_fault(GetParam(), argv({"--undo"}), options(), reapply);
  ASSERT_TRUE(result) << "no such call: " << ::testing::PrintToString(GetParam());
  EXPECT_EQ(result->exit_code, 1) << result->err;
  EXPECT_NE(result->err.find(error_text(GetParam().error)), std::string::npos) << result->err;
  expect_undo_restores();
}

// The journal is written to a temp file (".ID.journal.gofer-tmp-XXXXXX"), fsync'd, renamed;
// its last lines are appended to ID.journal. Entries move with renameat2 (RENAME_NOREPLACE).
INSTANTIATE_TEST_SUITE_P(
    Injected, RenameApplyFaultTest,
    ::testing::Values(Fault{"write", "ENOSPC", ".journal", Which::kFirst},
                      Fault{"write", "EIO", ".journal", Which::kLast},
                      Fault{"fsync", "EIO", ".journal", Which::kFirst},
                      Fault{"fsync", "EIO", ".journal", Which::kLast},
                      Fault{"rename", "EIO", ".journal", Which::kFirst},
                      Fault{"renameat2", "EIO", "renameat2(", Which::kFirst},
                      Fault{"renameat2", "EIO", "renameat2(", Which::kMiddle},
                      Fault{"renameat2", "EXDEV", "renameat2(", Which::kMiddle},
                      Fault{"renameat2", "EACCES", "renameat2(", Which::kLast},
                      Fault{"openat", "EMFILE", ".journal", Which::kFirst},
                      Fault{"openat", "EMFILE", ".journal", Which::kLast}),
    fault_name);

INSTANTIATE_TEST_SUITE_P(
    Injected, RenameUndoFaultTest,
    ::testing::Values(Fault{"renameat2", "EIO", "renameat2(", Which::kFirst},
                      Fault{"renameat2", "EXDEV", "renameat2(", Which::kMiddle},
                      Fault{"renameat2", "EACCES", "renameat2(", Which::kLast},
                      Fault{"write", "ENOSPC", ".journal", Which::kLast},
                      Fault{"fsync", "EIO", ".journal", Which::kLast},
                      Fault{"openat", "EMFILE", ".journal", Which::kFirst}),
    fault_name);

}  // namespace
}  // namespace gofer::testing
