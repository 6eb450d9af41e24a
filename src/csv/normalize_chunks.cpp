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
#include <cstdlib>
#include <deque>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "gofer/cpu_load.hpp"
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

class ChunkPipeline {
 public:
  ChunkPipeline(NormalizeSink& head, NormalizeReport& report, const NormalizeOptions& options,
                const WriteFn& output, const WriteFn& rejects)
      : head_(head),
        report_(report),
        options_(options),
        output_(output),
        rejects_(rejects),
        threads_(normalize_threads(options)) {}
  ChunkPipeline(const ChunkPipeline&) = delete;
  ChunkPipeline& operator=(const ChunkPipeline&) = delete;
  ~ChunkPipeline() { stop(); }

  // A chunk to fill: a used one (its buffers keep their capacity: no page faults per chunk)
  // or a new one.
  [[nodiscard]] std::unique_ptr<Chunk> take_chunk();
  [[nodiscard]] Status submit(std::unique_ptr<Chunk> chunk);
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
  std::vector<std::unique_ptr<Chunk>> free_;      // written chunks to reuse; main thread only
  std::mutex mutex_;
  std::condition_variable work_ready_;
  std::condition_variable chunk_done_;
  std::deque<Chunk*> queue_;  // guarded by mutex_
  bool stopping_ = false;     // guarded by mutex_
  std::vector<std::thread> workers_;
};

std::unique_ptr<Chunk> ChunkPipeline::take_chunk() {
  if (free_.empty()) return std::make_unique<Chunk>();
  std::unique_ptr<Chunk> chunk = std::move(free_.back());
  free_.pop_back();
  chunk->text.clear();
  chunk->report = {};
  chunk->out.clear();
  chunk->rejects.clear();
  chunk->status = {};
  chunk->done = false;
  return chunk;
}

Status ChunkPipeline::submit(std::unique_ptr<Chunk> chunk) {
  if (!head_.ready_to_fork()) {
    GOFER_TRY(run_here(*chunk));
    free_.push_back(std::move(chunk));
    return {};
  }
  if (workers_.empty()) {
    for (size_t i = 0; i < threads_; ++i) workers_.emplace_back([this] { work(); });
  }
  {
    std::lock_guard lock(mutex_);
    queue_.push_back(chunk.get());
  }
  work_ready_.notify_one();
  in_flight_.push_back(std::move(chunk));
  // Bounded: two chunks per thread keep the workers busy through scheduling delays on a
  // loaded machine, and memory flat.
  while (in_flight_.size() > 2 * threads_ + 1) GOFER_TRY(collect_front());
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
  free_.push_back(std::move(in_flight_.front()));
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
    sink.reuse_output_buffers(std::move(chunk->out), std::move(chunk->rejects));
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
  size_t cores = std::clamp<size_t>(std::thread::hardware_concurrency(), 1, kMaxThreads);
  // Chunking costs about 40% more CPU (the skim, a copy, handoffs) and pays only on idle
  // cores: with every core already busy (measured at load 11 on 2 cores: 363 MB/s serial,
  // 173 MB/s chunked), one thread is faster.
  if (auto busy = other_runnable_tasks(); busy && *busy >= static_cast<double>(cores)) return 1;
  return cores;
}

Status normalize_in_chunks(DecodedInput& input, NormalizeSink& head, NormalizeReport& report,
                           uint64_t first_line, const NormalizeOptions& options,
                           const WriteFn& output, const WriteFn& rejects) {
  const size_t chunk_bytes = options.chunk_bytes > 0 ? options.chunk_bytes : kChunkBytes;
  // Skimmed in quarters: a chunk is cut soon after it reaches chunk_bytes, not up to a whole
  // piece later (tests use one-byte pieces).
  const size_t piece_bytes = std::max<size_t>(chunk_bytes / 4, 1);
  head.keep_output();
  ChunkPipeline pipeline(head, report, options, output, rejects);
  NullSink null_sink;
  Parser skimmer(report.dialect, null_sink, first_line);
  skimmer.skim_only(true);
  if (options.max_record_bytes > 0) skimmer.set_max_record_bytes(options.max_record_bytes);
  // The chunk being filled: decoded text from its start on, the last record maybe cut.
  std::unique_ptr<Chunk> filling = pipeline.take_chunk();
  filling->start = {0, first_line, false};
  for (bool more = true; more;) {
    std::string_view text = input.text();
    for (size_t at = 0; at < text.size(); at += piece_bytes) {
      std::string_view piece = text.substr(at, piece_bytes);
      filling->text.append(piece);
      Status fed = skimmer.feed(piece);
      Parser::ResumePoint point = skimmer.resume_point();
      size_t ready = point.offset - filling->start.offset;
      if (ready >= chunk_bytes || (!fed && ready > 0)) {
        std::unique_ptr<Chunk> next = pipeline.take_chunk();
        next->start = point;
        next->text.append(std::string_view(filling->text).substr(ready));
        filling->text.resize(ready);
        GOFER_TRY(pipeline.submit(std::move(filling)));
        filling = std::move(next);
      }
      if (!fed) {
        // The records before the one the skimmer failed on come first, as in a serial run.
        GOFER_TRY(pipeline.drain());
        return fed;
      }
    }
    GOFER_TRY_ASSIGN(more, input.next());
  }
  GOFER_TRY(pipeline.submit(std::move(filling)));
  GOFER_TRY(pipeline.drain());
  return head.finish();
}

}  // namespace gofer::csv
