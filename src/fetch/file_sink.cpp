// FileSink: naming, .part files, SHA-256, commits and their recorded validators.
#include "file_sink.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <array>
#include <chrono>
#include <cstring>
#include <memory>

#include <fmt/format.h>

#include "gofer/output_file.hpp"
#include "transfer.hpp"

namespace gofer::fetch {
namespace {

constexpr size_t kReadBackBytes = 1 << 16;
// While a body streams in, its writeback is started every this many bytes, so the final fsync
// finds little left to write and the disk works while the network does (--durable=file|batch).
constexpr int64_t kWritebackChunk = 8 << 20;

// Starts writing the part's new bytes to disk without waiting, and drops the pages of the
// chunks before them from the page cache (written by now): a nightly mirror of large files
// then neither waits for them at the end nor evicts everything else cached.
void start_writeback(Transfer& transfer, int64_t part_end) {
  if (part_end - transfer.written_back < kWritebackChunk) return;
  int fd = transfer.part.get();
  ::sync_file_range(fd, transfer.written_back, part_end - transfer.written_back,
                    SYNC_FILE_RANGE_WRITE);
  if (transfer.written_back > 0) ::posix_fadvise(fd, 0, transfer.written_back, POSIX_FADV_DONTNEED);
  transfer.written_back = part_end;
}

// libcurl 7.88 hands a body to the write callback in pieces of at most 16 KiB
// (CURL_MAX_WRITE_SIZE, whatever CURLOPT_BUFFERSIZE says), and each piece used to be one
// write(): 64,000 of them per GB. On ext4 with large folios (Linux 6.16+) each write() walks
// the buffer heads of the whole folio it lands in (block_commit_write: 12% of the CPU of a
// 20 x 50 MB run, against 4% for wget2's 87 KB writes), so the pieces are gathered into
// writes of up to this size. Measured on 20 x 50 MB: 256 KiB (one receive buffer) took the
// least CPU; 1 MiB saved as much in the kernel but lost it copying out of the CPU's cache.
constexpr size_t kWriteBufferBytes = 256 << 10;
// ...or once the oldest of them waited this long: on a slow link the .part keeps growing as
// the body arrives (what `ls -l` shows, and what a kill -9 leaves for --continue).
constexpr auto kMaxPendingAge = std::chrono::milliseconds(100);

Status write_part(Transfer& transfer, std::string_view data, Durability durability) {
  if (auto written = write_all(transfer.part.get(), data); !written) {
    return fail(written.error().with_subject(transfer.name + ".part"));
  }
  transfer.on_disk += static_cast<int64_t>(data.size());
  // Best effort, hence unchecked: the fsync at the commit is what the promise rests on.
  if (durability != Durability::kNone) start_writeback(transfer, transfer.on_disk);
  return {};
}

Status flush_pending(Transfer& transfer, Durability durability) {
  PendingWrites& pending = transfer.pending;
  if (pending.size == 0) return {};
  std::string_view data(pending.data.get(), pending.size);
  pending.size = 0;  // written now or never: a failed write ends the attempt
  return write_part(transfer, data, durability);
}

// A body announced smaller than the buffer is written as it comes: its few writes cost less
// than a buffer per transfer did (1000 x 100 KB at -j 50: 20% more CPU with one).
void start_pending(Transfer& transfer) {
  int64_t announced = transfer.headers.content_length;
  bool small = announced >= 0 && static_cast<size_t>(announced) < kWriteBufferBytes;
  transfer.pending.size = 0;
  transfer.pending.capacity = small ? 0 : kWriteBufferBytes;
  transfer.pending.data.reset();
  if (!small) transfer.pending.data = std::make_unique_for_overwrite<char[]>(kWriteBufferBytes);
}

// Feeds the bytes already in a resumed .part to the hasher, so the digest covers the file.
Status read_back(Transfer& transfer) {
  std::array<char, kReadBackBytes> buffer{};
  off_t offset = 0;
  for (;;) {
    ssize_t got = ::pread(transfer.part.get(), buffer.data(), buffer.size(), offset);
    if (got < 0) return fail(Error::from_errno(errno).with_subject(transfer.name + ".part"));
    if (got == 0) return {};
    EVP_DigestUpdate(transfer.hasher.get(), buffer.data(), static_cast<size_t>(got));
    offset += got;
  }
}

}  // namespace

bool FileSink::prepare(Transfer& transfer) {
  const FetchItem& it = transfer.item;
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
    transfer.name = names_.claim(name, transfer.renamed);
  }
  transfer.expected_sha256 = it.sha256;
  if (auto sum = options_.checksums.find(transfer.name);
      transfer.expected_sha256.empty() && sum != options_.checksums.end()) {
    transfer.expected_sha256 = sum->second;
  }
  // Only these two options care; a plain run spares the lookup (one fstatat per URL).
  bool look = !transfer.name.empty() && !options_.spider;
  if (look && options_.skip_existing && directory_.exists(transfer.name)) return false;
  if (look && options_.refresh) {
    if (auto file = directory_.stamp(transfer.name)) set_conditional(transfer, *file);
  }
  if (options_.continue_partial && !transfer.name.empty()) {
    transfer.resume_offset = directory_.part_size(transfer.name);
    if (auto part = store_.load(it.url, transfer.name + std::string(kPartSuffix))) {
      transfer.part_validators = part->validators;
    }
  }
  return true;
}

void FileSink::set_conditional(Transfer& transfer, const FileStamp& file) const {
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

Status FileSink::open(Transfer& transfer) {
  if (transfer.name.empty()) {
    std::string name = url_name(options_, transfer.item.url);
    if (auto server_name = name_from_content_disposition(transfer.headers.content_disposition)) {
      name = *server_name;
    }
    std::lock_guard lock(names_mutex_);
    transfer.name = names_.claim(name, transfer.renamed);
  }
  bool append = transfer.resume_offset > 0 && transfer.headers.status == 206 &&
                transfer.headers.range_start == transfer.resume_offset;
  if (transfer.resume_offset > 0 && !append) transfer.resume_offset = 0;  // range ignored
  GOFER_TRY_ASSIGN(transfer.part, directory_.open_part(transfer.name, append));
  if (options_.replaced_file) {  // -o over an existing file: the new one is the same to ls -l
    GOFER_TRY(keep_file_attributes(transfer.part.get(), *options_.replaced_file,
                                   transfer.name + std::string(kPartSuffix)));
  }
  start_hash(transfer, options_.always_sha256 || !transfer.expected_sha256.empty());
  transfer.bytes = 0;
  if (append) {
    if (transfer.hasher) GOFER_TRY(read_back(transfer));
    transfer.bytes = transfer.resume_offset;
  }
  transfer.written_back = transfer.on_disk = transfer.bytes;
  start_pending(transfer);
  return check_announced_size(transfer);
}

Status FileSink::write(Transfer& transfer, std::string_view data) {
  if (transfer.hasher) EVP_DigestUpdate(transfer.hasher.get(), data.data(), data.size());
  PendingWrites& pending = transfer.pending;
  if (pending.size + data.size() > pending.capacity) {
    GOFER_TRY(flush_pending(transfer, options_.durability));
  }
  if (data.size() >= pending.capacity) return write_part(transfer, data, options_.durability);
  auto now = std::chrono::steady_clock::now();
  if (pending.size == 0) pending.since = now;
  std::memcpy(pending.data.get() + pending.size, data.data(), data.size());
  pending.size += data.size();
  if (now - pending.since >= kMaxPendingAge) return flush_pending(transfer, options_.durability);
  return {};
}

Status FileSink::verify(Transfer& transfer) {
  if (!transfer.part.valid()) GOFER_TRY(open(transfer));  // an empty body never reached write
  Status flushed = flush_pending(transfer, options_.durability);
  transfer.pending = {};  // a body waiting for its commit holds no buffer
  if (!flushed) {
    abandon(transfer, false);
    return flushed;
  }
  std::string digest = finish_hash(transfer);
  if (!transfer.expected_sha256.empty() && digest != transfer.expected_sha256) {
    transfer.part.reset();
    // Kept as .part for inspection, never under the final name.
    return fail(ErrorCategory::kInvalidData,
                fmt::format("SHA-256 mismatch: expected {}, got {} (kept as {}.part)",
                            transfer.expected_sha256, digest, transfer.name));
  }
  transfer.item.sha256 = digest;
  return {};
}

Result<ItemStatus> FileSink::commit(Transfer& transfer) {
  std::optional<time_t> mtime;
  if (options_.remote_time && !transfer.headers.last_modified.empty()) {
    time_t parsed = curl_getdate(transfer.headers.last_modified.c_str(), nullptr);
    if (parsed >= 0) mtime = parsed;  // -1: not a date; the file keeps the download time
  }
  if (options_.durability == Durability::kBatch) {
    GOFER_TRY_ASSIGN(transfer.closed_part, directory_.close_part(std::move(transfer.part),
                                                                 transfer.name, mtime, false));
    return ItemStatus::kOk;  // not reported until settle()
  }
  GOFER_TRY_ASSIGN(FileStamp file, directory_.commit(std::move(transfer.part), transfer.name,
                                                     mtime, options_.durability));
  record_validators(transfer, file);
  return ItemStatus::kOk;
}

// Recorded after every download, so that the first --refresh run can already ask for a 304.
// A failed state write costs only a full download next time; the file itself is fine, so the
// item stays OK, with a warning. Not fsync'd (see ValidatorStore::save): a record is written
// only once its file is durable, so whatever of it survives a crash describes a file that did.
void FileSink::record_validators(Transfer& transfer, const FileStamp& file) const {
  Validators validators{transfer.headers.etag, transfer.headers.last_modified};
  if (validators.empty()) {
    store_.forget(transfer.item.url);
  } else if (Status saved = store_.save(transfer.item.url, transfer.name, validators, file);
             !saved) {
    transfer.warning = fmt::format(
        "its validators were not recorded ({}): the next --refresh run downloads it in full",
        saved.error().message());
  }
}

// The data first (one syncfs writes every part at once), then the renames, which become
// durable with one fsync per directory: a crash at any point leaves each name holding the
// old file or the complete new one, as with --durable=file.
std::vector<Result<ItemStatus>> FileSink::settle(std::span<const std::shared_ptr<Transfer>> kept) {
  std::vector<std::string> names;
  for (const auto& transfer : kept) names.push_back(transfer->name);
  std::vector<Result<ItemStatus>> outcomes;
  Status synced = with_context(directory_.sync_filesystems(names), "cannot sync the downloads");
  for (const auto& transfer : kept) {
    Status renamed = synced ? directory_.rename_part(transfer->name) : synced;
    outcomes.push_back(renamed ? Result<ItemStatus>(ItemStatus::kOk) : fail(renamed.error()));
  }
  Status directories = directory_.sync_directories(names);
  for (size_t i = 0; i < kept.size(); ++i) {
    if (!outcomes[i]) continue;
    if (!directories) {
      outcomes[i] = fail(directories.error());
      continue;
    }
    record_validators(*kept[i], *kept[i]->closed_part);
  }
  return outcomes;
}

void FileSink::retrying(Transfer& transfer) {
  // The next attempt appends to what reached the .part; if the rest cannot, it starts over.
  bool flushed = transfer.part.valid() && flush_pending(transfer, options_.durability);
  transfer.pending = {};
  transfer.part.reset();
  if (options_.continue_partial && flushed && transfer.on_disk > 0 && !transfer.name.empty()) {
    transfer.resume_offset = transfer.on_disk;  // pick up where the connection dropped
    transfer.part_validators = Validators{transfer.headers.etag, transfer.headers.last_modified};
  }
}

// A failed body is removed unless --continue keeps it; an interrupted one is always kept
// (with its validators) for a later --continue.
void FileSink::abandon(Transfer& transfer, bool interrupted) {
  // Best effort: a kept .part is resumed from its size on disk, whatever reached it.
  bool kept = interrupted || options_.continue_partial;
  if (kept && transfer.part.valid()) (void)flush_pending(transfer, options_.durability);
  transfer.pending = {};
  transfer.part.reset();
  if (transfer.name.empty() || !transfer.body_wanted) return;
  if (interrupted || options_.continue_partial) {
    (void)store_.save(transfer.item.url, transfer.name + std::string(kPartSuffix),
                      {transfer.headers.etag, transfer.headers.last_modified});
  } else {
    directory_.remove_part(transfer.name);
  }
}

}  // namespace gofer::fetch
