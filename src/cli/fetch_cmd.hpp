// `gofer fetch`.
#pragma once

#include <memory>
#include <string_view>

#include "command.hpp"

namespace gofer::cli {

[[nodiscard]] std::unique_ptr<Command> make_fetch_command();
extern const std::string_view kFetchExamples;

}  // namespace gofer::cli
