// Worker: one libcurl multi loop; retry scheduling and the per-URL outcome of its transfers.
#include "worker.hpp"

#include <algorithm>
#include <ctime>

#include <fmt/format.h>

#include "gofer/fetch/retry.hpp"
#include "gofer/signals.hpp"

namespace gofer::fetch {
namespace {

constexpr int kMaxPollMilliseconds = 100;  // how quickly Ctrl-C and due retries are noticed

std::string curl_reason(const Transfer& transfer, CURLcode code) {
  // Start URLs were checked before the transfer, so these mean the redirect target was bad
  // (a libcurl built without file:// reports such a URL as malformed).
  bool redirected = transfer.headers.status >= 300 && transfer.headers.status < 400;
  if (code == CURLE_UNSUPPORTED_PROTOCOL || (code == CURLE_URL_MALFORMAT && redirected)) {
    return "redirect to a non-HTTP(S) URL refused";
  }
  if (code == CURLE_TOO_MANY_REDIRECTS) return "too many redirects (--max-redirects)";
  if (code == CURLE_OPERATION_TIMEDOUT) {
    return fmt::format("timed out ({})", transfer.error_buffer[0] != '\0'
                                             ? transfer.error_buffer
                                             : curl_easy_strerror(code));
  }
  return transfer.error_buffer[0] != '\0' ? std::string(transfer.error_buffer)
                                          : std::string(curl_easy_strerror(code));
}

}  // namespace

Worker::Worker(Engine& engine, int slots, int per_host)
    : engine_(engine), options_(engine.options()), multi_(curl_multi_init()) {
  curl_multi_setopt(multi_.get(), CURLMOPT_PIPELINING, long{CURLPIPE_MULTIPLEX});
  curl_multi_setopt(multi_.get(), CURLMOPT_MAX_HOST_CONNECTIONS, long{per_host});
  // No CURLMOPT_MAX_TOTAL_CONNECTIONS: -j already bounds the handles, and with that limit a
  // new transfer waited in libcurl's pending queue for another one to finish (measured: 2.5x
  // slower on 1000 small files).
  for (int i = 0; i < slots; ++i) {
    easies_.emplace_back(curl_easy_init());
    idle_.push_back(easies_.back().get());
  }
}

void Worker::start(std::shared_ptr<Transfer> transfer) {
  CURL* easy = idle_.back();
  idle_.pop_back();
  ++transfer->attempts;
  configure_attempt(*transfer, easy);
  curl_multi_add_handle(multi_.get(), easy);
  active_.push_back(std::move(transfer));
  ++engine_.active;
}

void Worker::fill_slots() {
  while (!idle_.empty() && engine_.may_start() && !stop_requested()) {
    if (!waiting_.empty() && waiting_.top().ready <= Clock::now()) {
      auto transfer = waiting_.top().transfer;
      waiting_.pop();
      start(std::move(transfer));
      continue;
    }
    auto transfer = engine_.take();
    if (!transfer) return;
    start(std::move(transfer));
  }
}

int Worker::collect_finished() {
  int finished = 0;
  int remaining = 0;
  while (CURLMsg* message = curl_multi_info_read(multi_.get(), &remaining)) {
    if (message->msg != CURLMSG_DONE) continue;
    CURL* easy = message->easy_handle;
    CURLcode code = message->data.result;
    curl_multi_remove_handle(multi_.get(), easy);
    auto it = std::find_if(active_.begin(), active_.end(),
                           [&](const auto& transfer) { return transfer->easy == easy; });
    std::shared_ptr<Transfer> transfer = std::move(*it);
    active_.erase(it);
    --engine_.active;
    char* effective = nullptr;
    if (curl_easy_getinfo(easy, CURLINFO_EFFECTIVE_URL, &effective) == CURLE_OK && effective) {
      transfer->effective_url = effective;
    }
    idle_.push_back(easy);
    transfer->easy = nullptr;
    finish(transfer, code);
    ++finished;
  }
  return finished;
}

void Worker::finish(const std::shared_ptr<Transfer>& handle, CURLcode code) {
  Transfer& transfer = *handle;
  long status = transfer.headers.status;
  bool spider_done = options_.spider && transfer.abort_reason == "spider";
  if (!transfer.abort_reason.empty() && !spider_done) {
    return retry_or_fail(handle, transfer.abort_reason, false);
  }
  if (code != CURLE_OK && !spider_done) {
    return retry_or_fail(handle, curl_reason(transfer, code), is_retryable_curl_code(code));
  }
  if (options_.spider && !transfer.spider_get && (status == 405 || status == 501)) {
    transfer.spider_get = true;  // HEAD not allowed: ask again with GET, stop at the body
    waiting_.push({Clock::now(), handle});
    return;
  }
  if (status == 304 && transfer.conditional) {
    return engine_.report(transfer, ItemStatus::kUnchanged);
  }
  if (status == 416 && transfer.resume_offset > 0 && !transfer.no_resume) {
    // Our range lies beyond the file: the .part is stale or complete; start over, once.
    transfer.no_resume = true;
    transfer.resume_offset = 0;
    --transfer.attempts;
    waiting_.push({Clock::now(), handle});
    return;
  }
  if (status < 200 || status >= 300) {
    return retry_or_fail(handle, fmt::format("HTTP {}", status), is_retryable_status(status));
  }
  if (options_.spider) return engine_.report(transfer, ItemStatus::kOk);
  finish_success(handle);
}

void Worker::finish_success(const std::shared_ptr<Transfer>& handle) {
  if (auto verified = engine_.sink().verify(*handle); !verified) {
    return engine_.report(*handle, ItemStatus::kFailed, verified.error().message());
  }
  engine_.submit(handle);
}

void Worker::retry_or_fail(const std::shared_ptr<Transfer>& handle, std::string reason,
                           bool retryable) {
  Transfer& transfer = *handle;
  std::optional<double> wait;
  if (retryable && transfer.attempts <= options_.retries) {
    wait = backoff_delay(transfer.attempts, options_.retry_base_seconds, options_.retry_cap_seconds,
                         std::uniform_real_distribution<double>(0, 1)(random_));
    if (!transfer.headers.retry_after.empty()) {
      auto asked = parse_retry_after(transfer.headers.retry_after, std::time(nullptr));
      if (asked && *asked > options_.max_retry_wait_seconds) {
        reason +=
            fmt::format(" (server asked to retry after {:.0f} s, over --max-retry-wait)", *asked);
        wait.reset();
      } else if (asked) {
        wait = *asked;
      }
    }
  }
  if (wait) {
    engine_.sink().retrying(transfer);
    engine_.report_retry(transfer, reason, *wait);
    auto delay = std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(*wait));
    waiting_.push({Clock::now() + delay, handle});
    return;
  }
  engine_.sink().abandon(transfer, false);
  engine_.report(transfer, ItemStatus::kFailed, std::move(reason));
}

void Worker::resume_due() {
  auto now = Clock::now();
  for (const auto& transfer : active_) {
    if (transfer->paused_until && *transfer->paused_until <= now) {
      transfer->paused_until.reset();  // the callback may pause it again at once
      curl_easy_pause(transfer->easy, CURLPAUSE_CONT);
    }
  }
}

int Worker::wait_milliseconds() const {
  auto next = Clock::now() + std::chrono::milliseconds(kMaxPollMilliseconds);
  if (!waiting_.empty() && !idle_.empty()) next = std::min(next, waiting_.top().ready);
  for (const auto& transfer : active_) {
    if (transfer->paused_until) next = std::min(next, *transfer->paused_until);
  }
  auto due = std::chrono::duration_cast<std::chrono::milliseconds>(next - Clock::now());
  return static_cast<int>(std::clamp<long long>(due.count() + 1, 0, kMaxPollMilliseconds));
}

// Ctrl-C: in-flight transfers stop where they are; the sink keeps what --continue can use.
void Worker::stop_all() {
  engine_.mark_stopped();
  for (auto& transfer : active_) {
    curl_multi_remove_handle(multi_.get(), transfer->easy);
    --engine_.active;
    engine_.sink().abandon(*transfer, true);
    engine_.report(*transfer, ItemStatus::kInterrupted, "interrupted");
  }
  active_.clear();
  while (!waiting_.empty()) {
    engine_.report(*waiting_.top().transfer, ItemStatus::kInterrupted, "interrupted");
    waiting_.pop();
  }
}

bool Worker::done() const { return active_.empty() && waiting_.empty() && engine_.input_done(); }

Status Worker::run() {
  for (;;) {
    fill_slots();
    // After filling: a stop that ended a blocked read of the URL list also ends the list, and
    // must be reported as a stop, not as a list read to its end.
    if (stop_requested()) {
      stop_all();
      return {};
    }
    if (done()) return {};
    resume_due();
    int running = 0;
    if (CURLMcode code = curl_multi_perform(multi_.get(), &running); code != CURLM_OK) {
      return fail(ErrorCategory::kInternal, curl_multi_strerror(code));
    }
    int finished = collect_finished();
    engine_.progress(false);
    if (finished > 0) continue;  // free slots: refill before waiting on the sockets
    if (active_.empty() && !waiting_.empty()) {
      std::this_thread::sleep_for(std::chrono::milliseconds(wait_milliseconds()));
      continue;
    }
    curl_multi_poll(multi_.get(), nullptr, 0, wait_milliseconds(), nullptr);
  }
}

}  // namespace gofer::fetch
