// Group commit of directory fsyncs: a renamed file waits for one fsync of its directory that
// began after its rename, and one fsync serves every rename made before it began.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <set>
#include <string>

#include "gofer/error.hpp"

namespace gofer::fetch {

// Why: each directory fsync waits for a journal commit (~4 ms on this VM's ext4). With a
// fsync per file, 1000 files cost 1000 of them; here the committer threads that renamed files
// while one sync ran share the next one, so a directory costs one sync per round, however
// many files land in it meanwhile.
class DirectorySyncs {
 public:
  using SyncFunction = std::function<Status(const std::string& directory)>;
  // After a rename into `directory` (relative to -d, "" for -d itself) returned: a ticket.
  [[nodiscard]] uint64_t renamed(const std::string& directory);
  // Returns once every directory renamed into up to `ticket` was fsync'd after that rename.
  // The calling thread runs the round (`sync` on each directory) itself when none is running. An fsync that failed
  // fails every wait from then on: the directory's state after a failed fsync is unknown.
  [[nodiscard]] Status wait(uint64_t ticket, const SyncFunction& sync);

 private:
  std::mutex mutex_;
  std::condition_variable round_done_;
  std::set<std::string> pending_;  // directories renamed into since the last round began
  uint64_t issued_ = 0;            // tickets handed out
  uint64_t synced_ = 0;            // every ticket up to this one is durable
  bool running_ = false;
  std::optional<Error> failure_;
};

}  // namespace gofer::fetch
