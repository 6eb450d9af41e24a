// Puts finished downloads in place off the event loops' threads.
//
// Durability, and why it is done this way: a body is fsync'd as "<name>.part" BEFORE it is
// renamed to "<name>", so after a crash the final name holds either nothing, the old file, or
// the complete new bytes; never a half file (the rename can only become durable together with
// or after the data it points to). The directory is then fsync'd so that a file reported OK
// is still there after a crash. Each fsync waits for a journal commit: ~4 ms on this VM's
// ext4 disk, and the two per file in the loop's thread stalled every transfer (1000 x 100 KB:
// 8.3 s against curl's 0.5 s). Committer threads wait for them in parallel instead, and ext4
// folds concurrent fsyncs into one journal commit. Nothing is weakened: OK is reported only
// after both fsyncs and the rename returned.
#pragma once

#include <atomic>
#include <condition_variable>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "transfer.hpp"

namespace gofer::fetch {

class Committer {
 public:
  // Puts one finished body in place and reports it; runs on a committer thread. (Where the
  // body goes is the function's business: a sink other than a file plugs in here.)
  using CommitFunction = std::function<void(const std::shared_ptr<Transfer>&)>;

  // `wake` is called from a committer thread after each commit (a slot may be free now).
  Committer(CommitFunction commit, int max_threads, std::function<void()> wake)
      : commit_(std::move(commit)), max_threads_(max_threads), wake_(std::move(wake)) {}
  ~Committer();  // commits everything submitted, then joins
  Committer(const Committer&) = delete;
  Committer& operator=(const Committer&) = delete;

  void submit(std::shared_ptr<Transfer> transfer);
  // Submitted and not yet done (any thread).
  [[nodiscard]] size_t in_flight() const { return in_flight_.load(); }
  // Returns once every submitted transfer is done.
  void wait_idle();

 private:
  void work();

  CommitFunction commit_;
  int max_threads_;
  std::function<void()> wake_;
  std::mutex mutex_;
  std::condition_variable job_ready_, job_done_;
  std::deque<std::shared_ptr<Transfer>> queue_;
  int idle_threads_ = 0;
  bool stopping_ = false;
  std::vector<std::thread> threads_;
  std::atomic<size_t> in_flight_{0};
};

}  // namespace gofer::fetch
