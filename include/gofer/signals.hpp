// Process-wide signal policy: Ctrl-C stops cleanly, a second one stops at once, and a closed
// stdout pipe ends the run quietly with exit 0.
#pragma once

namespace gofer {

void install_signal_handlers();
// True once SIGINT or SIGTERM arrived: stop taking new work, finish the item in flight.
[[nodiscard]] bool stop_requested();
// For tests and for code that wants to stop itself the same way.
void request_stop();
void reset_stop_request();

}  // namespace gofer
