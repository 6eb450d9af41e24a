// `gofer rename`.
#pragma once

#include <memory>

#include "command.hpp"

namespace gofer::cli {

[[nodiscard]] std::unique_ptr<Command> make_rename_command();
extern const std::string_view kRenameExamples;

}  // namespace gofer::cli
