// Chunked normalize (see normalize_chunks.hpp).
//
// The main thread reads and decodes the input and feeds it to a skimming Parser, which is the
// same state machine as every other parser (quote state, doubled quotes, CR/LF/CRLF split
// anywhere, backslash escapes, line numbers) but builds no fields on its fast path. After each
// piece it reports where the record being read starts; the text before that point is a chunk
// of whole records, handed with its starting line to a worker, whose Parser resumes there.
// Until the header has been seen, chunks run on the main thread with the head sink, so that
// every later chunk's sink starts from the same column decisions.
#include "normalize_chunks.hpp"

#include <algorithm>
#include <condition_variable>
#include <deque>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "gofer/csv/parser.hpp"

namespace gofer::csv {
namespace {

// Large enough that per-chunk costs (a thread handoff, a sink copy) vanish, small enough that
// a few chunks in flight stay far below the memory bound.
constexpr size_t kChunkBytes = size_t{1} << 20;
constexpr size_t kMaxThreads = 8;

class NullSink final : public RecordSink {
 public:
  Status on_record(const Record& /*record*/) override { return {}; }
};

struct Chunk {
  std::string text;
  Parser::ResumePoint start;
  NormalizeReport report;
  std::string out;
  std::string rejects;
  Status status;
  bool done = false;  // guarded by ChunkPipeline::mutex_
};

[[nodiscard]] Status parse_chunk(Chunk& chunk, NormalizeSink& sink, const Dialect& dialect,
                                 size_t max_record_bytes) {
  Parser parser(dialect, sink);
  parser.resume_from(chunk.start);
  if (max_record_bytes > 0) parser.set_max_record_bytes(max_record_bytes);
  Status status = parser.feed(chunk.text);
  if (status) status = parser.finish();
  chunk.report.blank_lines += parser.blank_lines();
  return status;
}

// The first `size` bytes of `pending` are handed out; the rest stays.
std::string split_front(std::string& pending, size_t size) {
  std::string rest = pending.substr(size);
  std::string front = std::move(pending);
  front.resize(size);
  pending = std::move(rest);
  return front;
}

class ChunkPipeline {
 public:
  ChunkPipeline(NormalizeSink& head, NormalizeReport& report, const NormalizeOptions& options,
                const WriteFn& output, const WriteFn& rejects)
      : head_(head), report_(report), options_(options), output_(output), rejects_(rejects),
        threads_(normalize_threads(options)) {}
  ChunkPipeline(const ChunkPipeline&) = delete;
  ChunkPipeline& operator=(const ChunkPipeline&) = delete;
  ~ChunkPipeline() { stop(); }

  [[nodiscard]] Status submit(std::string text, const Parser::ResumePoint& start);
  // Waits for every chunk in flight and writes them; the first error in input order wins.
  [[nodiscard]] Status drain();

 private:
  [[nodiscard]] Status run_here(Chunk& chunk);
  [[nodiscard]] Status collect_front();
  [[nodiscard]] bool front_done();
  [[nodiscard]] Status write(Chunk& chunk);
  void work();
  void stop();

  NormalizeSink& head_;
  NormalizeReport& report_;
  const NormalizeOptions& options_;
  const WriteFn& output_;
  const WriteFn& rejects_;
  const size_t threads_;
  std::deque<std::unique_ptr<Chunk>> in_flight_;  // input order; main thread only
  std::mutex mutex_;
  std::condition_variable work_ready_;
  std::condition_variable chunk_done_;
  std::deque<Chunk*> queue_;  // guarded by mutex_
  bool stopping_ = false;     // guarded by mutex_
  std::vector<std::thread> workers_;
};

Status ChunkPipeline::submit(std::string text, const Parser::ResumePoint& start) {
  auto chunk = std::make_unique<Chunk>();
  chunk->text = std::move(text);
  chunk->start = start;
  if (!head_.ready_to_fork()) return run_here(*chunk);
  if (workers_.empty()) {
    for (size_t i = 0; i < threads_; ++i) workers_.emplace_back([this] { work(); });
  }
  {
    std::lock_guard lock(mutex_);
    queue_.push_back(chunk.get());
  }
  work_ready_.notify_one();
  in_flight_.push_back(std::move(chunk));
  // Bounded: a chunk per thread and one ready to write keep the workers busy, memory flat.
  while (in_flight_.size() > threads_ + 1) GOFER_TRY(collect_front());
  while (!in_flight_.empty() && front_done()) GOFER_TRY(collect_front());
  return {};
}

Status ChunkPipeline::run_here(Chunk& chunk) {
  GOFER_TRY(parse_chunk(chunk, head_, report_.dialect, options_.max_record_bytes));
  report_.blank_lines += chunk.report.blank_lines;
  chunk.out = head_.take_output();
  chunk.rejects = head_.take_rejects();
  return write(chunk);
}

Status ChunkPipeline::write(Chunk& chunk) {
  if (!chunk.out.empty()) GOFER_TRY(output_(chunk.out));
  if (!chunk.rejects.empty() && rejects_) GOFER_TRY(rejects_(chunk.rejects));
  return {};
}

bool ChunkPipeline::front_done() {
  std::lock_guard lock(mutex_);
  return in_flight_.front()->done;
}

Status ChunkPipeline::collect_front() {
  Chunk& chunk = *in_flight_.front();
  {
    std::unique_lock lock(mutex_);
    chunk_done_.wait(lock, [&] { return chunk.done; });
  }
  GOFER_TRY(chunk.status);
  GOFER_TRY(write(chunk));
  merge_report(report_, chunk.report);
  in_flight_.pop_front();
  return {};
}

Status ChunkPipeline::drain() {
  while (!in_flight_.empty()) GOFER_TRY(collect_front());
  return {};
}

void ChunkPipeline::work() {
  while (true) {
    Chunk* chunk = nullptr;
    {
      std::unique_lock lock(mutex_);
      work_ready_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
      if (stopping_) return;
      chunk = queue_.front();
      queue_.pop_front();
    }
    NormalizeSink sink(head_, chunk->report);
    chunk->status = parse_chunk(*chunk, sink, report_.dialect, options_.max_record_bytes);
    chunk->out = sink.take_output();
    chunk->rejects = sink.take_rejects();
    {
      std::lock_guard lock(mutex_);
      chunk->done = true;
    }
    chunk_done_.notify_all();
  }
}

void ChunkPipeline::stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  work_ready_.notify_all();
  for (std::thread& worker : workers_) worker.join();
  workers_.clear();
}

}  // namespace

size_t normalize_threads(const NormalizeOptions& options) {
  if (options.threads > 0) return std::min(options.threads, kMaxThreads);
  return std::clamp<size_t>(std::thread::hardware_concurrency(), 1, kMaxThreads);
}

Status normalize_in_chunks(DecodedInput& input, NormalizeSink& head, NormalizeReport& report,
                           uint64_t first_line, const NormalizeOptions& options,
                           const WriteFn& output, const WriteFn& rejects) {
  const size_t chunk_bytes = options.chunk_bytes > 0 ? options.chunk_bytes : kChunkBytes;
  head.keep_output();
  ChunkPipeline pipeline(head, report, options, output, rejects);
  NullSink null_sink;
  Parser skimmer(report.dialect, null_sink, first_line);
  skimmer.skim_only(true);
  if (options.max_record_bytes > 0) skimmer.set_max_record_bytes(options.max_record_bytes);
  std::string pending;  // decoded text from `start` on, not handed out yet
  Parser::ResumePoint start{0, first_line, false};
  for (bool more = true; more;) {
    std::string_view text = input.text();
    for (size_t at = 0; at < text.size(); at += chunk_bytes) {
      std::string_view piece = text.substr(at, chunk_bytes);
      pending.append(piece);
      Status fed = skimmer.feed(piece);
      Parser::ResumePoint point = skimmer.resume_point();
      size_t ready = point.offset - start.offset;
      if (ready >= chunk_bytes || (!fed && ready > 0)) {
        GOFER_TRY(pipeline.submit(split_front(pending, ready), start));
        start = point;
      }
      if (!fed) {
        // The records before the one the skimmer failed on come first, as in a serial run.
        GOFER_TRY(pipeline.drain());
        return fed;
      }
    }
    GOFER_TRY_ASSIGN(more, input.next());
  }
  GOFER_TRY(pipeline.submit(std::move(pending), start));
  GOFER_TRY(pipeline.drain());
  return head.finish();
}

}  // namespace gofer::csv
