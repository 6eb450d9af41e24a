// Parsing and rendering of `--template` strings such as "{stem}_{n:03}.{ext}".
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "file_digest.hpp"
#include "gofer/error.hpp"
#include "gofer/rename/rules.hpp"

namespace gofer::rename::detail {

// A template parsed once into literal text and placeholders, then rendered per entry.
//
//   {name} {stem} {ext}   the current name (output of the earlier rules); {ext} has no dot
//   {parent} {size}       containing directory's name; size in bytes
//   {n} {n:0W}            the sequence number, optionally zero-padded to width W
//   {mtime} {mtime:FMT}   modification time in local time, strftime FMT (default %Y-%m-%d)
//   {hash} {hash:ALG} {hash:ALG:LEN}   hex digest of the content (md5, sha1, sha256)
//   {{ }}                 literal braces
// One piece of a parsed template: literal text or a placeholder with its format.
struct TemplateSegment {
  enum class Field { kLiteral, kName, kStem, kExt, kParent, kNumber, kMtime, kSize, kHash };
  Field field = Field::kLiteral;
  std::string text;  // the literal text, or the strftime format of {mtime}
  size_t width = 0;  // {n:0W}
  HashAlgorithm algorithm = HashAlgorithm::kSha256;
  size_t length = 0;  // hex digits kept by {hash}
};

// A template parsed once into literal text and placeholders, then rendered per entry.
//
//   {name} {stem} {ext}   the current name (output of the earlier rules); {ext} has no dot
//   {parent} {size}       containing directory's name; size in bytes
//   {n} {n:0W}            the sequence number, optionally zero-padded to width W
//   {mtime} {mtime:FMT}   modification time in local time, strftime FMT (default %Y-%m-%d)
//   {hash} {hash:ALG} {hash:ALG:LEN}   hex digest of the content (md5, sha1, sha256)
//   {{ }}                 literal braces
class NameTemplate {
 public:
  // Fails with kInvalidArgument naming the placeholder and the template.
  [[nodiscard]] static Result<NameTemplate> parse(std::string_view text);

  // Fails only when the content has to be read for {hash} and cannot be.
  [[nodiscard]] Result<std::string> render(std::string_view name, const EntryFacts& facts,
                                           int64_t number) const;

  // Whether rendering reads the file's content ({hash}).
  [[nodiscard]] bool reads_content() const;

 private:
  std::vector<TemplateSegment> segments_;
};

}  // namespace gofer::rename::detail
