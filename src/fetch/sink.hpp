// Where a transfer's body goes. The engine (loops, retries, limits, reports) is the same for
// `gofer fetch`, whose bodies become files under -d (FileSink), and `gofer scrape`, whose
// bodies are held in memory and handed to the parser (MemorySink).
#pragma once

#include <memory>
#include <span>
#include <string_view>
#include <vector>

#include "gofer/error.hpp"
#include "gofer/fetch/fetch.hpp"

namespace gofer::fetch {

struct Transfer;

class BodySink {
 public:
  virtual ~BodySink() = default;
  // Before the first attempt, under the input lock: names the body, looks up what --refresh
  // or --continue need. False: nothing to transfer (it exists already; reported as skipped).
  [[nodiscard]] virtual bool prepare(Transfer& transfer) = 0;
  // A 2xx body begins (from the write callback, or at the end of an empty body).
  [[nodiscard]] virtual Status open(Transfer& transfer) = 0;
  // The next piece of a body, after --max-size and --limit-rate let it through.
  [[nodiscard]] virtual Status write(Transfer& transfer, std::string_view data) = 0;
  // The body is complete (on the loop's thread): opens an empty one, checks it (SHA-256).
  [[nodiscard]] virtual Status verify(Transfer& transfer) = 0;
  // On a committer thread: puts the body where it belongs; the status is reported after it
  // returns (kOk, or kSkipped for a body the sink's user did not want).
  [[nodiscard]] virtual Result<ItemStatus> commit(Transfer& transfer) = 0;
  // The attempt failed and will be retried: what the next attempt resumes from.
  virtual void retrying(Transfer& transfer) = 0;
  // Given up (failed) or interrupted (Ctrl-C): what is kept of a partial body.
  virtual void abandon(Transfer& transfer, bool interrupted) = 0;
  // How many committer threads the run may use.
  [[nodiscard]] virtual int commit_threads(const FetchOptions& options) const;
  // True if a committed body is not done yet: the engine keeps it, reports nothing, and
  // hands all of them to settle() once the run's transfers are over (--durable=batch).
  [[nodiscard]] virtual bool settles_at_end() const { return false; }
  // The outcome of each kept body, in order.
  [[nodiscard]] virtual std::vector<Result<ItemStatus>> settle(
      std::span<const std::shared_ptr<Transfer>> /*kept*/) {
    return {};
  }
};

// The sink of run_fetch_to_memory (memory_sink.cpp); FileSink is fetch's (file_sink.hpp).
// make_stream_sink (stream_sink.cpp) writes to options.output_descriptor (-o -, a FIFO).
[[nodiscard]] std::unique_ptr<BodySink> make_memory_sink(const BodyHandler& handler,
                                                         const ConditionalLookup& conditional);

[[nodiscard]] std::unique_ptr<BodySink> make_stream_sink(const FetchOptions& options);

}  // namespace gofer::fetch
