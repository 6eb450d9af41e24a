// Finding the EXIF block and the pixel size inside JPEG, PNG, TIFF-based raws and HEIC/HEIF.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace gofer::rename::detail {

// Every byte of a file's metadata is read through this cap: a reader never holds or reads
// more, whatever sizes the file claims (EXIF in a JPEG is at most 64 KiB; raw files and
// HEIC keep theirs in the first few hundred KiB).
inline constexpr size_t kMaxMetadataBytes = size_t{1} << 20;
// What starts EXIF's APP1 segment in a JPEG (and what libexif wants before the TIFF bytes).
inline constexpr std::string_view kExifPrefix{"Exif\0\0", 6};
// TIFF-based raws (CR2, NEF, ARW, DNG) are fed to libexif from their leading bytes: their
// IFD0 and EXIF IFD sit near the start, the image data after them.
inline constexpr size_t kTiffPrefixBytes = size_t{256} << 10;

// Random access to the image's bytes. `read` returns fewer bytes than asked at the end of
// the file, and nothing on an I/O error (after adding a warning of its own).
struct ImageSource {
  uint64_t size = 0;
  std::function<std::string(uint64_t offset, size_t length)> read;
};

struct ContainerFacts {
  std::string tiff;  // the EXIF block from its TIFF header ("II*\0" / "MM\0*"); empty: none
  std::optional<uint32_t> width;  // from the image itself (JPEG SOF, PNG IHDR, HEIF ispe)
  std::optional<uint32_t> height;
  std::vector<std::string> warnings;  // truncated segments, bad sizes, claims over the cap
  bool recognised = false;            // the first bytes were a JPEG, PNG, TIFF or ISOBMFF signature
};

// Recognises the container by its first bytes; an unknown format has no facts and no
// warning (a text file in the folder is not broken, it just has no EXIF).
[[nodiscard]] ContainerFacts locate_exif(const ImageSource& source);

}  // namespace gofer::rename::detail
