// ValidatorStore: per-URL records
// "gofer-fetch-2\nurl\npath\netag\nlast-modified\nsize mtime_ns\n" (size line "-" for a .part),
// then the caller's payload, if any (readers before it ignore lines after the sixth).
#include "gofer/fetch/state.hpp"

#include <fcntl.h>
#include <openssl/sha.h>
#include <stdlib.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <charconv>
#include <vector>

#include <fmt/format.h>

#include "gofer/fs.hpp"

namespace gofer::fetch {
namespace {

// Version 1 records (written only by --refresh runs) carry no FileStamp: they are ignored, and
// --refresh falls back to If-Modified-Since from the file's mtime for those files once.
constexpr std::string_view kMagic = "gofer-fetch-2";

// The first `count` lines of `text`, which is left with what follows them (a caller's payload).
std::vector<std::string> take_lines(std::string_view& text, size_t count) {
  std::vector<std::string> lines;
  while (lines.size() < count && !text.empty()) {
    size_t end = text.find('\n');
    lines.emplace_back(text.substr(0, end));
    text = end == text.npos ? std::string_view{} : text.substr(end + 1);
  }
  return lines;
}

// Header values cannot contain newlines (RFC 9110), but a hostile server may try.
bool one_line(std::string_view text) { return text.find_first_of("\r\n") == text.npos; }

std::optional<FileStamp> parse_stamp(std::string_view text) {
  FileStamp stamp;
  size_t space = text.find(' ');
  if (space == text.npos) return std::nullopt;
  auto size = std::from_chars(text.data(), text.data() + space, stamp.size);
  auto mtime = std::from_chars(text.data() + space + 1, text.data() + text.size(), stamp.mtime_ns);
  if (size.ec != std::errc{} || size.ptr != text.data() + space || mtime.ec != std::errc{} ||
      mtime.ptr != text.data() + text.size()) {
    return std::nullopt;
  }
  return stamp;
}

// Temp file + rename without fsync (see ValidatorStore::save for why that is enough).
Status replace_file(const std::filesystem::path& target, std::string_view content) {
  std::string temp = target.string() + ".XXXXXX";
  int fd = ::mkostemp(temp.data(), O_CLOEXEC);
  if (fd < 0) return fail_errno(target.string());
  UniqueFd owned(fd);
  Status written = write_all(fd, content);
  int closed = ::close(owned.release());
  if (!written || closed != 0 || ::rename(temp.c_str(), target.c_str()) != 0) {
    Error error = written ? Error::from_errno(errno) : written.error();
    ::unlink(temp.c_str());
    return fail(std::move(error).with_subject(target.string()));
  }
  return {};
}

}  // namespace

std::filesystem::path ValidatorStore::record_path(std::string_view url) const {
  std::array<unsigned char, SHA256_DIGEST_LENGTH> digest{};
  SHA256(reinterpret_cast<const unsigned char*>(url.data()), url.size(), digest.data());
  std::string hex;
  for (unsigned char byte : digest) hex += fmt::format("{:02x}", byte);
  return directory_ / hex;
}

std::optional<StoredValidators> ValidatorStore::load(std::string_view url,
                                                     std::string_view path) const {
  auto content = read_file(record_path(url));
  if (!content) return std::nullopt;
  std::string_view text = *content;
  std::vector<std::string> lines = take_lines(text, 6);
  if (lines.size() < 6 || lines[0] != kMagic || lines[1] != url || lines[2] != path) {
    return std::nullopt;
  }
  StoredValidators stored{{lines[3], lines[4]}, parse_stamp(lines[5]), std::string(text)};
  if (stored.validators.empty()) return std::nullopt;
  return stored;
}

Status ValidatorStore::save(std::string_view url, std::string_view path,
                            const Validators& validators, std::optional<FileStamp> file,
                            std::string_view payload) const {
  if (!one_line(url) || !one_line(path) || !one_line(validators.etag) ||
      !one_line(validators.last_modified)) {
    forget(url);  // unrecordable: the next run simply downloads again
    return {};
  }
  std::string stamp = file ? fmt::format("{} {}", file->size, file->mtime_ns) : "-";
  std::string record = fmt::format("{}\n{}\n{}\n{}\n{}\n{}\n{}", kMagic, url, path,
                                   validators.etag, validators.last_modified, stamp, payload);
  auto target = record_path(url);
  Status written = replace_file(target, record);
  if (!written && written.error().is_errno(ENOENT)) {
    GOFER_TRY(make_directories(directory_));  // only the first record of a state directory
    written = replace_file(target, record);
  }
  return with_context(std::move(written), "cannot record validators");
}

void ValidatorStore::forget(std::string_view url) const { ::unlink(record_path(url).c_str()); }

}  // namespace gofer::fetch
