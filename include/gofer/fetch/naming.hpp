// Safe local file names for downloaded URLs: nothing a server or a URL says can escape -d.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "gofer/error.hpp"

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
// Inserts ".N" before the last extension of the last component: ("a.tar.gz", 1) -> "a.tar.1.gz",
// ("README", 2) -> "README.2", ("h.org/d/README", 1) -> "h.org/d/README.1".
[[nodiscard]] std::string numbered_name(std::string_view name, int number);

// --name-template: a relative path built from the URL. Placeholders: {host} (lowercase, no
// port), {port} (explicit or the scheme's default), {path} (every decoded path segment, as
// directories), {dir} (the same without the last segment), {name} (name_from_url). A '/' in the
// template separates directories; '/' inside a value never does.
class PathTemplate {
 public:
  // A usage error for an unknown or unclosed placeholder, or a template with none.
  [[nodiscard]] static Result<PathTemplate> parse(std::string_view text);
  // Components joined by '/', each one sanitize_name()d; "", "." and ".." components are
  // dropped, an empty last component becomes kDefaultName. Never absolute, never escapes.
  [[nodiscard]] std::string expand(std::string_view url) const;

 private:
  enum class Kind { kLiteral, kHost, kPort, kPath, kDir, kName };
  struct Piece {
    Kind kind;
    std::string text;  // kLiteral only
  };
  std::vector<Piece> pieces_;
};

// Hands out each name once per run: a second URL mapping to "a.txt" gets "a.1.txt".
class NameRegistry {
 public:
  // Returns the name to use; `renamed` says whether a number was inserted.
  [[nodiscard]] std::string claim(const std::string& name, bool& renamed);

 private:
  std::unordered_map<std::string, int> next_number_;
};

}  // namespace gofer::fetch
