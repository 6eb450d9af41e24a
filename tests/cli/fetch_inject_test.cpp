// Injected I/O faults in `gofer fetch`: the .part writes, its fsync, the rename into place,
// the directory fsync, the --refresh state file, opening files. Whatever call fails, the run
// exits 1 naming the error, no final name holds an incomplete file, and the next run (without
// the fault) completes every download and leaves no .part or temporary file.
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "fault_injection.hpp"
#include "fetch_fixture.hpp"

namespace gofer::testing {
namespace {

namespace fs = std::filesystem;

// One file of 2,500,000 bytes: its .part takes ten writes (gathered into 256 KiB, file_sink.cpp),
// the last of them when the body is complete. One file and one event-loop
// thread (--threads 1), because strace counts calls per thread: with two loops either may
// open and write the .part, so the dry run's call number would aim at nothing; and several
// overlapping transfers write .part files, --refresh records and status lines in an order
// that depends on timing.
constexpr size_t kSize = 2500000;

class FetchFaultTest : public FetchCliTest, public ::testing::WithParamInterface<Fault> {
 protected:
  void SetUp() override {
    if (!strace_can_inject()) GTEST_SKIP() << "strace cannot trace here (no ptrace permission)";
    if (binary_is_emulated()) GTEST_SKIP() << "the binary runs under an emulator: its calls are not aimable";
    FetchCliTest::SetUp();
  }
  std::vector<std::string> args() {
    std::vector<std::string> args{"fetch",     "--retry-base", "0.01", "--threads", "1",
                                  "--refresh", "-d",           "out"};
    args.push_back(server_.url(fmt::format("/file/{}/a", kSize)));
    return args;
  }
  std::vector<std::string> argv() {
    std::vector<std::string> argv = args();
    argv.insert(argv.begin(), gofer_binary().string());
    return argv;
  }
  RunOptions options() const {
    return {.cwd = work_,
            .env = {{"XDG_STATE_HOME", state_.string()}, {"NO_COLOR", "1"}},
            .unset_env = {"http_proxy", "https_proxy", "HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY",
                          "all_proxy", "no_proxy", "NO_PROXY"}};
  }
  // The dry run downloaded everything: start over.
  void reset() {
    fs::remove_all(work_ / "out");
    fs::remove_all(state_);
    fs::create_directories(work_ / "out");
  }
  void expect_no_incomplete_file() {
    for (const auto& [name, content] : out_files()) {
      if (name.ends_with(".part")) continue;  // kept for the next run to resume
      EXPECT_EQ(name.find(".gofer-tmp-"), std::string::npos) << "temporary file left: " << name;
      EXPECT_TRUE(content == HttpTestServer::body(kSize))
          << name << " is incomplete (" << content.size() << " bytes)";
    }
  }
  void expect_next_run_completes() {
    auto again = run_program(argv(), options());
    EXPECT_EQ(again.exit_code, 0) << again.err;
    std::map<std::string, std::string> expected{{"a", HttpTestServer::body(kSize)}};
    EXPECT_TRUE(out_files() == expected) << "left after the next run: " << out_files().size()
                                         << " files";
    for (const auto& [path, content] : dir_.snapshot()) {
      EXPECT_EQ(path.find(".gofer-tmp-"), std::string::npos) << "temporary file left: " << path;
    }
  }
};

TEST_P(FetchFaultTest, FailsCleanlyAndTheNextRunCompletes) {
  auto result = run_with_fault(GetParam(), argv(), options(), [this] { reset(); });
  ASSERT_TRUE(result) << "no such call: " << ::testing::PrintToString(GetParam());
  EXPECT_EQ(result->exit_code, 1) << result->err;
  EXPECT_NE(result->err.find(error_text(GetParam().error)), std::string::npos) << result->err;
  expect_no_incomplete_file();
  expect_next_run_completes();
}

// strace -y prints each fd with its path: "x.part>" is a .part file, "/out>" the -d directory.
// One file is fsync'd, renamed and its directory fsync'd once: first is also last.
INSTANTIATE_TEST_SUITE_P(
    Injected, FetchFaultTest,
    ::testing::Values(Fault{"write", "ENOSPC", ".part>", Which::kFirst},
                      Fault{"write", "ENOSPC", ".part>", Which::kMiddle},
                      Fault{"write", "EIO", ".part>", Which::kMiddle},
                      Fault{"write", "ENOSPC", ".part>", Which::kLast},
                      Fault{"fsync", "EIO", ".part>", Which::kFirst},
                      Fault{"fsync", "EIO", "/out>", Which::kFirst},
                      Fault{"renameat", "EIO", ".part\"", Which::kFirst},
                      Fault{"renameat", "EXDEV", ".part\"", Which::kFirst},
                      Fault{"renameat", "EACCES", ".part\"", Which::kFirst},
                      Fault{"openat", "EMFILE", ".part\"", Which::kFirst},
                      Fault{"openat", "EMFILE", ".part\"", Which::kLast}),
    fault_name);

// The --refresh record is written after the file is committed; failing to write it costs only
// a full download next time (engine.cpp), so the run still succeeds, with a warning that names
// the URL and the error, and leaves no temp file.
// Only calls no other thread makes at the same count are targets: the record's rename(2) (the
// .part uses renameat) and its open. Its write and fsync share their per-thread numbers with
// the .part's (the number of .part writes depends on how TCP cuts the body).
class FetchStateFaultTest : public FetchFaultTest {};

TEST_P(FetchStateFaultTest, DownloadsStayCompleteAndTheNextRunCompletes) {
  auto result = run_with_fault(GetParam(), argv(), options(), [this] { reset(); });
  ASSERT_TRUE(result) << "no such call: " << ::testing::PrintToString(GetParam());
  EXPECT_EQ(result->exit_code, 0) << result->err;
  EXPECT_NE(result->err.find("warning: http://127.0.0.1:"), std::string::npos) << result->err;
  EXPECT_NE(result->err.find("validators were not recorded"), std::string::npos) << result->err;
  EXPECT_NE(result->err.find(error_text(GetParam().error)), std::string::npos) << result->err;
  expect_no_incomplete_file();
  expect_next_run_completes();
}

INSTANTIATE_TEST_SUITE_P(
    Injected, FetchStateFaultTest,
    ::testing::Values(Fault{"rename", "EIO", "/state/", Which::kFirst},
                      Fault{"rename", "EACCES", "/state/", Which::kFirst},
                      Fault{"openat", "EMFILE", "/state/", Which::kFirst}),
    fault_name);

}  // namespace
}  // namespace gofer::testing
