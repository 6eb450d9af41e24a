// Signal handlers; only async-signal-safe calls are made inside them.
#include "gofer/signals.hpp"

#include <signal.h>
#include <unistd.h>

#include <atomic>

#include "gofer/exit_code.hpp"

namespace gofer {
namespace {

std::atomic<bool> g_stop_requested{false};

extern "C" void on_stop_signal(int /*signal*/) {
  if (g_stop_requested.exchange(true)) {
    ::_exit(to_int(ExitCode::kInterrupted));  // second signal: the user insists
  }
}

extern "C" void on_broken_pipe(int /*signal*/) {
  // `gofer ... | head` is normal use: the reader has what it wanted.
  ::_exit(to_int(ExitCode::kOk));
}

void set_handler(int signal_number, void (*handler)(int)) {
  struct sigaction action {};
  action.sa_handler = handler;
  sigemptyset(&action.sa_mask);
  action.sa_flags = SA_RESTART;
  ::sigaction(signal_number, &action, nullptr);
}

}  // namespace

void install_signal_handlers() {
  set_handler(SIGINT, on_stop_signal);
  set_handler(SIGTERM, on_stop_signal);
  set_handler(SIGPIPE, on_broken_pipe);
}

bool stop_requested() { return g_stop_requested.load(std::memory_order_relaxed); }
void request_stop() { g_stop_requested.store(true); }
void reset_stop_request() { g_stop_requested.store(false); }

}  // namespace gofer
