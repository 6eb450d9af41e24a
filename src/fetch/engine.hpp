// The libcurl multi loop: streams items in, keeps up to -j transfers running, schedules
// retries, and turns every finished transfer into an ItemReport.
#pragma once

#include <curl/curl.h>

#include <chrono>
#include <memory>
#include <queue>
#include <random>
#include <vector>

#include "committer.hpp"
#include "download_dir.hpp"
#include "gofer/fetch/fetch.hpp"
#include "gofer/fetch/naming.hpp"
#include "gofer/fetch/state.hpp"
#include "transfer.hpp"

namespace gofer::fetch {

using Clock = std::chrono::steady_clock;

struct MultiDeleter {
  void operator()(CURLM* multi) const { curl_multi_cleanup(multi); }
};
struct EasyDeleter {
  void operator()(CURL* easy) const { curl_easy_cleanup(easy); }
};

class Engine {
 public:
  Engine(ItemSource& source, const FetchOptions& options, const FetchCallbacks& callbacks,
         DownloadDir directory);
  [[nodiscard]] Result<FetchSummary> run();

 private:
  struct Waiting {
    Clock::time_point ready;
    std::shared_ptr<Transfer> transfer;
    bool operator>(const Waiting& other) const { return ready > other.ready; }
  };

  void fill_slots();
  [[nodiscard]] std::shared_ptr<Transfer> prepare(FetchItem item);
  // --refresh of an existing file: which validators to send, if any.
  void set_conditional(Transfer& transfer, const FileStamp& file) const;
  // Committer thread: the body into place, then its validators recorded.
  [[nodiscard]] Status commit(Transfer& transfer) const;
  void start(std::shared_ptr<Transfer> transfer);
  // Handles every finished transfer; returns how many there were.
  int collect_finished();
  void finish(const std::shared_ptr<Transfer>& handle, CURLcode code);
  void finish_success(const std::shared_ptr<Transfer>& handle);
  // Reports the transfers the committer has put in place (or failed to).
  void collect_commits(bool wait_for_all = false);
  // Retries if the failure is transient and attempts remain; otherwise reports it.
  void retry_or_fail(const std::shared_ptr<Transfer>& handle, std::string reason,
                     bool retryable);
  void report(Transfer& transfer, ItemStatus status, std::string error = {});
  void report_input_error(const Error& error);
  void stop_all();
  // Unpauses --limit-rate transfers whose time has come.
  void resume_due();
  [[nodiscard]] int wait_milliseconds() const;
  void maybe_progress(bool force);

  ItemSource& source_;
  const FetchOptions& options_;
  const FetchCallbacks& callbacks_;
  DownloadDir directory_;
  ValidatorStore store_;
  NameRegistry names_;
  int64_t received_ = 0;
  TransferContext context_;
  std::unique_ptr<CURLM, MultiDeleter> multi_;
  Committer committer_;  // after directory_ and multi_: its threads use both until joined
  std::vector<std::unique_ptr<CURL, EasyDeleter>> easies_;
  std::vector<CURL*> idle_;
  std::vector<std::shared_ptr<Transfer>> active_;
  std::priority_queue<Waiting, std::vector<Waiting>, std::greater<>> waiting_;
  bool source_done_ = false;
  FetchSummary summary_;
  Progress progress_;
  Clock::time_point started_ = Clock::now();
  Clock::time_point last_progress_{};
  std::mt19937_64 random_{std::random_device{}()};
};

}  // namespace gofer::fetch
