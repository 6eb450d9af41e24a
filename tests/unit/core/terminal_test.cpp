#include "gofer/terminal.hpp"

#include <cstdlib>

#include <gtest/gtest.h>

#include "matchers.hpp"

namespace gofer {
namespace {

TEST(EscapeForTerminalTest, PlainAndUnicodeNamesUnchanged) {
  EXPECT_EQ(escape_for_terminal("Sales Report 2024.CSV"), "Sales Report 2024.CSV");
  EXPECT_EQ(escape_for_terminal("Crème Brûlée 🍮.txt"), "Crème Brûlée 🍮.txt");
}

TEST(EscapeForTerminalTest, ControlCharactersEscaped) {
  EXPECT_EQ(escape_for_terminal("a\x1b[2Jb"), "a\\x1b[2Jb");
  EXPECT_EQ(escape_for_terminal("line1\nline2\t\r"), "line1\\nline2\\t\\r");
  EXPECT_EQ(escape_for_terminal(std::string("nul\0x", 5)), "nul\\x00x");
  EXPECT_EQ(escape_for_terminal("del\x7f"), "del\\x7f");
}

TEST(EscapeForTerminalTest, C1ControlsEscaped) {
  EXPECT_EQ(escape_for_terminal("a\xc2\x9b" "31mb"), "a\\xc2\\x9b31mb");
}

TEST(EscapeForTerminalTest, InvalidUtf8BytesEscaped) {
  EXPECT_EQ(escape_for_terminal("caf\xe9.txt"), "caf\\xe9.txt");
  EXPECT_EQ(escape_for_terminal("\xff\xfe"), "\\xff\\xfe");
}

TEST(Utf8Test, Validation) {
  EXPECT_TRUE(is_valid_utf8("ärger"));
  EXPECT_FALSE(is_valid_utf8("caf\xe9"));
  EXPECT_FALSE(is_valid_utf8("\xed\xa0\x80"));  // surrogate
  EXPECT_EQ(to_valid_utf8("caf\xe9!"), "caf\xEF\xBF\xBD!");
}

TEST(ColorTest, ParseModes) {
  EXPECT_EQ(parse_color_mode("always").value(), ColorMode::kAlways);
  EXPECT_EQ(parse_color_mode("never").value(), ColorMode::kNever);
  EXPECT_THAT(parse_color_mode("sometimes"), testing::ErrorIs(ErrorCategory::kInvalidArgument));
}

TEST(ColorTest, AutoHonoursNoColorAndTty) {
  ::setenv("NO_COLOR", "1", 1);
  EXPECT_FALSE(use_color(ColorMode::kAuto, 1));
  EXPECT_TRUE(use_color(ColorMode::kAlways, 1));
  ::unsetenv("NO_COLOR");
  int pipe_fds[2];
  ASSERT_EQ(::pipe(pipe_fds), 0);
  EXPECT_FALSE(use_color(ColorMode::kAuto, pipe_fds[1]));  // a pipe is not a TTY
  ::close(pipe_fds[0]);
  ::close(pipe_fds[1]);
}

}  // namespace
}  // namespace gofer
