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
  {
    std::lock_guard lock(mutex_);
    queue_.push_back(std::move(transfer));
    // A new thread only when none is idle: small runs stay on few threads.
    if (idle_threads_ == 0 && static_cast<int>(threads_.size()) < max_threads_) {
      threads_.emplace_back([this] { work(); });
    }
  }
  ++in_flight_;
  job_ready_.notify_one();
}

std::vector<Committer::Done> Committer::take_done(bool wait_for_all) {
  std::unique_lock lock(mutex_);
  if (wait_for_all) job_done_.wait(lock, [&] { return done_.size() == in_flight_; });
  std::vector<Done> done = std::move(done_);
  done_.clear();
  in_flight_ -= done.size();
  return done;
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
    Status status = commit_(*transfer);
    lock.lock();
    done_.push_back({std::move(transfer), std::move(status)});
    job_done_.notify_all();
    wake_();
  }
}

}  // namespace gofer::fetch
