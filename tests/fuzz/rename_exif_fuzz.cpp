// Fuzz target for the {exif.*} reader: container walk (JPEG, PNG, TIFF, HEIF) + libexif decode
// on any bytes must end in values and warnings, never a crash, a hang or a read past the input.
// TIFF inputs also go through compact_tiff() directly: libFuzzer's inputs stay far below the
// 64 KiB at which the reader would call it.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "exif_reader.hpp"
#include "metadata.hpp"
#include "tiff_compact.hpp"

namespace {

volatile size_t g_sink = 0;  // keeps the work observable to the optimiser

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  size_t sink = 0;
  if (bytes.starts_with("II") || bytes.starts_with("MM")) {
    std::vector<std::string> warnings;
    std::optional<std::string> compact = gofer::rename::detail::compact_tiff(bytes, warnings);
    if (compact) {
      std::string_view rebuilt = *compact;
      gofer::rename::detail::ImageSource source{
          rebuilt.size(), [rebuilt](uint64_t offset, size_t length) {
            if (offset >= rebuilt.size()) return std::string();
            return std::string(rebuilt.substr(static_cast<size_t>(offset), length));
          }};
      sink += gofer::rename::detail::read_exif_from(source).values.size();
    }
    sink += warnings.size();
  }
  gofer::rename::detail::ImageSource source{
      size, [bytes](uint64_t offset, size_t length) {
        // A copy of exactly what was asked, so that ASan sees any read past it.
        if (offset >= bytes.size()) return std::string();
        return std::string(bytes.substr(static_cast<size_t>(offset), length));
      }};
  gofer::rename::detail::MetadataValues values = gofer::rename::detail::read_exif_from(source);
  for (const auto& [key, value] : values.values) {
    sink += gofer::rename::detail::safe_component(value).size() + key.size();
  }
  for (const std::string& warning : values.warnings) sink += warning.size();
  g_sink = g_sink + sink;
  return 0;  // libFuzzer reserves other values
}
