// "did you mean ..." for mistyped command names.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "command.hpp"

namespace gofer::cli {

[[nodiscard]] size_t edit_distance(std::string_view a, std::string_view b);
// nullopt when `word` names a command; otherwise "unknown command 'x'" plus a suggestion.
[[nodiscard]] std::optional<std::string> unknown_command_message(
    std::string_view word, std::span<const CommandEntry> commands);

}  // namespace gofer::cli
