// Process-wide signal policy: the first SIGINT/SIGTERM stops cleanly (exit 130/143), a second
// one ends the process at once by the signal's default action, and a closed stdout pipe ends
// the run quietly with exit 0.
#pragma once

#include "gofer/error.hpp"
#include "gofer/exit_code.hpp"

namespace gofer {

void install_signal_handlers();
// True once SIGINT or SIGTERM arrived: stop taking new work, finish the item in flight.
[[nodiscard]] bool stop_requested();
// For tests and for code that wants to stop itself the same way.
void request_stop();
void reset_stop_request();
// The exit code of a run that stopped early: 143 (128 + SIGTERM) when SIGTERM stopped it,
// else 130 (SIGINT, or a stop the program asked for itself).
[[nodiscard]] ExitCode interrupted_exit_code();
// Blocks until `fd` can be read without blocking, or fails with kInterrupted once a stop is
// requested: a read of a pipe or terminal that never gets data still ends on Ctrl-C (the
// handlers restart interrupted system calls, so read() alone would wait on).
[[nodiscard]] Status wait_readable_or_stop(int fd);

}  // namespace gofer
