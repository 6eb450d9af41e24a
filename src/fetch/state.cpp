// ValidatorStore: per-URL records "gofer-fetch-1\nurl\npath\netag\nlast-modified\n".
#include "gofer/fetch/state.hpp"

#include <openssl/sha.h>

#include <array>
#include <vector>

#include <fmt/format.h>

#include "gofer/atomic_file.hpp"
#include "gofer/fs.hpp"

namespace gofer::fetch {
namespace {

constexpr std::string_view kMagic = "gofer-fetch-1";

std::vector<std::string> split_lines(std::string_view text) {
  std::vector<std::string> lines;
  while (!text.empty()) {
    size_t end = text.find('\n');
    lines.emplace_back(text.substr(0, end));
    text = end == text.npos ? std::string_view{} : text.substr(end + 1);
  }
  return lines;
}

// Header values cannot contain newlines (RFC 9110), but a hostile server may try.
bool one_line(std::string_view text) { return text.find_first_of("\r\n") == text.npos; }

}  // namespace

std::filesystem::path ValidatorStore::record_path(std::string_view url) const {
  std::array<unsigned char, SHA256_DIGEST_LENGTH> digest{};
  SHA256(reinterpret_cast<const unsigned char*>(url.data()), url.size(), digest.data());
  std::string hex;
  for (unsigned char byte : digest) hex += fmt::format("{:02x}", byte);
  return directory_ / hex;
}

std::optional<Validators> ValidatorStore::load(std::string_view url, std::string_view path) const {
  auto content = read_file(record_path(url));
  if (!content) return std::nullopt;
  std::vector<std::string> lines = split_lines(*content);
  if (lines.size() < 5 || lines[0] != kMagic || lines[1] != url || lines[2] != path) {
    return std::nullopt;
  }
  Validators validators{lines[3], lines[4]};
  if (validators.empty()) return std::nullopt;
  return validators;
}

Status ValidatorStore::save(std::string_view url, std::string_view path,
                            const Validators& validators) const {
  if (!one_line(url) || !one_line(path) || !one_line(validators.etag) ||
      !one_line(validators.last_modified)) {
    return {};  // unrecordable: the next run simply downloads again
  }
  GOFER_TRY(make_directories(directory_));
  std::string record = fmt::format("{}\n{}\n{}\n{}\n{}\n", kMagic, url, path, validators.etag,
                                   validators.last_modified);
  return with_context(write_file_atomically(record_path(url), record),
                      "cannot record validators");
}

}  // namespace gofer::fetch
