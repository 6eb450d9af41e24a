// The resume journal of a crawl (Scrapy's JOBDIR): an append-only file in the state dir that
// records every URL queued (with its depth and target) and every page done with the rows it
// gave. After kill -9, the same command replays it: done pages are not fetched again, their
// rows are written from the journal, and the queue is rebuilt. Written in batches, fdatasync'd
// at most 5 times a second; a record cut short by the kill is ignored.
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <mutex>
#include <string>
#include <unordered_set>
#include <vector>

#include "gofer/error.hpp"
#include "gofer/fs.hpp"

namespace gofer::scrape {

class Journal {
 public:
  struct Queued {
    std::string url;
    int depth = 0;
    uint32_t target = 0;
  };
  // What an earlier, interrupted run left.
  struct Replay {
    std::vector<Queued> queued;  // in the order they were queued
    std::unordered_set<std::string> done;
    std::string rows;  // the rendered rows of the done pages, in order
  };

  // Opens (creates) the journal at `path` and takes an exclusive lock on it (kBusy if another
  // run holds it); `fresh` empties it first.
  [[nodiscard]] static Result<Journal> open(const std::filesystem::path& path, bool fresh);
  Journal(Journal&&) noexcept;
  Journal& operator=(Journal&&) noexcept;
  ~Journal();

  [[nodiscard]] Replay replay() const { return parse(existing_); }
  // The records of a journal's text, up to the first one that is cut short or malformed.
  [[nodiscard]] static Replay parse(std::string_view text);

  // Any thread.
  void queued(const std::string& url, int depth, uint32_t target);
  void done(const std::string& url, std::string_view rows);
  // Writes what is buffered; fdatasync when `sync`.
  [[nodiscard]] Status flush(bool sync);
  // Called every ~200 ms while the crawl runs: a batch waits at most that long, even when no
  // new record comes to push it out (a page that hangs for minutes).
  void flush_if_due();
  // The crawl completed: the journal is not needed to resume any more.
  void remove();

 private:
  Journal(std::filesystem::path path, UniqueFd fd, std::string existing)
      : path_(std::move(path)), fd_(std::move(fd)), existing_(std::move(existing)) {}
  void append(std::string_view record);
  // Under mutex_: writes the buffer when it is big enough or the interval passed (or `force`).
  void write_batch(bool force);

  std::filesystem::path path_;
  UniqueFd fd_;
  std::string existing_;  // the file as it was opened (for replay)
  std::unique_ptr<std::mutex> mutex_ = std::make_unique<std::mutex>();
  std::string buffer_;
  Status failed_;  // the first write error, reported by flush()
  std::chrono::steady_clock::time_point last_sync_ = std::chrono::steady_clock::now();
};

}  // namespace gofer::scrape
