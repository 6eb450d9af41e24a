// Committer: a small pool of threads putting bodies in place (see committer.hpp for why).
#include "committer.hpp"

namespace gofer::fetch {

Committer::~Committer() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  job_ready_.notify_all();
  for (std::thread& thread : threads_) thread.join();  // the queue is drained first
}

void Committer::submit(std::shared_ptr<Transfer> transfer) {
  ++in_flight_;
  {
    std::lock_guard lock(mutex_);
    queue_.push_back(std::move(transfer));
    // A new thread only when none is idle: small runs stay on few threads.
    if (idle_threads_ == 0 && static_cast<int>(threads_.size()) < max_threads_) {
      threads_.emplace_back([this] { work(); });
    }
  }
  job_ready_.notify_one();
}

void Committer::wait_idle() {
  std::unique_lock lock(mutex_);
  job_done_.wait(lock, [&] { return in_flight_.load() == 0; });
}

void Committer::work() {
  std::unique_lock lock(mutex_);
  for (;;) {
    ++idle_threads_;
    job_ready_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
    --idle_threads_;
    if (queue_.empty()) return;  // stopping, and nothing left to commit
    std::shared_ptr<Transfer> transfer = std::move(queue_.front());
    queue_.pop_front();
    lock.unlock();
    commit_(transfer);
    transfer.reset();
    lock.lock();
    --in_flight_;
    job_done_.notify_all();
    wake_();
  }
}

}  // namespace gofer::fetch
