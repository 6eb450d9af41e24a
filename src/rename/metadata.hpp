// Metadata namespaces of `--template` placeholders ({exif.date}, …): keys, readers, safe values.
#pragma once

#include <cstddef>
#include <filesystem>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "gofer/error.hpp"

namespace gofer::rename::detail {

// What a reader found in one file. Keys absent from `values` are missing (the placeholder's
// fallback is used, or the entry becomes a plan error). Warnings describe broken metadata
// without the path; the template renderer prefixes the file.
struct MetadataValues {
  std::map<std::string, std::string, std::less<>> values;
  std::vector<std::string> warnings;
};

// How a key's optional `:FMT` is read and applied.
enum class MetadataFormat {
  kText,  // no format allowed
  kDate,  // value "YYYY-MM-DD HH:MM:SS" (local time as recorded); FMT = strftime, default %Y-%m-%d
  kNumber,  // value decimal digits; FMT = 0W or W, zero-padded to width W (`{tag.track:02}`)
};

struct MetadataKey {
  std::string_view name;
  MetadataFormat format = MetadataFormat::kText;
};

// A reader opens the file once and reads a bounded prefix of it. It fails only for I/O
// errors (the renderer turns those into a warning too, so one unreadable file never stops
// a plan); broken metadata is a warning inside MetadataValues.
using MetadataReader = Result<MetadataValues> (*)(const std::filesystem::path& path);

// One placeholder namespace: `{NS.KEY}`.
//
// Adding a namespace (audio_tags.cpp's `tag` is one) is two steps:
//   1. an adapter `Result<MetadataValues> read_tags(const std::filesystem::path&)` in its own
//      file (e.g. audio_tags.cpp) that fills `values` with the keys below, formatted as
//      MetadataFormat says (a date as "YYYY-MM-DD HH:MM:SS",
//      optionally followed by a "+HH:MM" UTC offset, a number as plain digits);
//   2. one entry in kNamespaces (metadata.cpp): {"tag", kTagKeys, read_tags}.
// Parsing, fallbacks, the once-per-file cache, safe values and the missing-key plan error
// then work unchanged.
struct MetadataNamespace {
  std::string_view name;
  std::span<const MetadataKey> keys;
  MetadataReader read = nullptr;
};

[[nodiscard]] std::span<const MetadataNamespace> metadata_namespaces();

// Index of the namespace called `name`, if registered.
[[nodiscard]] std::optional<size_t> find_namespace(std::string_view name);

// A file's extension in ASCII lower case (".JPG" -> ".jpg"): what a reader falls back on when
// the first bytes name no format.
[[nodiscard]] inline std::string lowercase_extension(const std::filesystem::path& path) {
  std::string extension = path.extension().string();
  for (char& c : extension) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  return extension;
}

// A value made safe for one path component: '/' becomes '_', as do NUL, control characters
// and bytes that are not UTF-8 (the characters --slug drops as word breaks); surrounding
// whitespace goes, and a value of only dots becomes '_' so that a tag never makes `..`.
[[nodiscard]] std::string safe_component(std::string_view value);

}  // namespace gofer::rename::detail
