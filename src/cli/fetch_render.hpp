// Output of `gofer fetch`: per-URL lines and a live progress line on stderr, JSON on stdout.
#pragma once

#include <filesystem>
#include <string>

#include "command.hpp"
#include "gofer/fetch/fetch.hpp"

namespace gofer::cli {

class FetchRenderer {
 public:
  FetchRenderer(const Invocation& invocation, std::filesystem::path directory);
  // Callbacks bound to this renderer (which must outlive the run).
  [[nodiscard]] fetch::FetchCallbacks callbacks();
  void summary(const fetch::FetchSummary& summary);

 private:
  void item(const fetch::ItemReport& report);
  void progress(const fetch::Progress& progress);
  void clear_progress();
  [[nodiscard]] std::string user_path(const std::string& name) const;

  const Invocation& invocation_;
  std::filesystem::path directory_;
  bool live_ = false;          // stderr is a TTY: keep one progress line updated
  bool progress_shown_ = false;
  fetch::Progress last_{};
  // GOFER_TEST_KILL_AFTER_OK=N (the crash tests): SIGKILL right after the Nth OK is reported.
  uint64_t kill_after_ok_ = 0;
  uint64_t ok_reported_ = 0;
};

// "1.2 MB", "512 B": decimal units, like the summary lines of curl and wget.
[[nodiscard]] std::string human_bytes(int64_t bytes);

}  // namespace gofer::cli
