// Journal: "Q depth target url\n" and "D size url\n<size bytes of rows>\n" records.
#include "journal.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <charconv>

#include <fmt/format.h>

namespace gofer::scrape {
namespace {

// A batch is written when it reaches this size, or when kSyncInterval has passed.
constexpr size_t kBatchBytes = 64 * 1024;
constexpr auto kSyncInterval = std::chrono::milliseconds(200);

template <class T>
bool parse_number(std::string_view text, T& value) {
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  return error == std::errc{} && end == text.data() + text.size();
}

// One record at `at`; false at the end or at a record cut short.
bool next_record(std::string_view text, size_t& at, Journal::Replay& replay) {
  size_t line_end = text.find('\n', at);
  if (line_end == text.npos || line_end - at < 2) return false;
  std::string_view line = text.substr(at, line_end - at);
  size_t first = line.find(' ', 2), second = line.find(' ', first + 1);
  if (first == line.npos) return false;
  if (line[0] == 'Q' && second != line.npos) {
    Journal::Queued queued;
    if (!parse_number(line.substr(2, first - 2), queued.depth) || queued.depth < 0 ||
        !parse_number(line.substr(first + 1, second - first - 1), queued.target)) {
      return false;
    }
    queued.url = std::string(line.substr(second + 1));
    replay.queued.push_back(std::move(queued));
    at = line_end + 1;
    return true;
  }
  size_t size = 0;
  if (line[0] != 'D' || !parse_number(line.substr(2, first - 2), size)) return false;
  // The rows and their closing newline must be there. `size` comes from the file: compared
  // with what is left, never added to (a damaged size near 2^64 wrapped around, and the rest
  // of the journal was replayed as rows once per such record).
  size_t left = text.size() - line_end - 1;
  if (left == 0 || size > left - 1 || text[line_end + 1 + size] != '\n') return false;
  replay.done.insert(std::string(line.substr(first + 1)));
  replay.rows.append(text.substr(line_end + 1, size));
  at = line_end + 1 + size + 1;
  return true;
}

}  // namespace

Result<Journal> Journal::open(const std::filesystem::path& path, bool fresh) {
  GOFER_TRY(make_directories(path.parent_path()));
  GOFER_TRY_ASSIGN(UniqueFd fd, open_file(path, O_RDWR | O_CREAT | O_APPEND | O_CLOEXEC, 0600));
  if (::flock(fd.get(), LOCK_EX | LOCK_NB) != 0) {
    return fail(Error(ErrorCategory::kBusy, "another run of this crawl holds its journal")
                    .with_subject(path.string()));
  }
  std::string existing;
  if (fresh) {
    if (::ftruncate(fd.get(), 0) != 0)
      return fail(Error::from_errno(errno).with_subject(path.string()));
  } else {
    GOFER_TRY_ASSIGN(existing, read_file(path));
  }
  return Journal(path, std::move(fd), std::move(existing));
}

Journal::Journal(Journal&&) noexcept = default;
Journal& Journal::operator=(Journal&&) noexcept = default;
Journal::~Journal() = default;

Journal::Replay Journal::parse(std::string_view text) {
  Replay replay;
  size_t at = 0;
  while (next_record(text, at, replay)) {
  }
  return replay;
}

void Journal::append(std::string_view record) {
  buffer_ += record;
  write_batch(false);
}

void Journal::flush_if_due() {
  std::lock_guard lock(*mutex_);
  if (!buffer_.empty()) write_batch(false);
}

void Journal::write_batch(bool force) {
  auto now = std::chrono::steady_clock::now();
  bool due = now - last_sync_ >= kSyncInterval;
  if (buffer_.size() < kBatchBytes && !due && !force) return;
  if (!failed_) return;
  if (auto written = write_all(fd_.get(), buffer_); !written) failed_ = fail(written.error());
  buffer_.clear();
  if (due) {
    last_sync_ = now;
    ::fdatasync(fd_.get());  // durability is best effort between batches; write() order is kept
  }
}

void Journal::queued(const std::string& url, int depth, uint32_t target) {
  std::lock_guard lock(*mutex_);
  append(fmt::format("Q {} {} {}\n", depth, target, url));
}

void Journal::done(const std::string& url, std::string_view rows) {
  std::lock_guard lock(*mutex_);
  std::string record = fmt::format("D {} {}\n", rows.size(), url);
  record += rows;
  record += '\n';
  append(record);
}

Status Journal::flush(bool sync) {
  std::lock_guard lock(*mutex_);
  GOFER_TRY(failed_);
  GOFER_TRY(with_context(write_all(fd_.get(), buffer_), "cannot write " + path_.string()));
  buffer_.clear();
  if (sync && ::fdatasync(fd_.get()) != 0) {
    return fail(Error::from_errno(errno).with_subject(path_.string()));
  }
  return {};
}

void Journal::remove() {
  std::error_code ignored;
  std::filesystem::remove(path_, ignored);
}

}  // namespace gofer::scrape
