// Runs the real gofer binary (from $GOFER_BIN, else the one just built) and captures
// stdout, stderr and the exit code.
#pragma once

#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace gofer::testing {

struct RunResult {
  int exit_code = -1;  // 128 + signal if killed by a signal
  std::string out;
  std::string err;
};

struct RunOptions {
  std::filesystem::path cwd;                    // default: current directory
  std::map<std::string, std::string> env;       // added to (or overriding) the environment
  std::vector<std::string> unset_env;           // removed from the environment
  std::string stdin_data;
};

[[nodiscard]] std::filesystem::path gofer_binary();
[[nodiscard]] RunResult run_gofer(const std::vector<std::string>& args,
                                  const RunOptions& options = {});
// A summary line's time, the last "(<seconds> s)" in `text`, becomes "(T s)": stderr of a
// command that reports its duration then compares exactly.
[[nodiscard]] std::string mask_seconds(std::string text);
// Runs any program (argv[0] is looked up in PATH).
[[nodiscard]] RunResult run_program(const std::vector<std::string>& argv,
                                    const RunOptions& options = {});

}  // namespace gofer::testing
