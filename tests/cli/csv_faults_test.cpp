// Injected I/O faults in `gofer csv normalize` (-o, --in-place, --out-dir -j): whatever call
// fails, the run exits 1 naming the file and the error, the input is untouched, no final name
// holds an incomplete file and no temporary file is left; a real full tmpfs too.
#include <filesystem>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "csv_cli_fixture.hpp"
#include "fault_injection.hpp"

namespace gofer::testing {
namespace {

namespace fs = std::filesystem;

// Semicolon-separated with CRLF, so that normalize changes every line; 40,000 rows (~1.3 MB)
// make the output several writes long.
std::string messy_csv(int rows) {
  std::string text = "id;name;amount\r\n";
  for (int i = 0; i < rows; ++i) text += fmt::format("{};row number {};{}.5\r\n", i, i, i * 3);
  return text;
}

class CsvFaultTest : public CsvCliFixture, public ::testing::WithParamInterface<Fault> {
 protected:
  void SetUp() override {
    if (!strace_can_inject()) GTEST_SKIP() << "strace cannot trace here (no ptrace permission)";
    if (binary_is_emulated()) GTEST_SKIP() << "the binary runs under an emulator: its calls are not aimable";
    input_ = messy_csv(40000);
    for (const char* name : {"a.csv", "b.csv", "c.csv"}) dir_.write(name, input_);
    auto clean = gofer({"normalize", "a.csv", "-o", "expected.csv"});
    ASSERT_EQ(clean.exit_code, 0) << clean.err;
    expected_ = dir_.read("expected.csv");
    fs::remove(dir_.path() / "expected.csv");
  }
  // Runs `gofer csv ARGS` with GetParam()'s fault; false when no call matched. One thread
  // per file: the default count follows the machine's load, so the dry run and the faulty run
  // could split the writes differently and the aimed call would never come.
  bool run_with(const std::vector<std::string>& args, RunResult& result, bool threaded = false) {
    std::vector<std::string> argv{gofer_binary().string(), "csv"};
    argv.insert(argv.end(), args.begin(), args.end());
    argv.insert(argv.end(), {"--threads", "1"});
    auto faulty = run_with_fault(GetParam(), argv, {.cwd = dir_.path()},
                                 [this] { clean_outputs(); }, threaded);
    if (faulty) result = std::move(*faulty);
    return faulty.has_value();
  }
  // The dry run wrote outputs; the faulty run must start from the same state.
  void clean_outputs() {
    for (const auto& entry : fs::recursive_directory_iterator(dir_.path())) {
      std::string name = entry.path().filename().string();
      if (name != "a.csv" && name != "b.csv" && name != "c.csv" && entry.is_regular_file()) {
        fs::remove(entry.path());
      }
    }
    for (const char* name : {"a.csv", "b.csv", "c.csv"}) dir_.write(name, input_);
  }
  void expect_failure_reported(const RunResult& result) {
    EXPECT_EQ(result.exit_code, 1) << result.err;
    EXPECT_NE(result.err.find(error_text(GetParam().error)), std::string::npos) << result.err;
  }
  // Every file is an untouched input or a complete output; nothing temporary is left.
  void expect_consistent_tree() {
    for (const auto& [path, content] : dir_.snapshot()) {
      if (content == "<dir>") continue;
      EXPECT_EQ(path.find(".gofer-tmp-"), std::string::npos) << "temporary file left: " << path;
      std::string name = fs::path(path).filename().string();
      bool input = name == "a.csv" || name == "b.csv" || name == "c.csv";
      if (input && fs::path(path).parent_path().empty()) {
        EXPECT_TRUE(content == input_ || content == expected_) << path << " is damaged";
      } else if (path.find(".gofer-tmp-") == std::string::npos) {
        EXPECT_TRUE(content == expected_) << path << " is incomplete (" << content.size()
                                          << " of " << expected_.size() << " bytes)";
      }
    }
  }
  std::string input_, expected_;
};

TEST_P(CsvFaultTest, OutputFile) {
  RunResult result;
  ASSERT_TRUE(run_with({"normalize", "a.csv", "-o", "out.csv"}, result)) << "no such call";
  expect_failure_reported(result);
  EXPECT_TRUE(result.err.find("out.csv") != std::string::npos ||
              result.err.find("a.csv") != std::string::npos)
      << result.err;
  EXPECT_FALSE(fs::exists(dir_.path() / "out.csv") && dir_.read("out.csv") != expected_);
  EXPECT_EQ(dir_.read("a.csv"), input_);
  expect_consistent_tree();
}

TEST_P(CsvFaultTest, InPlace) {
  RunResult result;
  ASSERT_TRUE(run_with({"normalize", "--in-place", "a.csv"}, result)) << "no such call";
  expect_failure_reported(result);
  EXPECT_NE(result.err.find("a.csv"), std::string::npos) << result.err;
  std::string now = dir_.read("a.csv");
  EXPECT_TRUE(now == input_ || now == expected_) << "a.csv is damaged";
  expect_consistent_tree();
}

class CsvParallelFaultTest : public CsvFaultTest {};

TEST_P(CsvParallelFaultTest, OutDirInParallel) {
  RunResult result;
  ASSERT_TRUE(run_with({"normalize", "-j", "2", "--out-dir", "clean", "a.csv", "b.csv", "c.csv"},
                       result, true))
      << "no such call";
  expect_failure_reported(result);
  EXPECT_NE(result.err.find(".csv"), std::string::npos) << result.err;
  expect_consistent_tree();
  // The files that failed are done by the next run.
  auto again = gofer({"normalize", "-q", "-j", "2", "--out-dir", "clean", "a.csv", "b.csv", "c.csv"});
  EXPECT_EQ(again.exit_code, 0) << again.err;
  for (const char* name : {"a.csv", "b.csv", "c.csv"}) {
    EXPECT_EQ(dir_.read(std::string("clean/") + name), expected_) << name;
  }
}

// The output's temporary file carries ".gofer-tmp-" in its name (-y shows the fd's path);
// the input is opened by name.
INSTANTIATE_TEST_SUITE_P(
    Injected, CsvFaultTest,
    ::testing::Values(Fault{"write", "ENOSPC", ".gofer-tmp-", Which::kFirst},
                      Fault{"write", "ENOSPC", ".gofer-tmp-", Which::kMiddle},
                      Fault{"write", "ENOSPC", ".gofer-tmp-", Which::kLast},
                      Fault{"write", "EIO", ".gofer-tmp-", Which::kMiddle},
                      Fault{"fsync", "EIO", ".gofer-tmp-", Which::kFirst},
                      Fault{"fsync", "EIO", ".gofer-tmp-", Which::kLast},
                      Fault{"rename", "EIO", ".gofer-tmp-", Which::kFirst},
                      Fault{"rename", "EXDEV", ".gofer-tmp-", Which::kMiddle},
                      Fault{"rename", "EACCES", ".gofer-tmp-", Which::kLast},
                      Fault{"openat", "EMFILE", ".gofer-tmp-", Which::kFirst},
                      Fault{"openat", "EMFILE", ".gofer-tmp-", Which::kLast},
                      Fault{"openat", "EMFILE", "a.csv\"", Which::kFirst}),
    fault_name);

// Opening happens before a thread's first file too (libraries, inputs), so an open has no
// stable number with several threads; OutputFile and InPlace cover it.
INSTANTIATE_TEST_SUITE_P(
    Injected, CsvParallelFaultTest,
    ::testing::Values(Fault{"write", "ENOSPC", ".gofer-tmp-", Which::kFirst},
                      Fault{"write", "ENOSPC", ".gofer-tmp-", Which::kLast},
                      Fault{"write", "EIO", ".gofer-tmp-", Which::kMiddle},
                      Fault{"fsync", "EIO", ".gofer-tmp-", Which::kFirst},
                      Fault{"rename", "EIO", ".gofer-tmp-", Which::kFirst},
                      Fault{"rename", "EXDEV", ".gofer-tmp-", Which::kMiddle},
                      Fault{"rename", "EACCES", ".gofer-tmp-", Which::kLast}),
    fault_name);

// A real full filesystem: a 256 KiB tmpfs in a private mount namespace (unshare -rm).
TEST_F(CsvCliFixture, FullTmpfsLeavesNoPartialOutput) {
  if (run_program({"unshare", "-rm", "true"}).exit_code != 0) {
    GTEST_SKIP() << "cannot create a mount namespace here (unshare -rm): no tmpfs test";
  }
  dir_.write("big.csv", messy_csv(40000));
  fs::create_directories(dir_.path() / "small");
  // Lists what the tmpfs holds after the run, before the namespace (and the tmpfs) ends.
  std::string script = fmt::format(
      "mount -t tmpfs -o size=256k tmpfs small || exit 99; '{}' csv normalize big.csv -o "
      "small/out.csv; status=$?; ls -A small; exit $status",
      gofer_binary().string());
  auto result = run_program({"unshare", "-rm", "sh", "-c", script}, {.cwd = dir_.path()});
  if (result.exit_code == 99) GTEST_SKIP() << "cannot mount a tmpfs here: " << result.err;
  EXPECT_EQ(result.exit_code, 1) << result.err;
  EXPECT_NE(result.err.find("small/out.csv"), std::string::npos) << result.err;
  EXPECT_NE(result.err.find("No space left on device"), std::string::npos) << result.err;
  EXPECT_EQ(result.out, "") << "left on the full filesystem";
  EXPECT_EQ(dir_.read("big.csv"), messy_csv(40000));
}

}  // namespace
}  // namespace gofer::testing
