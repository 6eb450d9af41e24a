// Validators (ETag, Last-Modified) remembered between runs for --refresh and --continue.
#pragma once

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

// One small file per URL under <state>/fetch/, named by the SHA-256 of the URL, so lookups
// cost one open() and 100,000 URLs never load one big file.
class ValidatorStore {
 public:
  explicit ValidatorStore(std::filesystem::path directory) : directory_(std::move(directory)) {}
  // The record must name the same URL and file (a hash collision or a renamed target misses).
  [[nodiscard]] std::optional<Validators> load(std::string_view url, std::string_view path) const;
  [[nodiscard]] Status save(std::string_view url, std::string_view path,
                            const Validators& validators) const;

 private:
  [[nodiscard]] std::filesystem::path record_path(std::string_view url) const;
  std::filesystem::path directory_;
};

}  // namespace gofer::fetch
