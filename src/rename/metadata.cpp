// The registry of metadata namespaces, and the one rule that makes their values safe names.
#include "metadata.hpp"

#include <array>

#include "audio_tags.hpp"
#include "exif_reader.hpp"
#include "unicode_text.hpp"

namespace gofer::rename::detail {
namespace {

// The one registration per namespace (see metadata.hpp).
constexpr std::array<MetadataNamespace, 2> kNamespaces{{
    {"exif", kExifKeys, read_exif},
    {"tag", kTagKeys, read_tag_metadata},
}};

bool is_unsafe(int32_t codepoint) {
  // Not UTF-8, C0 controls (NUL included), DEL and C1 controls: --slug drops these as word
  // breaks; here they become the same '_' as a '/', so the value keeps its length and words.
  return codepoint < 0x20 || codepoint == 0x7F || (codepoint >= 0x80 && codepoint < 0xA0) ||
         codepoint == '/';
}

}  // namespace

std::span<const MetadataNamespace> metadata_namespaces() { return kNamespaces; }

std::optional<size_t> find_namespace(std::string_view name) {
  for (size_t i = 0; i < kNamespaces.size(); ++i) {
    if (kNamespaces[i].name == name) return i;
  }
  return std::nullopt;
}

std::string safe_component(std::string_view value) {
  std::string out;
  out.reserve(value.size());
  for (const TextUnit& unit : decode_units(value)) {
    if (is_unsafe(unit.codepoint)) {
      out += '_';
    } else {
      out += unit.bytes;
    }
  }
  size_t first = out.find_first_not_of(' ');
  if (first == std::string::npos) return {};
  out = out.substr(first, out.find_last_not_of(' ') - first + 1);
  if (out.find_first_not_of('.') == std::string::npos) return "_";
  return out;
}

}  // namespace gofer::rename::detail
