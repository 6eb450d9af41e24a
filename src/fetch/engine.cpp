// Engine: the shared side of a fetch run: handing out items, commits through the sink,
// serialized reports.
#include "engine.hpp"

#if defined(__linux__)
#include <sched.h>
#endif

#include <algorithm>
#include <thread>

#include <fmt/format.h>

#include "gofer/fetch/input.hpp"
#include "worker.hpp"

namespace gofer::fetch {
namespace {

// Parallel fsyncs beyond this gained nothing on ext4 (one journal commit serves them all).
constexpr int kMaxCommitThreads = 8;
// Commits in flight per -j slot before the workers stop starting transfers.
constexpr size_t kCommitsPerSlot = 4;
constexpr auto kProgressInterval = std::chrono::milliseconds(200);

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

int usable_cpus() {
#if defined(__linux__)
  // The affinity mask, not the machine's CPU count: `taskset -c 0` and cgroup cpusets count.
  cpu_set_t set;
  CPU_ZERO(&set);
  if (sched_getaffinity(0, sizeof(set), &set) == 0) return std::max(1, CPU_COUNT(&set));
#endif
  return static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
}

}  // namespace

int BodySink::commit_threads(const FetchOptions& options) const {
  return std::min(options.concurrency, kMaxCommitThreads);
}

int memory_handler_threads(const FetchOptions& options) {
  return std::max(1, std::min({options.concurrency, kMaxCommitThreads, usable_cpus()}));
}

int worker_count(const FetchOptions& options) {
  int wanted = options.threads > 0 ? options.threads : usable_cpus();
  // Each worker needs at least one -j slot and one --per-host connection of its own.
  return std::max(1, std::min({wanted, options.concurrency, options.per_host}));
}

Engine::Engine(ItemSource& source, const FetchOptions& options, const FetchCallbacks& callbacks,
               BodySink& sink)
    : source_(source),
      options_(options),
      callbacks_(callbacks),
      sink_(sink),
      context_{options, sink_, &received_},
      max_commits_(kCommitsPerSlot * static_cast<size_t>(options.concurrency)),
      committer_([this](const std::shared_ptr<Transfer>& transfer) { commit(transfer); },
                 sink.commit_threads(options), [this] { wake_workers(); }) {}

Engine::~Engine() = default;

std::shared_ptr<Transfer> Engine::take() {
  if (input_done_) return nullptr;  // spares the lock on every loop once the input is used up
  std::lock_guard lock(input_mutex_);
  while (!input_done_) {
    auto next = source_.next();
    if (!next) {
      // A crawl frontier may be empty only for now: pages in flight add links to it.
      if (source_.finished()) input_done_ = true;
      break;
    }
    {
      std::lock_guard report_lock(report_mutex_);
      ++progress_.queued;
    }
    if (!*next) {
      report_input_error(next->error());
      continue;
    }
    if (auto transfer = prepare(std::move(**next))) return transfer;
  }
  return nullptr;
}

std::shared_ptr<Transfer> Engine::prepare(FetchItem item) {
  auto transfer = std::make_shared<Transfer>();
  transfer->context = &context_;
  transfer->item = std::move(item);
  if (auto checked = check_url(transfer->item.url); !checked) {
    report(*transfer, ItemStatus::kFailed, checked.error().cause());
    return nullptr;
  }
  if (!sink_.prepare(*transfer)) {
    report(*transfer, ItemStatus::kSkipped);
    return nullptr;
  }
  return transfer;
}

void Engine::submit(std::shared_ptr<Transfer> transfer) { committer_.submit(std::move(transfer)); }

bool Engine::may_start() const { return committer_.in_flight() < max_commits_; }

void Engine::commit(const std::shared_ptr<Transfer>& transfer) {
  auto committed = sink_.commit(*transfer);
  if (!committed) return report(*transfer, ItemStatus::kFailed, committed.error().message());
  if (sink_.settles_at_end()) {
    std::lock_guard lock(kept_mutex_);
    kept_.push_back(transfer);
    return;
  }
  report(*transfer, *committed);
}

void Engine::settle_kept() {
  if (kept_.empty()) return;
  std::vector<Result<ItemStatus>> outcomes = sink_.settle(kept_);
  for (size_t i = 0; i < kept_.size(); ++i) {
    if (outcomes[i]) {
      report(*kept_[i], *outcomes[i]);
    } else {
      report(*kept_[i], ItemStatus::kFailed, outcomes[i].error().message());
    }
  }
  kept_.clear();
}

void Engine::report(Transfer& transfer, ItemStatus status, std::string error) {
  ItemReport item{transfer.item.url, transfer.name, status, transfer.headers.status,
                  transfer.bytes, status == ItemStatus::kOk ? transfer.item.sha256 : "",
                  transfer.attempts, seconds_since(transfer.started), std::move(error),
                  transfer.renamed, transfer.changed_locally, transfer.warning};
  if (status == ItemStatus::kUnchanged || status == ItemStatus::kSkipped) item.bytes = 0;
  std::lock_guard lock(report_mutex_);
  switch (status) {
    case ItemStatus::kOk: ++summary_.ok; summary_.bytes += item.bytes; break;
    case ItemStatus::kUnchanged: ++summary_.unchanged; break;
    case ItemStatus::kSkipped: ++summary_.skipped; break;
    case ItemStatus::kFailed: ++summary_.failed; break;
    case ItemStatus::kInterrupted: ++summary_.interrupted; break;
  }
  ++progress_.done;
  if (callbacks_.on_item) callbacks_.on_item(item);
  source_.done(transfer.item);
}

void Engine::report_retry(const Transfer& transfer, const std::string& reason,
                          double wait_seconds) {
  std::lock_guard lock(report_mutex_);
  if (callbacks_.on_retry) callbacks_.on_retry(transfer.item.url, reason, wait_seconds);
}

void Engine::report_input_error(const Error& error) {
  Transfer transfer;
  transfer.item.url = error.subject();
  report(transfer, ItemStatus::kFailed, error.cause());
}

void Engine::progress(bool force) {
  if (!callbacks_.on_progress) return;
  std::unique_lock lock(report_mutex_, std::try_to_lock);
  if (!force && !lock.owns_lock()) return;  // another thread is reporting: no need to wait
  if (!lock.owns_lock()) lock.lock();
  auto now = Clock::now();
  if (!force && now - last_progress_ < kProgressInterval) return;
  last_progress_ = now;
  progress_.active = active.load();
  progress_.bytes = received_.load();
  progress_.seconds = std::chrono::duration<double>(now - started_).count();
  progress_.queued_all = input_done_;
  callbacks_.on_progress(progress_);
}

void Engine::wake_workers() {
  for (const auto& worker : workers_) worker->wake();
}

}  // namespace gofer::fetch
