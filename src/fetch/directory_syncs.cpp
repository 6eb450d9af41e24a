// DirectorySyncs: one thread syncs a round of directories while the others wait for it.
#include "directory_syncs.hpp"

namespace gofer::fetch {

uint64_t DirectorySyncs::renamed(const std::string& directory) {
  std::lock_guard lock(mutex_);
  pending_.insert(directory);
  return ++issued_;
}

Status DirectorySyncs::wait(uint64_t ticket, const SyncFunction& sync) {
  std::unique_lock lock(mutex_);
  while (synced_ < ticket && !failure_) {
    if (running_) {
      round_done_.wait(lock);
      continue;
    }
    running_ = true;
    uint64_t covers = issued_;  // every rename with a ticket up to here returned already
    std::set<std::string> directories = std::move(pending_);
    pending_.clear();
    lock.unlock();
    Status result;
    for (const std::string& directory : directories) {
      result = sync(directory);
      if (!result) break;
    }
    lock.lock();
    running_ = false;
    if (!result) failure_ = result.error();
    synced_ = covers;
    round_done_.notify_all();
  }
  if (failure_) return fail(*failure_);
  return {};
}

}  // namespace gofer::fetch
