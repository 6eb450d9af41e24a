// The rename journal: a plain-text file per run under STATE/rename/, written before the first
// rename (one fsync) and reconciled against the disk for undo and crash recovery.
#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <ctime>
#include <sstream>

#include <fmt/chrono.h>
#include <fmt/format.h>

#include "execution.hpp"
#include "gofer/atomic_file.hpp"
#include "gofer/fs.hpp"

namespace gofer::rename {
namespace {

constexpr std::string_view kMagic = "gofer-rename-journal 2";

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

std::string unescape_field(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '%' && i + 2 < text.size()) {
      out += static_cast<char>(std::stoi(std::string(text.substr(i + 1, 2)), nullptr, 16));
      i += 2;
    } else {
      out += text[i];
    }
  }
  return out;
}

Error corrupt(const std::filesystem::path& file, std::string_view what) {
  return Error(ErrorCategory::kInvalidData, fmt::format("corrupt journal: {}", what))
      .with_subject(file.string());
}

Status parse_step_line(std::string_view line, Journal& journal) {
  // "S|s ITEM\tINODE\tFROM\tTO"
  size_t tab1 = line.find('\t');
  size_t tab2 = tab1 == line.npos ? line.npos : line.find('\t', tab1 + 1);
  size_t tab3 = tab2 == line.npos ? line.npos : line.find('\t', tab2 + 1);
  if (tab3 == line.npos) return fail(corrupt(journal.file, "bad step line"));
  Step step;
  step.item = std::stoul(std::string(line.substr(2, tab1 - 2)));
  step.inode = std::stoull(std::string(line.substr(tab1 + 1, tab2 - tab1 - 1)));
  step.group_end = line[0] == 'S';
  step.from = unescape_field(line.substr(tab2 + 1, tab3 - tab2 - 1));
  step.to = unescape_field(line.substr(tab3 + 1));
  journal.steps.push_back(std::move(step));
  return {};
}

Status parse_line(std::string_view line, Journal& journal, JournalPart part) {
  auto value = [&](std::string_view key) { return unescape_field(line.substr(key.size() + 1)); };
  if (line.starts_with("S ") || line.starts_with("s ")) {
    return part == JournalPart::kAll ? parse_step_line(line, journal) : Status{};
  }
  if (line.starts_with("id ")) journal.id = value("id");
  else if (line.starts_with("time ")) journal.time = value("time");
  else if (line.starts_with("cwd ")) journal.cwd = value("cwd");
  else if (line.starts_with("command ")) journal.command_line = value("command");
  else if (line.starts_with("items ")) journal.item_count = std::stoul(value("items"));
  else if (line == "done") journal.state = JournalState::kDone;
  else if (line == "undone") journal.state = JournalState::kUndone;
  else if (line.starts_with("failed ")) journal.failed_steps.push_back(std::stoul(value("failed")));
  return {};
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

Status write_journal(const Journal& journal) {
  GOFER_TRY(make_directories(journal.file.parent_path()));
  std::string text;
  text.reserve(64 + journal.steps.size() * 128);
  text += fmt::format("{}\nid {}\ntime {}\ncwd {}\ncommand {}\nitems {}\n", kMagic, journal.id,
                      journal.time, escape_field(journal.cwd),
                      escape_field(journal.command_line), journal.item_count);
  for (const Step& step : journal.steps) {
    text += step.group_end ? "S " : "s ";
    text += std::to_string(step.item);
    text += '\t';
    text += std::to_string(step.inode);
    text += '\t';
    append_escaped(text, step.from);
    text += '\t';
    append_escaped(text, step.to);
    text += '\n';
  }
  return with_context(write_file_atomically(journal.file, text, 0600), "cannot write journal");
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
  GOFER_TRY_ASSIGN(std::string text, read_file(file));
  Journal journal;
  journal.file = file;
  std::istringstream lines(text);
  std::string line;
  if (!std::getline(lines, line) || line != kMagic) return fail(corrupt(file, "bad header"));
  try {
    while (std::getline(lines, line)) GOFER_TRY(parse_line(line, journal, part));
  } catch (const std::exception&) {  // std::stoul on a damaged number
    return fail(corrupt(file, "bad number"));
  }
  return journal;
}

Result<std::vector<Journal>> read_all_journals(const std::filesystem::path& state_dir,
                                               JournalPart part) {
  std::vector<Journal> journals;
  std::filesystem::path directory = journal_directory(state_dir);
  std::error_code code;
  std::filesystem::directory_iterator it(directory, code);
  if (code == std::errc::no_such_file_or_directory) return journals;
  if (code) return fail(Error::from_error_code(code).with_subject(directory.string()));
  for (; it != std::filesystem::directory_iterator(); it.increment(code)) {
    if (it->path().extension() != ".journal") continue;
    GOFER_TRY_ASSIGN(Journal journal, read_journal(it->path(), part));
    journals.push_back(std::move(journal));
  }
  std::sort(journals.begin(), journals.end(),
            [](const Journal& a, const Journal& b) { return a.id < b.id; });
  return journals;
}

Status prune_journals(const std::filesystem::path& state_dir, size_t keep) {
  GOFER_TRY_ASSIGN(std::vector<Journal> journals, read_all_journals(state_dir, JournalPart::kSummary));
  size_t finished = static_cast<size_t>(std::count_if(
      journals.begin(), journals.end(),
      [](const Journal& journal) { return journal.state != JournalState::kPending; }));
  for (const Journal& journal : journals) {  // oldest first
    if (finished <= keep) break;
    if (journal.state == JournalState::kPending) continue;
    std::error_code code;
    if (!std::filesystem::remove(journal.file, code) && code) {
      return fail(Error::from_error_code(code).with_context("cannot prune journal")
                      .with_subject(journal.file.string()));
    }
    --finished;
  }
  return {};
}

}  // namespace gofer::rename
