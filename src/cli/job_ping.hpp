// `[job] ping`: healthchecks.io-style pings at a job's start, success and failure.
#pragma once

#include <string>
#include <string_view>

namespace gofer::cli {

// GET `url` with a short timeout and a few retries. A failure is logged as a warning and
// otherwise ignored: monitoring must never change what the job did or its exit code.
void send_ping(const std::string& url, std::string_view what);

}  // namespace gofer::cli
