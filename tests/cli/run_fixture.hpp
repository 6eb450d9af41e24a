// Shared fixture of the `gofer run` blackbox tests: a job directory, a state directory and a
// loopback HTTP server; jobs run from another working directory, as cron would run them.
#pragma once

#include <chrono>
#include <filesystem>
#include <map>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "http_test_server.hpp"
#include "json_text.hpp"
#include "run_binary.hpp"
#include "temp_dir.hpp"

namespace gofer::testing {

class RunCliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::filesystem::create_directories(dir_.path() / "job");
    std::filesystem::create_directories(dir_.path() / "elsewhere");
  }
  // `gofer ARGS` from elsewhere/, with state in state/ and no proxy variables.
  RunResult gofer(std::vector<std::string> args, std::map<std::string, std::string> env = {}) {
    env.insert({{"XDG_STATE_HOME", (dir_.path() / "state").string()}, {"NO_COLOR", "1"}});
    std::vector<std::string> unset;
    for (const char* name : {"http_proxy", "https_proxy", "HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY",
                             "all_proxy", "no_proxy", "NO_PROXY", "JOB_COMPLETION_INDEX",
                             "SLURM_ARRAY_TASK_ID", "SLURM_ARRAY_TASK_COUNT",
                             "SLURM_ARRAY_TASK_MIN", "AWS_BATCH_JOB_ARRAY_INDEX", "GOFER_SHARDS"}) {
      if (!env.contains(name)) unset.emplace_back(name);
    }
    return run_gofer(
        args,
        {.cwd = dir_.path() / "elsewhere", .env = std::move(env), .unset_env = std::move(unset)});
  }
  // Writes job/NAME and returns its path.
  std::string job(const std::string& text, const std::string& name = "job.toml") {
    return dir_.write("job/" + name, text).string();
  }
  // Files under job/ (relative name -> content), without the job files themselves.
  std::map<std::string, std::string> job_tree(const std::string& under = "") const {
    std::map<std::string, std::string> files;
    std::string prefix = "job/" + under;
    for (auto& [path, content] : dir_.snapshot()) {
      if (path.starts_with(prefix) && !path.ends_with(".toml"))
        files[path.substr(prefix.size())] = content;
    }
    return files;
  }
  static std::vector<nlohmann::json> json_lines(const std::string& out) {
    return parse_json_lines(out);
  }
  static bool contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
  }
  // Polls `done` every 20 ms for up to `limit` (generous: the machine may be busy).
  template <class Done>
  static bool eventually(Done done, std::chrono::seconds limit = std::chrono::seconds(60)) {
    auto deadline = std::chrono::steady_clock::now() + limit;
    while (std::chrono::steady_clock::now() < deadline) {
      if (done()) return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return false;
  }

  TempDir dir_;
  HttpTestServer server_;
};

}  // namespace gofer::testing
