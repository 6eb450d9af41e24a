// `gofer completions SHELL`.
#pragma once

#include <memory>

#include "command.hpp"

namespace gofer::cli {

[[nodiscard]] std::unique_ptr<Command> make_completions_command();

}  // namespace gofer::cli
