// URL sources (lists, CSV, shards) and SHA256SUMS parsing for `gofer fetch`.
#include "gofer/fetch/input.hpp"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <charconv>

#include <fmt/format.h>
#include <unistd.h>

#include "gofer/fs.hpp"
#include "gofer/signals.hpp"

namespace gofer::fetch {
namespace {

std::string_view trim(std::string_view text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front())))
    text.remove_prefix(1);
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back())))
    text.remove_suffix(1);
  return text;
}

std::string lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

Error bad_input(std::string subject, std::string cause) {
  return Error(ErrorCategory::kInvalidData, std::move(cause)).with_subject(std::move(subject));
}

}  // namespace

std::vector<std::string> split_csv_line(std::string_view line) {
  std::vector<std::string> fields(1);
  bool quoted = false;
  for (size_t i = 0; i < line.size(); ++i) {
    char c = line[i];
    if (quoted) {
      if (c == '"' && i + 1 < line.size() && line[i + 1] == '"') {
        fields.back() += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        fields.back() += c;
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      fields.emplace_back();
    } else if (c != '\r') {
      fields.back() += c;
    }
  }
  return fields;
}

Status check_url(std::string_view url) {
  std::string scheme = lower(url.substr(0, url.find("://")));
  if (url.find("://") == url.npos || (scheme != "http" && scheme != "https")) {
    return fail(bad_input(std::string(url), "only http:// and https:// URLs are supported"));
  }
  if (url.size() == scheme.size() + 3 || url[scheme.size() + 3] == '/') {
    return fail(bad_input(std::string(url), "the URL has no host"));
  }
  return {};
}

std::optional<Result<FetchItem>> ListSource::next() {
  if (position_ >= items_.size()) return std::nullopt;
  return std::move(items_[position_++]);
}

Result<std::unique_ptr<StreamSource>> StreamSource::open(const std::string& path) {
  if (path == "-") return std::make_unique<StreamSource>(UniqueFd(), STDIN_FILENO, "stdin");
  // A directory or a FIFO that never opens (Ctrl-C) fails here, once, not on every read.
  GOFER_TRY_ASSIGN(UniqueFd fd, with_context(open_input(path), "cannot read the URL list"));
  int raw = fd.get();
  return std::make_unique<StreamSource>(std::move(fd), raw, path);
}

bool StreamSource::refill() {
  if (at_end_) return false;
  // A pipe that sends nothing (`fetch -i -` fed by a silent producer) still ends on Ctrl-C:
  // a blocking read would be restarted after the signal handler and never return.
  if (!wait_readable_or_stop(fd_)) return at_end_ = true, false;
  char chunk[1 << 16];
  ssize_t got = 0;
  do {
    got = ::read(fd_, chunk, sizeof chunk);
  } while (got < 0 && errno == EINTR);
  if (got < 0 && errno == EAGAIN) return true;  // a non-blocking FIFO: poll again
  if (got <= 0) {
    read_failed_ = got < 0;
    read_errno_ = got < 0 ? errno : 0;
    return at_end_ = true, false;
  }
  buffer_.erase(0, buffer_start_);
  buffer_start_ = 0;
  buffer_.append(chunk, static_cast<size_t>(got));
  return true;
}

bool StreamSource::read_line(std::string& line) {
  size_t searched = buffer_start_;
  while (true) {
    size_t newline = buffer_.find('\n', searched);
    if (newline != std::string::npos) {
      line.assign(buffer_, buffer_start_, newline - buffer_start_);
      buffer_start_ = newline + 1;
      break;
    }
    size_t pending = buffer_.size() - buffer_start_;
    if (!refill()) {
      if (pending == 0 || read_failed_) return false;
      line.assign(buffer_, buffer_start_);  // the last line has no line break
      buffer_start_ = buffer_.size();
      break;
    }
    searched = buffer_start_ + pending;
  }
  ++line_number_;
  return true;
}

std::optional<Result<FetchItem>> StreamSource::from_csv(const std::string& line) {
  std::vector<std::string> fields = split_csv_line(line);
  auto field = [&](const char* name) -> std::string {
    auto it = columns_.find(name);
    return it == columns_.end() || it->second >= fields.size()
               ? std::string()
               : std::string(trim(fields[it->second]));
  };
  FetchItem item{field("url"), field("path"), lower(field("sha256"))};
  std::string subject = fmt::format("{}:{}", label_, line_number_);
  if (item.url.empty()) return fail(bad_input(subject, "the url column is empty"));
  if (!item.sha256.empty() && !is_sha256_hex(item.sha256)) {
    return fail(bad_input(subject, "the sha256 column is not 64 hex digits"));
  }
  return item;
}

std::optional<Result<FetchItem>> StreamSource::next() {
  std::string line;
  while (read_line(line)) {
    std::string_view text = trim(line);
    if (text.empty() || text[0] == '#') continue;
    if (first_record_) {
      first_record_ = false;
      std::vector<std::string> header = split_csv_line(text);
      for (size_t i = 0; i < header.size(); ++i) columns_[lower(trim(header[i]))] = i;
      csv_ = columns_.contains("url");
      if (csv_) continue;
    }
    if (csv_) return from_csv(line);
    return FetchItem{std::string(text), "", ""};
  }
  // A read error is reported once, then the list ends: callers keep asking for the next item
  // after a failed one.
  if (read_failed_ && !error_reported_) {
    error_reported_ = true;
    return fail(Error::from_errno(read_errno_ != 0 ? read_errno_ : EIO)
                    .with_context("cannot read the URL list")
                    .with_subject(label_));
  }
  return std::nullopt;
}

std::optional<Result<FetchItem>> ShardSource::next() {
  while (auto item = inner_.next()) {
    if (!*item) {
      if (shard_.index == 0) return item;
      continue;
    }
    if (in_shard((*item)->url, shard_)) return item;
  }
  return std::nullopt;
}

bool is_sha256_hex(std::string_view text) {
  return text.size() == 64 && std::all_of(text.begin(), text.end(), [](char c) {
           return std::isxdigit(static_cast<unsigned char>(c)) != 0;
         });
}

Result<std::map<std::string, std::string>> parse_checksums(std::string_view text) {
  std::map<std::string, std::string> sums;
  size_t line_number = 0;
  while (!text.empty()) {
    size_t end = text.find('\n');
    std::string_view line = trim(text.substr(0, end));
    text = end == text.npos ? std::string_view{} : text.substr(end + 1);
    ++line_number;
    if (line.empty() || line[0] == '#') continue;
    size_t space = line.find(' ');
    std::string_view hex = line.substr(0, space);
    if (space == line.npos || !is_sha256_hex(hex)) {
      return fail(
          bad_input(fmt::format("line {}", line_number), "expected '<64 hex digits>  <name>'"));
    }
    std::string_view name = trim(line.substr(space));
    if (!name.empty() && name[0] == '*') name.remove_prefix(1);
    if (name.starts_with("./")) name.remove_prefix(2);
    sums[std::string(name)] = lower(hex);
  }
  return sums;
}

}  // namespace gofer::fetch
