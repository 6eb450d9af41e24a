// The fixture of the `gofer csv` blackbox tests: a temp dir to run `gofer csv ...` in.
#pragma once

#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "run_binary.hpp"
#include "temp_dir.hpp"

namespace gofer::testing {

class CsvCliFixture : public ::testing::Test {
 protected:
  RunResult gofer(std::vector<std::string> args, std::string stdin_data = {}) {
    args.insert(args.begin(), "csv");
    return run_gofer(args, {.cwd = dir_.path(), .stdin_data = std::move(stdin_data)});
  }
  TempDir dir_;
};

}  // namespace gofer::testing
