// scripts/fuzz.sh refuses bad arguments before it builds anything (exit 2, a message naming
// the value), so a typo in a long fuzzing command fails at once.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <vector>

#include "run_binary.hpp"

namespace gofer::testing {
namespace {

RunResult fuzz_sh(const std::vector<std::string>& args, const std::string& fuzz_timeout = "") {
  std::filesystem::path script = std::filesystem::path(GOFER_SOURCE_DIR) / "scripts" / "fuzz.sh";
  std::vector<std::string> argv = {"bash", script.string()};
  argv.insert(argv.end(), args.begin(), args.end());
  RunOptions options;
  if (!fuzz_timeout.empty()) options.env["FUZZ_TIMEOUT"] = fuzz_timeout;
  return run_program(argv, options);
}

TEST(FuzzScriptTest, AnUnknownTargetIsRefused) {
  auto result = fuzz_sh({"no_such_target", "5"});
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_NE(result.err.find("no target 'no_such_target'"), std::string::npos) << result.err;
}

TEST(FuzzScriptTest, SecondsMustBeAWholeNumber) {
  auto result = fuzz_sh({"csv", "ten"});
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_NE(result.err.find("SECONDS must be a whole number, got 'ten'"), std::string::npos)
      << result.err;
}

TEST(FuzzScriptTest, FuzzTimeoutMustBeAWholeNumber) {
  auto result = fuzz_sh({"csv", "5"}, "1.5");
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_NE(result.err.find("FUZZ_TIMEOUT must be a whole number, got '1.5'"), std::string::npos)
      << result.err;
}

}  // namespace
}  // namespace gofer::testing
