// Parsing and rendering of `--template` strings such as "{stem}_{n:03}.{ext}".
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <optional>

#include "file_digest.hpp"
#include "gofer/error.hpp"
#include "gofer/rename/rules.hpp"
#include "metadata.hpp"

namespace gofer::rename::detail {

// One piece of a parsed template: literal text or a placeholder with its format.
struct TemplateSegment {
  enum class Field {
    kLiteral,
    kName,
    kStem,
    kExt,
    kParent,
    kNumber,
    kMtime,
    kSize,
    kHash,
    kMetadata
  };
  Field field = Field::kLiteral;
  std::string text;  // the literal text, or the strftime format of {mtime} and dates
  size_t width = 0;  // {n:0W}, and numbers of metadata
  HashAlgorithm algorithm = HashAlgorithm::kSha256;
  size_t length = 0;  // hex digits kept by {hash}
  // {NS.KEY}: indexes into metadata_namespaces() and its keys; the text after '|'.
  size_t space = 0;
  size_t key = 0;
  std::optional<std::string> fallback;
};

// A template parsed once into literal text and placeholders, then rendered per entry.
//
//   {name} {stem} {ext}   the current name (output of the earlier rules); {ext} has no dot
//   {parent} {size}       containing directory's name; size in bytes
//   {n} {n:0W}            the sequence number, optionally zero-padded to width W
//   {mtime} {mtime:FMT}   modification time in local time, strftime FMT (default %Y-%m-%d)
//   {hash} {hash:ALG} {hash:ALG:LEN}   hex digest of the content (md5, sha1, sha256)
//   {NS.KEY} {NS.KEY:FMT} {NS.KEY|fallback} {NS.KEY:FMT|fallback}
//                         file metadata (metadata.hpp: exif.date, exif.model, …), read once
//                         per file per render and only for the namespaces used
//   {{ }}                 literal braces
class NameTemplate {
 public:
  // Fails with kInvalidArgument naming the placeholder and the template.
  [[nodiscard]] static Result<NameTemplate> parse(std::string_view text);

  // Fails when the content has to be read for {hash} and cannot be, and with kConflict
  // (subject: the path) when the file lacks a metadata key that has no fallback. Broken or
  // unreadable metadata adds "PATH: ..." lines to facts.warnings, if set, and counts as missing.
  [[nodiscard]] Result<std::string> render(std::string_view name, const EntryFacts& facts,
                                           int64_t number) const;

  // Whether rendering reads the file's content ({hash}, metadata).
  [[nodiscard]] bool reads_content() const;

 private:
  std::vector<TemplateSegment> segments_;
};

}  // namespace gofer::rename::detail
