// Engine: the multi loop, retry scheduling and per-URL outcomes of `gofer fetch`.
#include "engine.hpp"

#include <algorithm>
#include <ctime>

#include <fmt/format.h>

#include "gofer/fetch/input.hpp"
#include "gofer/fetch/retry.hpp"
#include "gofer/signals.hpp"

namespace gofer::fetch {
namespace {

// Parallel fsyncs beyond this gained nothing on ext4 (one journal commit serves them all).
constexpr int kMaxCommitThreads = 8;

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

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

Engine::Engine(ItemSource& source, const FetchOptions& options, const FetchCallbacks& callbacks,
               DownloadDir directory)
    : source_(source),
      options_(options),
      callbacks_(callbacks),
      directory_(std::move(directory)),
      store_(options.state_directory / "fetch"),
      context_{options, directory_, &received_, &names_},
      multi_(curl_multi_init()),
      committer_([this](Transfer& transfer) { return commit(transfer); },
                 std::min(options.concurrency, kMaxCommitThreads),
                 [this] { curl_multi_wakeup(multi_.get()); }) {
  curl_multi_setopt(multi_.get(), CURLMOPT_PIPELINING, long{CURLPIPE_MULTIPLEX});
  curl_multi_setopt(multi_.get(), CURLMOPT_MAX_HOST_CONNECTIONS, long{options.per_host});
  // No CURLMOPT_MAX_TOTAL_CONNECTIONS: -j already bounds the handles, and with that limit a
  // new transfer waited in libcurl's pending queue for another one to finish (measured: 2.5x
  // slower on 1000 small files).
  for (int i = 0; i < options.concurrency; ++i) {
    easies_.emplace_back(curl_easy_init());
    idle_.push_back(easies_.back().get());
  }
}

std::shared_ptr<Transfer> Engine::prepare(FetchItem item) {
  auto transfer = std::make_shared<Transfer>();
  transfer->context = &context_;
  transfer->item = std::move(item);
  const FetchItem& it = transfer->item;
  if (auto checked = check_url(it.url); !checked) {
    report(*transfer, ItemStatus::kFailed, checked.error().cause());
    return nullptr;
  }
  // With --content-disposition the server names the file, so the name waits for its headers.
  if (!it.name.empty()) {
    std::string name = sanitize_name(it.name);
    transfer->name = names_.claim(name.empty() ? std::string(kDefaultName) : name,
                                  transfer->renamed);
  } else if (!options_.content_disposition || options_.skip_existing || options_.refresh) {
    transfer->name = names_.claim(url_name(options_, it.url), transfer->renamed);
  }
  transfer->expected_sha256 = it.sha256;
  if (auto sum = options_.checksums.find(transfer->name);
      transfer->expected_sha256.empty() && sum != options_.checksums.end()) {
    transfer->expected_sha256 = sum->second;
  }
  // Only these two options care; a plain run spares the lookup (one fstatat per URL).
  bool look = !transfer->name.empty() && !options_.spider;
  if (look && options_.skip_existing && directory_.exists(transfer->name)) {
    report(*transfer, ItemStatus::kSkipped);
    return nullptr;
  }
  if (look && options_.refresh) {
    if (auto file = directory_.stamp(transfer->name)) set_conditional(*transfer, *file);
  }
  if (options_.continue_partial && !transfer->name.empty()) {
    transfer->resume_offset = directory_.part_size(transfer->name);
    if (auto part = store_.load(it.url, transfer->name + std::string(kPartSuffix))) {
      transfer->part_validators = part->validators;
    }
  }
  return transfer;
}

void Engine::set_conditional(Transfer& transfer, const FileStamp& file) const {
  auto stored = store_.load(transfer.item.url, transfer.name);
  if (stored && stored->file && *stored->file == file) {
    transfer.conditional = stored->validators;
    return;
  }
  if (stored && stored->file) {
    // Edited since gofer wrote it: its ETag would now claim content the file does not hold.
    transfer.changed_locally = true;
    return;
  }
  // Never recorded (copied in by hand, or from an older gofer): the file's mtime says how new
  // it is, as with wget -N; exact when it came from Last-Modified (--remote-time).
  constexpr int64_t kNanosecondsPerSecond = 1'000'000'000;
  transfer.conditional = Validators{"", http_date(file.mtime_ns / kNanosecondsPerSecond)};
}

Status Engine::commit(Transfer& transfer) const {
  std::optional<time_t> mtime;
  if (options_.remote_time && !transfer.headers.last_modified.empty()) {
    time_t parsed = curl_getdate(transfer.headers.last_modified.c_str(), nullptr);
    if (parsed >= 0) mtime = parsed;  // -1: not a date; the file keeps the download time
  }
  GOFER_TRY_ASSIGN(FileStamp file, directory_.commit(std::move(transfer.part), transfer.name, mtime));
  // Recorded after every download, so that the first --refresh run can already ask for a 304.
  // A failed state write costs only a full download next time; the file itself is fine.
  Validators validators{transfer.headers.etag, transfer.headers.last_modified};
  if (validators.empty()) {
    store_.forget(transfer.item.url);
  } else {
    (void)store_.save(transfer.item.url, transfer.name, validators, file);
  }
  return {};
}

void Engine::start(std::shared_ptr<Transfer> transfer) {
  CURL* easy = idle_.back();
  idle_.pop_back();
  ++transfer->attempts;
  configure_attempt(*transfer, easy);
  curl_multi_add_handle(multi_.get(), easy);
  active_.push_back(std::move(transfer));
}

void Engine::fill_slots() {
  // Each commit in flight holds an open .part: a disk slower than the network must not pile
  // up thousands of them.
  size_t max_commits = 4 * easies_.size();
  while (!idle_.empty() && committer_.in_flight() < max_commits && !stop_requested()) {
    if (!waiting_.empty() && waiting_.top().ready <= Clock::now()) {
      auto transfer = waiting_.top().transfer;
      waiting_.pop();
      start(std::move(transfer));
      continue;
    }
    if (source_done_) return;
    auto next = source_.next();
    if (!next) {
      source_done_ = true;
      return;
    }
    ++progress_.queued;
    if (!*next) {
      report_input_error(next->error());
      continue;
    }
    if (auto transfer = prepare(std::move(**next))) start(std::move(transfer));
  }
}

int Engine::collect_finished() {
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
    idle_.push_back(easy);
    transfer->easy = nullptr;
    finish(transfer, code);
    ++finished;
  }
  return finished;
}

void Engine::finish(const std::shared_ptr<Transfer>& handle, CURLcode code) {
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
  if (status == 304 && transfer.conditional) return report(transfer, ItemStatus::kUnchanged);
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
  if (options_.spider) return report(transfer, ItemStatus::kOk);
  finish_success(handle);
}

void Engine::finish_success(const std::shared_ptr<Transfer>& handle) {
  Transfer& transfer = *handle;
  if (!transfer.part.valid()) {  // an empty body never reached the write callback
    if (auto opened = open_body(transfer); !opened) {
      return report(transfer, ItemStatus::kFailed, opened.error().message());
    }
  }
  std::string digest = finish_hash(transfer);
  if (!transfer.expected_sha256.empty() && digest != transfer.expected_sha256) {
    transfer.part.reset();
    // Kept as .part for inspection, never under the final name.
    return report(transfer, ItemStatus::kFailed,
                  fmt::format("SHA-256 mismatch: expected {}, got {} (kept as {}.part)",
                              transfer.expected_sha256, digest, transfer.name));
  }
  transfer.item.sha256 = digest;
  committer_.submit(handle);
}

void Engine::collect_commits(bool wait_for_all) {
  for (auto& [handle, committed] : committer_.take_done(wait_for_all)) {
    Transfer& transfer = *handle;
    if (!committed) {
      report(transfer, ItemStatus::kFailed, committed.error().message());
      continue;
    }
    report(transfer, ItemStatus::kOk);
  }
}

void Engine::retry_or_fail(const std::shared_ptr<Transfer>& handle, std::string reason,
                           bool retryable) {
  Transfer& transfer = *handle;
  transfer.part.reset();
  std::optional<double> wait;
  if (retryable && transfer.attempts <= options_.retries) {
    double backoff = backoff_delay(transfer.attempts, options_.retry_base_seconds,
                                   options_.retry_cap_seconds,
                                   std::uniform_real_distribution<double>(0, 1)(random_));
    wait = backoff;
    if (!transfer.headers.retry_after.empty()) {
      auto asked = parse_retry_after(transfer.headers.retry_after, std::time(nullptr));
      if (asked && *asked > options_.max_retry_wait_seconds) {
        reason += fmt::format(" (server asked to retry after {:.0f} s, over --max-retry-wait)",
                              *asked);
        wait.reset();
      } else if (asked) {
        wait = *asked;
      }
    }
  }
  if (wait) {
    if (options_.continue_partial && transfer.bytes > 0 && !transfer.name.empty()) {
      transfer.resume_offset = transfer.bytes;  // pick up where the connection dropped
      transfer.part_validators = Validators{transfer.headers.etag, transfer.headers.last_modified};
    }
    if (callbacks_.on_retry) callbacks_.on_retry(transfer.item.url, reason, *wait);
    auto delay = std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(*wait));
    waiting_.push({Clock::now() + delay, handle});
    return;
  }
  if (!transfer.name.empty() && transfer.body_wanted) {
    if (options_.continue_partial) {
      (void)store_.save(transfer.item.url, transfer.name + std::string(kPartSuffix),
                        {transfer.headers.etag, transfer.headers.last_modified});
    } else {
      directory_.remove_part(transfer.name);
    }
  }
  report(transfer, ItemStatus::kFailed, std::move(reason));
}

void Engine::report(Transfer& transfer, ItemStatus status, std::string error) {
  ItemReport item{transfer.item.url, transfer.name, status, transfer.headers.status,
                  transfer.bytes, status == ItemStatus::kOk ? transfer.item.sha256 : "",
                  transfer.attempts, seconds_since(transfer.started), std::move(error),
                  transfer.renamed, transfer.changed_locally};
  if (status == ItemStatus::kUnchanged || status == ItemStatus::kSkipped) item.bytes = 0;
  switch (status) {
    case ItemStatus::kOk: ++summary_.ok; summary_.bytes += item.bytes; break;
    case ItemStatus::kUnchanged: ++summary_.unchanged; break;
    case ItemStatus::kSkipped: ++summary_.skipped; break;
    case ItemStatus::kFailed: ++summary_.failed; break;
    case ItemStatus::kInterrupted: ++summary_.interrupted; break;
  }
  ++progress_.done;
  if (callbacks_.on_item) callbacks_.on_item(item);
}

void Engine::report_input_error(const Error& error) {
  Transfer transfer;
  transfer.item.url = error.subject();
  report(transfer, ItemStatus::kFailed, error.cause());
}

}  // namespace gofer::fetch
