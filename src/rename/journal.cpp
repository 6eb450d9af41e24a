// The rename journal: a plain-text file per run under STATE/rename/, written before the first
// rename (one fsync) and reconciled against the disk for undo and crash recovery.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <charconv>
#include <chrono>
#include <ctime>
#include <optional>

#include <fmt/chrono.h>
#include <fmt/format.h>

#include "execution.hpp"
#include "gofer/atomic_file.hpp"
#include "gofer/fs.hpp"

namespace gofer::rename {
namespace {

// Version 3: a directory table, then one line per step naming entries by directory index.
constexpr std::string_view kMagic = "gofer-rename-journal 3";

bool needs_escape(char c) {
  auto byte = static_cast<unsigned char>(c);
  return byte < 0x20 || byte == '%' || byte == 0x7f;
}

// Paths may hold any byte but NUL and '/': escape the ones that would break the line format.
// Appends in place: the journal of a big run is one string, built without a copy per field.
void append_escaped(std::string& out, std::string_view text) {
  if (std::none_of(text.begin(), text.end(), needs_escape)) {
    out += text;
    return;
  }
  for (char c : text) {
    if (needs_escape(c)) {
      out += fmt::format("%{:02X}", static_cast<unsigned char>(c));
    } else {
      out += c;
    }
  }
}

std::string escape_field(std::string_view text) {
  std::string out;
  append_escaped(out, text);
  return out;
}

// False for a damaged escape ("%" not followed by two hex digits).
bool unescape_into(std::string_view text, std::string& out) {
  out.clear();
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '%') {
      out += text[i];
      continue;
    }
    unsigned byte = 0;
    if (i + 2 >= text.size()) return false;
    auto [end, code] = std::from_chars(text.data() + i + 1, text.data() + i + 3, byte, 16);
    if (code != std::errc() || end != text.data() + i + 3) return false;
    out += static_cast<char>(byte);
    i += 2;
  }
  return true;
}

Error corrupt(const std::filesystem::path& file, std::string_view what) {
  return Error(ErrorCategory::kInvalidData, fmt::format("corrupt journal: {}", what))
      .with_subject(file.string());
}

// Step lines by kind; a kFromTemp line names no entry: it ends the cycle its kToTemp began.
constexpr char kKindLetters[] = {'D', 'T', 'C', 'F'};

// Writes through a 64 KiB buffer: the journal of a million renames is never one string.
class JournalWriter {
 public:
  explicit JournalWriter(AtomicFile file) : file_(std::move(file)) { buffer_.reserve(kFlushAt); }
  std::string& buffer() { return buffer_; }
  Status flush_if_full() { return buffer_.size() >= kFlushAt ? flush() : Status{}; }
  Status commit() {
    GOFER_TRY(flush());
    return file_.commit();
  }

 private:
  static constexpr size_t kFlushAt = size_t{1} << 16;
  Status flush() {
    GOFER_TRY(file_.write(buffer_));
    buffer_.clear();
    return {};
  }

  AtomicFile file_;
  std::string buffer_;
};

void append_number(std::string& out, uint64_t value) {
  char digits[24];
  auto end = std::to_chars(digits, digits + sizeof digits, value).ptr;
  out.append(digits, end);
}

void append_step(std::string& out, const Plan& plan, const Step& step) {
  out += kKindLetters[static_cast<size_t>(step.kind())];
  if (step.kind() != StepKind::kFromTemp) {
    const PlanItem& item = plan.items[step.item()];
    out += ' ';
    append_number(out, item.directory);
    out += ' ';
    append_number(out, plan.inodes[step.item()]);
    out += '\t';
    append_escaped(out, plan.old_name(item));
    out += '\t';
    append_escaped(out, plan.new_name(item));
  }
  out += '\n';
}

Status stream_journal(const Journal& header, const Plan& plan, std::span<const Step> steps) {
  GOFER_TRY(make_directories(header.file.parent_path()));
  GOFER_TRY_ASSIGN(AtomicFile file, AtomicFile::create(header.file, 0600));
  JournalWriter writer(std::move(file));
  std::string& out = writer.buffer();
  out += fmt::format("{}\nid {}\ntime {}\ncwd {}\ncommand {}\nitems {}\ndirectories {}\n", kMagic,
                     header.id, header.time, escape_field(header.cwd),
                     escape_field(header.command_line), header.item_count, plan.directories.size());
  for (const PlanDirectory& directory : plan.directories) {
    std::error_code ignored;
    out += "d ";
    append_escaped(out,
                   std::filesystem::absolute(directory.path, ignored).lexically_normal().native());
    out += '\n';
    GOFER_TRY(writer.flush_if_full());
  }
  for (const Step& step : steps) {
    append_step(out, plan, step);
    GOFER_TRY(writer.flush_if_full());
  }
  return writer.commit();
}

// Reads a file a line at a time through a 64 KiB buffer.
class LineReader {
 public:
  LineReader(UniqueFd fd, const std::filesystem::path& file) : fd_(std::move(fd)), file_(file) {}
  // The next line without its '\n' (a torn last line too); false at the end.
  Result<bool> next(std::string_view& line) {
    while (true) {
      size_t end = buffer_.find('\n', start_);
      if (end != std::string::npos || (eof_ && start_ < buffer_.size())) {
        end = std::min(end, buffer_.size());
        line = std::string_view(buffer_).substr(start_, end - start_);
        start_ = end + 1;
        return true;
      }
      if (eof_) return false;
      buffer_.erase(0, start_);
      start_ = 0;
      GOFER_TRY(fill());
    }
  }
  // Continues at `offset` (the next line starts after the first '\n' found, unless 0).
  Status skip_to(off_t offset);

 private:
  static constexpr size_t kChunk = size_t{1} << 16;
  Status fill() {
    size_t size = buffer_.size();
    buffer_.resize(size + kChunk);
    ssize_t got = ::read(fd_.get(), buffer_.data() + size, kChunk);
    if (got < 0) return fail_errno(file_.string());
    buffer_.resize(size + static_cast<size_t>(got));
    eof_ = got == 0;
    return {};
  }

  UniqueFd fd_;
  const std::filesystem::path& file_;
  std::string buffer_;
  size_t start_ = 0;
  bool eof_ = false;
};

Status LineReader::skip_to(off_t offset) {
  if (::lseek(fd_.get(), offset, SEEK_SET) < 0) return fail_errno(file_.string());
  buffer_.clear();
  start_ = 0;
  eof_ = false;
  if (offset == 0) return {};
  std::string_view partial;  // the rest of the line the offset fell into
  GOFER_TRY_ASSIGN(bool any, next(partial));
  (void)any;
  return {};
}

template <typename T>
bool parse_number(std::string_view text, T& value) {
  auto [end, code] = std::from_chars(text.data(), text.data() + text.size(), value);
  return code == std::errc() && end == text.data() + text.size();
}

// Fills a Journal from its lines: header fields, the directory table, steps, state lines.
class JournalParser {
 public:
  JournalParser(Journal& journal, JournalPart part) : journal_(journal), part_(part) {}
  // Whether the last line parsed belonged to the body (directories, steps).
  [[nodiscard]] bool in_body() const { return in_body_; }
  Status parse(std::string_view line) {
    in_body_ = line.starts_with("d ") || is_step(line);
    if (in_body_) {
      if (part_ == JournalPart::kSummary) return {};
      return line[0] == 'd' ? parse_directory(line.substr(2)) : parse_step(line);
    }
    if (line == "done")
      journal_.state = JournalState::kDone;
    else if (line == "undone")
      journal_.state = JournalState::kUndone;
    else if (line.starts_with("failed "))
      return parse_failed(line.substr(7));
    else if (line.starts_with("id "))
      return field(line.substr(3), journal_.id);
    else if (line.starts_with("time "))
      return field(line.substr(5), journal_.time);
    else if (line.starts_with("cwd "))
      return field(line.substr(4), journal_.cwd);
    else if (line.starts_with("command "))
      return field(line.substr(8), journal_.command_line);
    else if (line.starts_with("items "))
      return number(line.substr(6), journal_.item_count);
    return {};
  }
  Status finish() {
    if (cycle_head_) return fail(corrupt("a cycle without its last step"));
    return {};
  }

 private:
  static bool is_step(std::string_view line) {
    if (line == "F") return true;
    return line.size() > 2 && line[1] == ' ' &&
           (line[0] == 'D' || line[0] == 'T' || line[0] == 'C');
  }
  Error corrupt(std::string_view what) const { return gofer::rename::corrupt(journal_.file, what); }
  Status field(std::string_view text, std::string& out) {
    if (!unescape_into(text, out)) return fail(corrupt("bad escape"));
    return {};
  }
  template <typename T>
  Status number(std::string_view text, T& out) {
    if (!parse_number(text, out)) return fail(corrupt("bad number"));
    return {};
  }
  Status parse_failed(std::string_view text) {
    size_t step = 0;
    GOFER_TRY(number(text, step));
    journal_.failed_steps.push_back(step);
    return {};
  }
  Status parse_directory(std::string_view text) {
    GOFER_TRY(field(text, name_));
    journal_.plan.directories.push_back({name_, 0});
    return {};
  }
  Status parse_step(std::string_view line);
  Status parse_names(std::string_view text, PlanItem& item);

  Journal& journal_;
  JournalPart part_;
  bool in_body_ = false;
  std::string name_;                  // unescaped field, reused
  std::optional<size_t> cycle_head_;  // the item of the open cycle's kToTemp step
};

// "K DIRECTORY INODE\tOLD\tNEW", or "F" (the open cycle's head: temp name -> new name).
Status JournalParser::parse_step(std::string_view line) {
  std::vector<Step>& steps = journal_.steps;
  if (line == "F") {
    if (!cycle_head_) return fail(corrupt("a cycle's last step without its first"));
    steps.emplace_back(*cycle_head_, StepKind::kFromTemp);
    cycle_head_.reset();
    return {};
  }
  auto kind = static_cast<StepKind>(std::string_view(kKindLetters, 4).find(line[0]));
  if ((kind == StepKind::kCycleMember) != cycle_head_.has_value()) {
    return fail(corrupt("a step out of its cycle"));
  }
  size_t space = line.find(' ', 2), tab = line.find('\t');
  if (space == line.npos || tab == line.npos || space > tab) return fail(corrupt("bad step line"));
  PlanItem item;
  uint64_t inode = 0;
  GOFER_TRY(number(line.substr(2, space - 2), item.directory));
  GOFER_TRY(number(line.substr(space + 1, tab - space - 1), inode));
  if (item.directory >= journal_.plan.directories.size()) {
    return fail(corrupt("a step in an unknown directory"));
  }
  GOFER_TRY(parse_names(line.substr(tab + 1), item));
  size_t index = journal_.plan.items.size();
  journal_.plan.items.push_back(item);
  journal_.plan.inodes.push_back(inode);
  steps.emplace_back(index, kind);
  if (kind == StepKind::kToTemp) cycle_head_ = index;
  return {};
}

Status JournalParser::parse_names(std::string_view text, PlanItem& item) {
  size_t tab = text.find('\t');
  if (tab == text.npos || tab == 0 || tab + 1 == text.size()) return fail(corrupt("bad step line"));
  GOFER_TRY(field(text.substr(0, tab), name_));
  item.old_name = journal_.plan.names.add(name_);
  GOFER_TRY(field(text.substr(tab + 1), name_));
  item.new_name = journal_.plan.names.add(name_);
  return {};
}

// A summary needs the header and the state, which is always on the last lines: the tail is
// read from this far before the end, skipping the directories and steps in between.
constexpr off_t kSummaryTail = 1 << 16;

Status read_lines(LineReader& reader, JournalParser& parser, JournalPart part, off_t size) {
  std::string_view line;
  while (true) {
    GOFER_TRY_ASSIGN(bool more, reader.next(line));
    if (!more) break;
    GOFER_TRY(parser.parse(line));
    if (part == JournalPart::kSummary && parser.in_body() && size > kSummaryTail) {
      GOFER_TRY(reader.skip_to(size - kSummaryTail));
      part = JournalPart::kAll;  // for the loop only: the parser still skips the body
      size = 0;
    }
  }
  return parser.finish();
}

}  // namespace

std::string new_run_id() {
  auto now = std::chrono::system_clock::now();
  auto micros = std::chrono::duration_cast<std::chrono::microseconds>(now.time_since_epoch());
  std::time_t seconds = std::chrono::system_clock::to_time_t(now);
  std::tm utc{};
  ::gmtime_r(&seconds, &utc);
  // Sortable by time; the microseconds keep two runs in one second apart.
  return fmt::format("{:%Y%m%dT%H%M%S}-{:06d}", utc, micros.count() % 1000000);
}

std::filesystem::path journal_directory(const std::filesystem::path& state_dir) {
  return state_dir / "rename";
}

Status write_journal(const Journal& header, const Plan& plan, std::span<const Step> steps) {
  return with_context(stream_journal(header, plan, steps), "cannot write journal");
}

Status append_journal_lines(const std::filesystem::path& file, std::string_view lines) {
  GOFER_TRY_ASSIGN(UniqueFd fd, open_file(file, O_WRONLY | O_APPEND));
  if (auto written = write_all(fd.get(), lines); !written) {
    return fail(std::move(written.error()).with_subject(file.string()));
  }
  if (::fsync(fd.get()) != 0) return fail_errno(file.string());
  return {};
}

Result<Journal> read_journal(const std::filesystem::path& file, JournalPart part) {
  GOFER_TRY_ASSIGN(UniqueFd fd, open_file(file, O_RDONLY | O_CLOEXEC));
  struct stat info {};
  if (::fstat(fd.get(), &info) != 0) return fail_errno(file.string());
  Journal journal;
  journal.file = file;
  LineReader reader(std::move(fd), file);
  std::string_view line;
  GOFER_TRY_ASSIGN(bool any, reader.next(line));
  if (!any || line != kMagic) return fail(corrupt(file, "bad header"));
  JournalParser parser(journal, part);
  GOFER_TRY(read_lines(reader, parser, part, info.st_size));
  return journal;
}

Result<std::vector<Journal>> read_all_journals(const std::filesystem::path& state_dir,
                                               JournalPart part, std::vector<Error>* unreadable) {
  std::vector<Journal> journals;
  std::filesystem::path directory = journal_directory(state_dir);
  std::error_code code;
  std::filesystem::directory_iterator it(directory, code);
  if (code == std::errc::no_such_file_or_directory) return journals;
  if (code) return fail(Error::from_error_code(code).with_subject(directory.string()));
  for (; it != std::filesystem::directory_iterator(); it.increment(code)) {
    if (it->path().extension() != ".journal") continue;
    Result<Journal> journal = read_journal(it->path(), part);
    if (journal) {
      journals.push_back(std::move(*journal));
    } else if (unreadable != nullptr) {
      unreadable->push_back(std::move(journal.error()));
    }
  }
  std::sort(journals.begin(), journals.end(),
            [](const Journal& a, const Journal& b) { return a.id < b.id; });
  return journals;
}

Status prune_journals(const std::filesystem::path& state_dir, size_t keep) {
  GOFER_TRY_ASSIGN(std::vector<Journal> journals,
                   read_all_journals(state_dir, JournalPart::kSummary));
  size_t finished = static_cast<size_t>(std::count_if(
      journals.begin(), journals.end(),
      [](const Journal& journal) { return journal.state != JournalState::kPending; }));
  for (const Journal& journal : journals) {  // oldest first
    if (finished <= keep) break;
    if (journal.state == JournalState::kPending) continue;
    std::error_code code;
    if (!std::filesystem::remove(journal.file, code) && code) {
      return fail(Error::from_error_code(code)
                      .with_context("cannot prune journal")
                      .with_subject(journal.file.string()));
    }
    --finished;
  }
  return {};
}

}  // namespace gofer::rename
