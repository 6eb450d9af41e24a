// run_fetch(): the job's entry point, and the Engine's main loop and shutdown.
#include <algorithm>
#include <thread>

#include <fmt/format.h>

#include "engine.hpp"
#include "gofer/signals.hpp"

#include "gofer/platform_fs.hpp"

namespace gofer::fetch {
namespace {

constexpr int kMaxPollMilliseconds = 100;  // how quickly Ctrl-C and due retries are noticed
constexpr auto kProgressInterval = std::chrono::milliseconds(200);

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

void Engine::resume_due() {
  auto now = Clock::now();
  for (const auto& transfer : active_) {
    if (transfer->paused_until && *transfer->paused_until <= now) {
      transfer->paused_until.reset();  // the callback may pause it again at once
      curl_easy_pause(transfer->easy, CURLPAUSE_CONT);
    }
  }
}

int Engine::wait_milliseconds() const {
  auto next = Clock::now() + std::chrono::milliseconds(kMaxPollMilliseconds);
  if (!waiting_.empty() && !idle_.empty()) next = std::min(next, waiting_.top().ready);
  for (const auto& transfer : active_) {
    if (transfer->paused_until) next = std::min(next, *transfer->paused_until);
  }
  auto due = std::chrono::duration_cast<std::chrono::milliseconds>(next - Clock::now());
  return static_cast<int>(std::clamp<long long>(due.count() + 1, 0, kMaxPollMilliseconds));
}

void Engine::maybe_progress(bool force) {
  auto now = Clock::now();
  if (!callbacks_.on_progress || (!force && now - last_progress_ < kProgressInterval)) return;
  last_progress_ = now;
  progress_.active = static_cast<int64_t>(active_.size());
  progress_.bytes = received_;
  progress_.seconds = std::chrono::duration<double>(now - started_).count();
  callbacks_.on_progress(progress_);
}

// Ctrl-C: in-flight transfers stop where they are; their .part files stay for --continue.
void Engine::stop_all() {
  summary_.stopped = true;
  for (auto& transfer : active_) {
    curl_multi_remove_handle(multi_.get(), transfer->easy);
    transfer->part.reset();
    if (!transfer->name.empty() && transfer->body_wanted) {
      (void)store_.save(transfer->item.url, transfer->name + std::string(kPartSuffix),
                        {transfer->headers.etag, transfer->headers.last_modified});
    }
    report(*transfer, ItemStatus::kInterrupted, "interrupted");
  }
  active_.clear();
  while (!waiting_.empty()) {
    report(*waiting_.top().transfer, ItemStatus::kInterrupted, "interrupted");
    waiting_.pop();
  }
}

Result<FetchSummary> Engine::run() {
  for (;;) {
    if (stop_requested()) {
      stop_all();
      break;
    }
    collect_commits();
    fill_slots();
    if (active_.empty() && waiting_.empty() && source_done_ && committer_.in_flight() == 0) break;
    resume_due();
    int running = 0;
    if (CURLMcode code = curl_multi_perform(multi_.get(), &running); code != CURLM_OK) {
      return fail(ErrorCategory::kInternal, curl_multi_strerror(code));
    }
    int finished = collect_finished();
    maybe_progress(false);
    if (finished > 0) continue;  // free slots: refill before waiting on the sockets
    if (active_.empty() && !waiting_.empty()) {
      std::this_thread::sleep_for(std::chrono::milliseconds(wait_milliseconds()));
      continue;
    }
    curl_multi_poll(multi_.get(), nullptr, 0, wait_milliseconds(), nullptr);
  }
  collect_commits(true);  // after Ctrl-C: transfers already complete are still put in place
  maybe_progress(true);
  summary_.seconds = std::chrono::duration<double>(Clock::now() - started_).count();
  return summary_;
}

Result<FetchSummary> run_fetch(ItemSource& source, const FetchOptions& options,
                               const FetchCallbacks& callbacks) {
  static const CURLcode global = curl_global_init(CURL_GLOBAL_DEFAULT);
  if (global != CURLE_OK) return fail(ErrorCategory::kInternal, curl_easy_strerror(global));
  keep_transfer_buffers_mapped();
  GOFER_TRY_ASSIGN(DownloadDir directory,
                   with_context(DownloadDir::open(options.directory, options.make_directories),
                                "cannot open -d"));
  Engine engine(source, options, callbacks, std::move(directory));
  return engine.run();
}

}  // namespace gofer::fetch
