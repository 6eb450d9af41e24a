// Shared fixture of the `gofer fetch` blackbox tests: a temp dir, a loopback server, helpers.
#pragma once

#include <chrono>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "http_test_server.hpp"
#include "json_text.hpp"
#include "run_binary.hpp"
#include "temp_dir.hpp"

namespace gofer::testing {

class FetchCliTest : public ::testing::Test {
 protected:
  // Runs `gofer fetch ARGS` in work/, downloading into work/out, with state in state/.
  // Backoff is shortened (hidden --retry-base) so retry tests take milliseconds. Proxy
  // variables are removed unless `env` sets them.
  RunResult fetch(std::vector<std::string> args, const std::string& stdin_data = "",
                  std::map<std::string, std::string> env = {}) {
    args.insert(args.begin(), {"fetch", "--retry-base", "0.01"});
    env.insert({{"XDG_STATE_HOME", state_.string()}, {"NO_COLOR", "1"}});
    std::vector<std::string> unset;
    for (const char* name : {"http_proxy", "https_proxy", "HTTP_PROXY", "HTTPS_PROXY",
                             "ALL_PROXY", "all_proxy", "no_proxy", "NO_PROXY"}) {
      if (!env.contains(name)) unset.emplace_back(name);
    }
    auto start = std::chrono::steady_clock::now();
    RunResult result = run_gofer(args, {.cwd = work_, .env = std::move(env),
                                        .unset_env = std::move(unset),
                                        .stdin_data = stdin_data});
    last_seconds_ = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    return result;
  }
  void SetUp() override {
    work_ = dir_.path() / "work";
    state_ = dir_.path() / "state";
    std::filesystem::create_directories(work_ / "out");
  }
  // Files under work/out (relative name -> content).
  std::map<std::string, std::string> out_files() const {
    std::map<std::string, std::string> files;
    for (auto& [path, content] : dir_.snapshot()) {
      if (path.starts_with("work/out/")) files[path.substr(9)] = content;
    }
    return files;
  }
  static std::vector<nlohmann::json> json_lines(const std::string& out) {
    return parse_json_lines(out);
  }
  static bool contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
  }

  TempDir dir_;
  std::filesystem::path work_, state_;
  HttpTestServer server_;
  double last_seconds_ = 0;
};

}  // namespace gofer::testing
