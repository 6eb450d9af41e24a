// run_fetch(): the job's entry point; Engine::run starts the workers and waits for them.
#include <algorithm>
#include <thread>

#include "engine.hpp"
#include "file_sink.hpp"
#include "gofer/platform_fs.hpp"
#include "worker.hpp"

namespace gofer::fetch {
namespace {

// libcurl mallocs a CURLOPT_BUFFERSIZE receive buffer when a transfer starts and frees it when
// the transfer is done (multi.c: Curl_preconnect / multi_done). With glibc's default thresholds
// the freed 256 KiB went back to the kernel (heap trim, munmap) and the next transfer faulted
// it in again page by page: 1000 x 100 KB cost 7,900 page faults instead of 1,200. Keeping
// freed memory in the heap costs at most -j buffers (16 x 256 KiB) of RSS.
void keep_transfer_buffers_mapped() {
  constexpr int kMmapThreshold = 4 << 20;
  constexpr int kTrimThreshold = 64 << 20;
  set_malloc_thresholds(kMmapThreshold, kTrimThreshold);
}

// Worker i's part of `total` when it is split over `count` workers: the parts add up to it.
int share(int total, int count, int i) { return total / count + (i < total % count ? 1 : 0); }

Status init_curl() {
  static const CURLcode global = curl_global_init(CURL_GLOBAL_DEFAULT);
  if (global != CURLE_OK) return fail(ErrorCategory::kInternal, curl_easy_strerror(global));
  keep_transfer_buffers_mapped();
  return {};
}

}  // namespace

std::string_view to_string(ItemStatus status) {
  switch (status) {
    case ItemStatus::kOk: return "ok";
    case ItemStatus::kUnchanged: return "unchanged";
    case ItemStatus::kSkipped: return "skipped";
    case ItemStatus::kFailed: return "failed";
    case ItemStatus::kInterrupted: return "interrupted";
  }
  return "failed";
}

// One thread per worker, the calling thread being worker 0. A host's transfers spread over
// every worker; each worker's multi handle keeps its own share of --per-host, so the sum holds.
// HTTP/2 multiplexes within a worker: a host gets at most one HTTP/2 connection per worker.
Result<FetchSummary> Engine::run() {
  int count = worker_count(options_);
  for (int i = 0; i < count; ++i) {
    workers_.push_back(std::make_unique<Worker>(*this, share(options_.concurrency, count, i),
                                                share(options_.per_host, count, i)));
  }
  std::vector<Status> results(static_cast<size_t>(count));
  std::vector<std::thread> threads;
  for (size_t i = 1; i < workers_.size(); ++i) {
    threads.emplace_back([this, &results, i] { results[i] = workers_[i]->run(); });
  }
  results[0] = workers_[0]->run();
  for (std::thread& thread : threads) thread.join();
  committer_.wait_idle();  // after Ctrl-C: transfers already complete are still put in place
  settle_kept();
  progress(true);
  for (Status& result : results) GOFER_TRY(std::move(result));
  std::lock_guard lock(report_mutex_);
  summary_.stopped = stopped_;
  summary_.seconds = std::chrono::duration<double>(Clock::now() - started_).count();
  return summary_;
}

Result<FetchSummary> run_fetch(ItemSource& source, const FetchOptions& options,
                               const FetchCallbacks& callbacks) {
  GOFER_TRY(init_curl());
  if (options.output_descriptor >= 0) {
    std::unique_ptr<BodySink> sink = make_stream_sink(options);
    Engine engine(source, options, callbacks, *sink);
    return engine.run();
  }
  GOFER_TRY_ASSIGN(DownloadDir directory,
                   with_context(DownloadDir::open(options.directory, options.make_directories),
                                "cannot open -d"));
  FileSink sink(options, std::move(directory));
  Engine engine(source, options, callbacks, sink);
  return engine.run();
}

Result<FetchSummary> run_fetch_to_memory(ItemSource& source, const FetchOptions& options,
                                         const FetchCallbacks& callbacks,
                                         const BodyHandler& handler,
                                         const ConditionalLookup& conditional) {
  if (options.max_size < 0) {
    return fail(ErrorCategory::kInternal, "run_fetch_to_memory needs a --max-size");
  }
  GOFER_TRY(init_curl());
  std::unique_ptr<BodySink> sink = make_memory_sink(handler, conditional);
  Engine engine(source, options, callbacks, *sink);
  return engine.run();
}

}  // namespace gofer::fetch
