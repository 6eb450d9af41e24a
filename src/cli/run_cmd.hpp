// `gofer run JOB.toml`.
#pragma once

#include <memory>
#include <string_view>

#include "command.hpp"

namespace gofer::cli {

extern const std::string_view kRunExamples;
[[nodiscard]] std::unique_ptr<Command> make_run_command();

}  // namespace gofer::cli
