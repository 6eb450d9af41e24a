// Engine: the shared side of a fetch run: handing out items, naming and --refresh lookups,
// commits and their records, serialized reports.
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

int worker_count(const FetchOptions& options) {
  int wanted = options.threads > 0 ? options.threads : usable_cpus();
  // Each worker needs at least one -j slot and one --per-host connection of its own.
  return std::max(1, std::min({wanted, options.concurrency, options.per_host}));
}

Engine::Engine(ItemSource& source, const FetchOptions& options, const FetchCallbacks& callbacks,
               DownloadDir directory)
    : source_(source),
      options_(options),
      callbacks_(callbacks),
      directory_(std::move(directory)),
      store_(options.state_directory / "fetch"),
      context_{options, directory_, &received_, &names_, &names_mutex_},
      max_commits_(kCommitsPerSlot * static_cast<size_t>(options.concurrency)),
      committer_([this](Transfer& transfer) { commit(transfer); },
                 std::min(options.concurrency, kMaxCommitThreads), [this] { wake_workers(); }) {}

Engine::~Engine() = default;

std::shared_ptr<Transfer> Engine::take() {
  if (input_done_) return nullptr;  // spares the lock on every loop once the input is used up
  std::lock_guard lock(input_mutex_);
  while (!input_done_) {
    auto next = source_.next();
    if (!next) {
      input_done_ = true;
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
  const FetchItem& it = transfer->item;
  if (auto checked = check_url(it.url); !checked) {
    report(*transfer, ItemStatus::kFailed, checked.error().cause());
    return nullptr;
  }
  // With --content-disposition the server names the file, so the name waits for its headers.
  bool named = true;
  std::string name;
  if (!it.name.empty()) {
    name = sanitize_name(it.name);
    if (name.empty()) name = std::string(kDefaultName);
  } else if (!options_.content_disposition || options_.skip_existing || options_.refresh) {
    name = url_name(options_, it.url);
  } else {
    named = false;
  }
  if (named) {
    std::lock_guard lock(names_mutex_);
    transfer->name = names_.claim(name, transfer->renamed);
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

void Engine::submit(std::shared_ptr<Transfer> transfer) { committer_.submit(std::move(transfer)); }

bool Engine::may_start() const { return committer_.in_flight() < max_commits_; }

void Engine::commit(Transfer& transfer) {
  std::optional<time_t> mtime;
  if (options_.remote_time && !transfer.headers.last_modified.empty()) {
    time_t parsed = curl_getdate(transfer.headers.last_modified.c_str(), nullptr);
    if (parsed >= 0) mtime = parsed;  // -1: not a date; the file keeps the download time
  }
  auto file = directory_.commit(std::move(transfer.part), transfer.name, mtime);
  if (!file) return report(transfer, ItemStatus::kFailed, file.error().message());
  // Recorded after every download, so that the first --refresh run can already ask for a 304.
  // A failed state write costs only a full download next time; the file itself is fine, so
  // the item stays OK, with a warning.
  Validators validators{transfer.headers.etag, transfer.headers.last_modified};
  if (validators.empty()) {
    store_.forget(transfer.item.url);
  } else if (Status saved = store_.save(transfer.item.url, transfer.name, validators, *file);
             !saved) {
    transfer.warning = fmt::format(
        "its validators were not recorded ({}): the next --refresh run downloads it in full",
        saved.error().message());
  }
  report(transfer, ItemStatus::kOk);
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
  callbacks_.on_progress(progress_);
}

void Engine::wake_workers() {
  for (const auto& worker : workers_) worker->wake();
}

}  // namespace gofer::fetch
