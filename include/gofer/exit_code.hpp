// The process exit codes of every gofer command (documented in --help and the man page).
#pragma once

namespace gofer {

enum class ExitCode : int {
  kOk = 0,              // everything asked for was done, or nothing needed doing
  kPartialFailure = 1,  // ran, but at least one item failed
  kUsage = 2,           // bad flag, value or pattern: nothing was touched
  kRefused = 3,         // plan conflicts or `csv check` problems: nothing was changed
  kLockHeld = 75,       // EX_TEMPFAIL from sysexits.h: cron should retry later
  kTimeout = 124,      // `gofer run`: the job's timeout passed (timeout(1)'s code); stopped cleanly
  kInterrupted = 130,  // 128 + SIGINT, the shell convention
  kTerminated = 143,   // 128 + SIGTERM, the same convention
};

[[nodiscard]] constexpr int to_int(ExitCode code) { return static_cast<int>(code); }

}  // namespace gofer
