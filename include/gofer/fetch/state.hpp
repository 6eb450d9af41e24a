// Validators (ETag, Last-Modified) remembered between runs for --refresh and --continue.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

#include "gofer/error.hpp"

namespace gofer::fetch {

struct Validators {
  std::string etag;
  std::string last_modified;
  [[nodiscard]] bool empty() const { return etag.empty() && last_modified.empty(); }
};

// Size and mtime of a downloaded file as gofer left it: if either differs later, the file was
// changed by hand and its recorded validators no longer describe it.
struct FileStamp {
  int64_t size = 0;
  int64_t mtime_ns = 0;  // nanoseconds since the epoch
  bool operator==(const FileStamp&) const = default;
};

struct StoredValidators {
  Validators validators;
  std::optional<FileStamp> file;  // absent for a kept .part (--continue)
  std::string payload;            // what save() was given after the record (scrape's links)
};

// One small file per URL under <state>/fetch/, named by the SHA-256 of the URL, so lookups
// cost one open() and 100,000 URLs never load one big file.
class ValidatorStore {
 public:
  explicit ValidatorStore(std::filesystem::path directory) : directory_(std::move(directory)) {}
  // The record must name the same URL and file (a hash collision or a renamed target misses).
  [[nodiscard]] std::optional<StoredValidators> load(std::string_view url,
                                                     std::string_view path) const;
  // Replaces the URL's record. Written to a temp file and renamed, but not fsync'd: a record
  // lost in a crash costs one full download, and a stale one is caught by its FileStamp.
  // `payload` is stored after the record as it is (load() gives it back).
  [[nodiscard]] Status save(std::string_view url, std::string_view path,
                            const Validators& validators,
                            std::optional<FileStamp> file = std::nullopt,
                            std::string_view payload = {}) const;
  // Drops the URL's record (a new download came without validators).
  void forget(std::string_view url) const;

 private:
  [[nodiscard]] std::filesystem::path record_path(std::string_view url) const;
  std::filesystem::path directory_;
};

}  // namespace gofer::fetch
