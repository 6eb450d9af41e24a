// Safe local file names for downloaded URLs: nothing a server or a URL says can escape -d.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

namespace gofer::fetch {

// Room left under NAME_MAX (255) for the ".part" and ".N" suffixes gofer may add.
inline constexpr size_t kMaxNameBytes = 240;
inline constexpr std::string_view kDefaultName = "index.html";
inline constexpr std::string_view kPartSuffix = ".part";

[[nodiscard]] std::string percent_decode(std::string_view text);
// One path component: '/' and '\' become '_', control characters become '_', a leading '-'
// becomes '_', "." and ".." become empty, cut to kMaxNameBytes on a UTF-8 boundary keeping
// the extension. Empty input stays empty (callers substitute kDefaultName).
[[nodiscard]] std::string sanitize_name(std::string_view raw);
// The percent-decoded, sanitized last path segment; kDefaultName when it is empty.
[[nodiscard]] std::string name_from_url(std::string_view url);
// filename*= (RFC 5987, UTF-8 only) wins over filename=; sanitized; nullopt if absent/empty.
[[nodiscard]] std::optional<std::string> name_from_content_disposition(std::string_view header);
// Inserts ".N" before the last extension: ("a.tar.gz", 1) -> "a.tar.1.gz", ("README", 2) -> "README.2".
[[nodiscard]] std::string numbered_name(std::string_view name, int number);

// Hands out each name once per run: a second URL mapping to "a.txt" gets "a.1.txt".
class NameRegistry {
 public:
  // Returns the name to use; `renamed` says whether a number was inserted.
  [[nodiscard]] std::string claim(const std::string& name, bool& renamed);

 private:
  std::unordered_map<std::string, int> next_number_;
};

}  // namespace gofer::fetch
