// One event-loop thread of a fetch run: its own libcurl multi handle and easy handles, the
// transfers it started (and their retries), and their outcomes.
#pragma once

#include <curl/curl.h>

#include <memory>
#include <queue>
#include <random>
#include <thread>
#include <vector>

#include "engine.hpp"

namespace gofer::fetch {

class Worker {
 public:
  // `slots`: its share of -j; `per_host`: its share of --per-host (the shares add up to the
  // flags, so the limits hold across all workers: each multi handle enforces its own share).
  Worker(Engine& engine, int slots, int per_host);
  Worker(const Worker&) = delete;
  Worker& operator=(const Worker&) = delete;

  // The event loop, until the input is used up and every transfer of this worker is done
  // (or Ctrl-C). A failure of libcurl itself ends it with an error.
  [[nodiscard]] Status run();
  // Any thread: ends the current wait (a commit finished, so a slot may be free).
  void wake() { curl_multi_wakeup(multi_.get()); }

 private:
  struct Waiting {
    Clock::time_point ready;
    std::shared_ptr<Transfer> transfer;
    bool operator>(const Waiting& other) const { return ready > other.ready; }
  };

  void fill_slots();
  void start(std::shared_ptr<Transfer> transfer);
  // Handles every finished transfer; returns how many there were.
  int collect_finished();
  void finish(const std::shared_ptr<Transfer>& handle, CURLcode code);
  void finish_success(const std::shared_ptr<Transfer>& handle);
  // Retries if the failure is transient and attempts remain; otherwise reports it.
  void retry_or_fail(const std::shared_ptr<Transfer>& handle, std::string reason, bool retryable);
  void stop_all();
  // Unpauses --limit-rate transfers whose time has come.
  void resume_due();
  [[nodiscard]] int wait_milliseconds() const;
  [[nodiscard]] bool done() const;

  Engine& engine_;
  const FetchOptions& options_;
  std::unique_ptr<CURLM, MultiDeleter> multi_;
  std::vector<std::unique_ptr<CURL, EasyDeleter>> easies_;
  std::vector<CURL*> idle_;
  std::vector<std::shared_ptr<Transfer>> active_;
  std::priority_queue<Waiting, std::vector<Waiting>, std::greater<>> waiting_;
  std::mt19937_64 random_{std::random_device{}()};
};

}  // namespace gofer::fetch
