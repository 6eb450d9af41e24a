// Terminal facts (TTY, colour) and escaping of hostile names for human-readable output.
#pragma once

#include <string>
#include <string_view>

#include "gofer/error.hpp"

namespace gofer {

enum class ColorMode { kAuto, kAlways, kNever };

[[nodiscard]] Result<ColorMode> parse_color_mode(std::string_view text);
[[nodiscard]] bool is_terminal(int fd);
// kAuto: colour only when `fd` is a TTY and NO_COLOR is unset or empty (no-color.org).
[[nodiscard]] bool use_color(ColorMode mode, int fd);

// Control characters, DEL and bytes of invalid UTF-8 become \xNN (plus \n, \t, \r as such), so
// a file name cannot move the cursor, clear the screen or fake an extra output line.
[[nodiscard]] std::string escape_for_terminal(std::string_view text);

[[nodiscard]] bool is_valid_utf8(std::string_view text);
// Invalid sequences replaced by U+FFFD (one per maximal invalid subpart).
[[nodiscard]] std::string to_valid_utf8(std::string_view text);

}  // namespace gofer
