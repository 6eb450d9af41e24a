// The fetch job's public interface: typed options, the streamed input, per-URL reports.
#pragma once

#include <sys/stat.h>

#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "gofer/error.hpp"
#include "gofer/fetch/naming.hpp"
#include "gofer/fetch/state.hpp"

namespace gofer::fetch {

// One URL to download; `name` and `sha256` come from -o/--sha256 or the input CSV.
struct FetchItem {
  std::string url;
  std::string name;    // empty: derive from the URL (or Content-Disposition)
  std::string sha256;  // lowercase hex, empty: no verification
};

enum class ItemStatus { kOk, kUnchanged, kSkipped, kFailed, kInterrupted };
[[nodiscard]] std::string_view to_string(ItemStatus status);

// Where the URLs come from. Pulled one at a time, so 100,000 queued URLs cost no handles.
class ItemSource {
 public:
  virtual ~ItemSource() = default;
  // nullopt when there is nothing now; an error for one malformed input line (reported, not
  // fatal). Called by one thread at a time.
  [[nodiscard]] virtual std::optional<Result<FetchItem>> next() = 0;
  // After next() gave nullopt: true when nothing can come any more. A crawl frontier says
  // false while pages it handed out are in flight (their links may join it), or while a
  // host's next request waits for its delay.
  [[nodiscard]] virtual bool finished() const { return true; }
  // Every item handed out ends here exactly once, after it was reported (any thread).
  virtual void done(const FetchItem& /*item*/) {}
};

// When a file reported OK is on stable storage (--durable).
enum class Durability {
  kFile,   // each file: data fsync'd, renamed, its directory fsync'd, then reported OK
  kBatch,  // all files: one syncfs at the end, then the renames and directory fsyncs, then OK
  kNone,   // renamed as soon as complete, never synced (curl, wget2): a crash may lose any
};

struct FetchOptions {
  std::filesystem::path directory = ".";
  std::filesystem::path state_directory;  // validators for --refresh live in <this>/fetch/
  int concurrency = 16;
  int threads = 0;  // event-loop threads; 0: one per usable CPU (capped by -j and --per-host)
  int per_host = 6;
  int retries = 3;
  double retry_base_seconds = 0.5;  // full-jitter backoff base (AWS architecture blog)
  double retry_cap_seconds = 30;
  double max_retry_wait_seconds = 60;
  double connect_timeout_seconds = 10;
  double timeout_seconds = 0;  // 0: none
  long stall_timeout_seconds = 60;
  bool continue_partial = false;
  bool skip_existing = false;
  bool refresh = false;
  bool remote_time = false;  // a file's mtime from Last-Modified (curl -R)
  bool content_disposition = false;
  std::optional<PathTemplate> name_template;  // --name-template: nested names like host/a/b.bin
  bool make_directories = false;              // --mkdir: create the directories it names
  Durability durability = Durability::kFile;
  bool spider = false;
  bool insecure = false;
  bool netrc = false;
  std::string ca_bundle;  // resolved by the caller with find_ca_bundle()
  std::vector<std::string> headers;
  std::string user_agent;
  int64_t max_size = -1;   // bytes, -1: unlimited
  int64_t limit_rate = 0;  // bytes/s per transfer, 0: unlimited
  long max_redirects = 10;
  std::map<std::string, std::string> checksums;  // file name -> sha256 (SHA256SUMS)
  bool always_sha256 = false;  // report every file's SHA-256 (--json), not only verified ones
  // -o naming a stream (stdout, a FIFO, a device): the body is written to this descriptor as
  // it arrives, no .part file, no rename, no -d; a retry after bytes went out fails instead.
  int output_descriptor = -1;
  std::string output_display;  // how reports name that stream ("-", "/dev/null")
  // -o replacing an existing file: its mode and owner, which the new file takes.
  std::optional<struct stat> replaced_file;
};

struct ItemReport {
  std::string url;
  std::string path;  // relative to the download directory; empty if none was chosen
  ItemStatus status = ItemStatus::kFailed;
  long http_status = 0;
  int64_t bytes = 0;
  std::string sha256;
  int attempts = 0;
  double seconds = 0;
  std::string error;     // empty unless failed
  bool renamed = false;  // the name was taken by an earlier URL, so ".N" was inserted
  // --refresh: the file was changed by hand since gofer wrote it, so it was fetched again.
  bool changed_locally = false;
  // OK, but something after the commit failed (its --refresh record could not be written).
  std::string warning;
};

struct Progress {
  int64_t done = 0;
  int64_t queued = 0;       // read from the input so far
  bool queued_all = false;  // the input is read to its end: `queued` is the total
  int64_t active = 0;
  int64_t bytes = 0;  // body bytes received in this run
  double seconds = 0;
};

struct FetchSummary {
  int64_t ok = 0, unchanged = 0, skipped = 0, failed = 0, interrupted = 0;
  int64_t bytes = 0;
  double seconds = 0;
  bool stopped = false;  // Ctrl-C/SIGTERM ended the run early
};

struct FetchCallbacks {
  std::function<void(const ItemReport&)> on_item;
  std::function<void(const Progress&)> on_progress;  // about every 200 ms
  // A transient failure that will be retried after `wait_seconds` (shown with -v).
  std::function<void(const std::string& url, const std::string& reason, double wait_seconds)>
      on_retry;
};

// Runs every item of `source`; per-URL failures are reports, only setup failures are errors.
[[nodiscard]] Result<FetchSummary> run_fetch(ItemSource& source, const FetchOptions& options,
                                             const FetchCallbacks& callbacks);

// A complete 2xx body held in memory (gofer scrape), with what a parser needs of its response.
struct FetchedBody {
  const FetchItem& item;
  std::string_view effective_url;  // after redirects
  long http_status = 0;
  std::string_view content_type;  // the header's value, empty if none was sent
  std::string_view body;          // decoded (Content-Encoding), at most --max-size bytes
  std::string_view etag;          // validators of the response, empty if none were sent
  std::string_view last_modified;
};
// Called on a committer thread, up to memory_handler_threads() at once, before the item is
// reported. Returns
// the item's status: kOk, or kSkipped for a body it did not want; an error reports it failed.
using BodyHandler = std::function<Result<ItemStatus>(const FetchedBody&)>;
// The validators to send with an item (If-None-Match / If-Modified-Since), if any; called
// once before its first attempt. A 304 answer to them is reported kUnchanged, without a body.
using ConditionalLookup = std::function<std::optional<Validators>(const FetchItem&)>;

// run_fetch, with each body in memory instead of a file: the same engine (-j, --per-host,
// retries, Retry-After, timeouts, --max-size, headers); `options.directory` is not used.
// Memory: each body is bounded by options.max_size (which must be set, >= 0), and at most
// 4 x -j bodies wait for the handler at once. `conditional` (may be empty) makes requests
// conditional, as --refresh does for files.
// The committer threads of run_fetch_to_memory, so the bodies its handler holds at once: one
// per usable CPU, at most -j and 8. The handler parses (CPU-bound: more threads than CPUs add
// no speed) and a page's tree takes ~25x its size; with 8 threads on 2 CPUs, a crawl of big
// pages held 8 trees at once (190 MB of a 250 MB peak).
[[nodiscard]] int memory_handler_threads(const FetchOptions& options);

[[nodiscard]] Result<FetchSummary> run_fetch_to_memory(ItemSource& source,
                                                       const FetchOptions& options,
                                                       const FetchCallbacks& callbacks,
                                                       const BodyHandler& handler,
                                                       const ConditionalLookup& conditional = {});

}  // namespace gofer::fetch
