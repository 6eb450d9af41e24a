// Injected system call failures for blackbox tests: strace's `-e inject`, aimed at one call
// found by a dry run (the first, a middle or the last call that touches a given path).
#pragma once

#include <functional>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "run_binary.hpp"

namespace gofer::testing {

// Whether strace runs and can inject here (ptrace may be forbidden in a container).
[[nodiscard]] bool strace_can_inject();
// Whether GOFER_BIN runs under an emulator (check-release sets GOFER_TEST_EMULATOR for the
// aarch64 suite under qemu): strace then sees the emulator's host calls (renameat for rename,
// its own opens and writes), so a call aimed by number hits something else.
[[nodiscard]] bool binary_is_emulated();

// One traced call: its thread, its 1-based number among that thread's calls of the same
// system call (what strace's `when=` counts), and the line strace printed (fds as paths).
struct TracedCall {
  int thread = 0;
  size_t number = 0;
  std::string text;
};

// Runs `argv` under `strace -f -y -e trace=SYSCALL` and returns every call of SYSCALL.
[[nodiscard]] std::vector<TracedCall> trace_calls(const std::string& syscall,
                                                  const std::vector<std::string>& argv,
                                                  const RunOptions& options);

enum class Which { kFirst, kMiddle, kLast };
[[nodiscard]] const char* to_string(Which which);
// The first, middle or last of the calls whose text contains `fragment`; nullptr if none.
[[nodiscard]] const TracedCall* pick_call(const std::vector<TracedCall>& calls,
                                          const std::string& fragment, Which which);
// The file the first call with `fragment` works on (the "<path>" strace -y gives its fd, or
// its first quoted argument); empty if none. Worker threads each count their own calls, so
// with several threads only the calls on the first file of a thread have a number that
// means the same call in every run.
[[nodiscard]] std::string first_file(const std::vector<TracedCall>& calls,
                                     const std::string& fragment);

// One injected fault of a parameterized test.
struct Fault {
  std::string syscall, error;
  std::string fragment;  // a part of the strace line that marks the calls to fail
  Which which;
};
// A dry run of `argv` under strace, then `reset()` (the dry run did the work), then `argv`
// with `fault` injected into the call pick_call() chooses; nullopt if no call matched. With
// `threaded`, only the calls on the first file a thread touched count (see first_file()).
[[nodiscard]] std::optional<RunResult> run_with_fault(const Fault& fault,
                                                      const std::vector<std::string>& argv,
                                                      const RunOptions& options,
                                                      const std::function<void()>& reset,
                                                      bool threaded = false);
// "write_ENOSPC_first_0": readable test names, unique by the index.
[[nodiscard]] std::string fault_name(const ::testing::TestParamInfo<Fault>& info);
void PrintTo(const Fault& fault, std::ostream* out);

// Runs `argv` with call number `number` of SYSCALL (in each thread) failing with `error`
// (an errno name such as "ENOSPC"). LeakSanitizer cannot run under ptrace: it is turned off.
[[nodiscard]] RunResult run_with_fault(const std::string& syscall, const std::string& error,
                                       size_t number, const std::vector<std::string>& argv,
                                       RunOptions options);

// The strerror() text of an errno name, as gofer prints it ("No space left on device").
[[nodiscard]] std::string error_text(const std::string& error);

}  // namespace gofer::testing
