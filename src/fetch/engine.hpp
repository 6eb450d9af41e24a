// The run of `gofer fetch` and `gofer scrape`: what its event-loop threads (Worker) share.
// The one input (a streamed list, or a crawl frontier that grows while the run goes on) is
// handed out under a lock, per-URL reports are serialized, finished bodies go to the committer
// threads, which hand them to the run's BodySink.
#pragma once

#include <curl/curl.h>

#include <atomic>
#include <chrono>
#include <memory>
#include <mutex>
#include <optional>
#include <vector>

#include "committer.hpp"
#include "gofer/fetch/fetch.hpp"
#include "sink.hpp"
#include "transfer.hpp"

namespace gofer::fetch {

using Clock = std::chrono::steady_clock;

class Worker;

class Engine {
 public:
  Engine(ItemSource& source, const FetchOptions& options, const FetchCallbacks& callbacks,
         BodySink& sink);
  ~Engine();
  Engine(const Engine&) = delete;
  Engine& operator=(const Engine&) = delete;
  [[nodiscard]] Result<FetchSummary> run();

  // --- called by the workers ---
  // The next item to start, prepared (named, looked up); nullptr when the input has nothing
  // now (input_done() says whether it ever will again). Items that need no transfer (bad URL,
  // skipped) are reported on the way.
  [[nodiscard]] std::shared_ptr<Transfer> take();
  [[nodiscard]] bool input_done() const { return input_done_.load(); }
  // Hands a verified body to the committer threads, which report it.
  void submit(std::shared_ptr<Transfer> transfer);
  // Commits in flight: each holds an open .part, so a disk slower than the network must not
  // pile up thousands of them.
  [[nodiscard]] bool may_start() const;
  void report(Transfer& transfer, ItemStatus status, std::string error = {});
  void report_retry(const Transfer& transfer, const std::string& reason, double wait_seconds);
  void progress(bool force);
  void mark_stopped() { stopped_ = true; }
  [[nodiscard]] const FetchOptions& options() const { return options_; }
  [[nodiscard]] BodySink& sink() { return sink_; }
  [[nodiscard]] TransferContext& context() { return context_; }
  std::atomic<int64_t> active{0};  // transfers running in all workers

 private:
  [[nodiscard]] std::shared_ptr<Transfer> prepare(FetchItem item);
  // Committer thread: the body to the sink, the outcome reported (or kept for settle_kept).
  void commit(const std::shared_ptr<Transfer>& transfer);
  // After the transfers: the bodies a --durable=batch sink kept, settled and reported.
  void settle_kept();
  void report_input_error(const Error& error);
  void wake_workers();

  ItemSource& source_;
  const FetchOptions& options_;
  const FetchCallbacks& callbacks_;
  BodySink& sink_;
  std::atomic<int64_t> received_{0};
  TransferContext context_;
  std::mutex input_mutex_;  // source_, and the sink's claims made while preparing
  std::atomic<bool> input_done_{false};
  std::mutex report_mutex_;  // summary_, progress_, the callbacks
  FetchSummary summary_;
  Progress progress_;
  Clock::time_point started_ = Clock::now();
  Clock::time_point last_progress_{};
  std::atomic<bool> stopped_{false};
  std::vector<std::unique_ptr<Worker>> workers_;
  size_t max_commits_ = 0;
  std::mutex kept_mutex_;
  std::vector<std::shared_ptr<Transfer>> kept_;  // committed, reported by settle_kept()
  Committer committer_;  // last: its threads use everything above until joined
};

// How many event-loop threads: one per CPU this process may run on (so `taskset -c 0` gives
// one), but never more than -j or --per-host can keep busy; `requested` (hidden --threads) wins.
[[nodiscard]] int worker_count(const FetchOptions& options);

}  // namespace gofer::fetch
