// {exif.*} placeholders: the EXIF of an image file, decoded by libexif.
//
// Why libexif and not exiv2: Debian 12 ships libexif.a (0.6.24, LGPL; about 100 KB of it
// ends up linked), while exiv2 0.27 comes as a shared library only, pulls in expat and zlib,
// is several MB of C++ and GPL; gofer needs seven tags read from a buffer it has located
// itself, which is libexif's whole job. exiv2's extra formats (XMP, IPTC) are not used here.
// libexif's one limit, a 64 KiB window, is worked around by compact_tiff().
#pragma once

#include <array>
#include <filesystem>

#include "gofer/error.hpp"
#include "image_container.hpp"
#include "metadata.hpp"

namespace gofer::rename::detail {

// exif.date is DateTimeOriginal, else DateTimeDigitized (exiftool's CreateDate). IFD0's
// DateTime is left out on purpose: it is the last-modified time, which editors rewrite, and
// a wrong "date taken" misfiles a photo silently where a missing one shows up (exit 3, or
// the fallback). A date of zeros or blanks (a camera whose clock was never set) is missing.
// The date carries its EXIF 2.31 offset when the camera wrote one ("… 09:26:53+02:00"), from
// the OffsetTime tag that belongs to it: then %z gives "+0200"; without one %z gives nothing.
// exif.width/height: PixelX/YDimension, else the image itself (JPEG SOF, PNG IHDR,
// HEIF's ispe of the primary item), else
// TIFF's ImageWidth/ImageLength.
inline constexpr std::array<MetadataKey, 7> kExifKeys{{
    {"date", MetadataFormat::kDate},
    {"make", MetadataFormat::kText},
    {"model", MetadataFormat::kText},
    {"lens", MetadataFormat::kText},
    {"iso", MetadataFormat::kNumber},
    {"width", MetadataFormat::kNumber},
    {"height", MetadataFormat::kNumber},
}};

// One open, bounded reads (see kMaxMetadataBytes). Fails only when the file cannot be
// opened or is not a regular file.
[[nodiscard]] Result<MetadataValues> read_exif(const std::filesystem::path& path);

// The same from any byte source (the fuzz target's entry point); never fails.
// `claimed_format` is what the file's name promises ("JPEG", …; empty: nothing): bytes that
// are no image then give a warning instead of silently having no EXIF.
[[nodiscard]] MetadataValues read_exif_from(const ImageSource& source,
                                            std::string_view claimed_format = {});

}  // namespace gofer::rename::detail
