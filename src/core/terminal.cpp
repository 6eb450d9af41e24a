// TTY/colour decisions and name escaping.
#include "gofer/terminal.hpp"

#include <unistd.h>
#include <utf8proc.h>

#include <cstdlib>

#include <fmt/format.h>

namespace gofer {
namespace {

// Length of the valid UTF-8 sequence starting at text[pos], or 0 if invalid there.
size_t valid_sequence_length(std::string_view text, size_t pos) {
  utf8proc_int32_t codepoint = 0;
  auto length = utf8proc_iterate(reinterpret_cast<const utf8proc_uint8_t*>(text.data() + pos),
                                 static_cast<utf8proc_ssize_t>(text.size() - pos), &codepoint);
  return length > 0 ? static_cast<size_t>(length) : 0;
}

void append_escaped_byte(std::string& out, unsigned char byte) {
  switch (byte) {
    case '\n': out += "\\n"; return;
    case '\t': out += "\\t"; return;
    case '\r': out += "\\r"; return;
    default: out += fmt::format("\\x{:02x}", byte);
  }
}

}  // namespace

Result<ColorMode> parse_color_mode(std::string_view text) {
  if (text == "auto") return ColorMode::kAuto;
  if (text == "always") return ColorMode::kAlways;
  if (text == "never") return ColorMode::kNever;
  return fail(ErrorCategory::kInvalidArgument,
              fmt::format("--color: expected auto, always or never, got '{}'", text));
}

bool is_terminal(int fd) { return ::isatty(fd) == 1; }

bool use_color(ColorMode mode, int fd) {
  if (mode == ColorMode::kAlways) return true;
  if (mode == ColorMode::kNever) return false;
  const char* no_color = std::getenv("NO_COLOR");
  if (no_color != nullptr && no_color[0] != '\0') return false;
  return is_terminal(fd);
}

std::string escape_for_terminal(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  size_t pos = 0;
  while (pos < text.size()) {
    auto byte = static_cast<unsigned char>(text[pos]);
    if (byte >= 0x20 && byte < 0x7f) {
      out += static_cast<char>(byte);
      ++pos;
      continue;
    }
    size_t length = byte >= 0x80 ? valid_sequence_length(text, pos) : 0;
    // C1 controls (U+0080..U+009F) are as dangerous as C0 ones on many terminals.
    bool c1_control = length == 2 && byte == 0xc2 && static_cast<unsigned char>(text[pos + 1]) < 0xa0;
    if (length > 0 && !c1_control) {
      out.append(text.substr(pos, length));
      pos += length;
    } else {
      append_escaped_byte(out, byte);
      ++pos;
    }
  }
  return out;
}

bool is_valid_utf8(std::string_view text) {
  for (size_t pos = 0; pos < text.size();) {
    if (static_cast<unsigned char>(text[pos]) < 0x80) {
      ++pos;
      continue;
    }
    size_t length = valid_sequence_length(text, pos);
    if (length == 0) return false;
    pos += length;
  }
  return true;
}

std::string to_valid_utf8(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t pos = 0; pos < text.size();) {
    size_t length = static_cast<unsigned char>(text[pos]) < 0x80 ? 1 : valid_sequence_length(text, pos);
    if (length == 0) {
      out += "\xEF\xBF\xBD";
      ++pos;
    } else {
      out.append(text.substr(pos, length));
      pos += length;
    }
  }
  return out;
}

}  // namespace gofer
