// Shrinks a TIFF structure larger than libexif's 64 KiB window to the tags gofer reads.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace gofer::rename::detail {

// libexif caps what it reads at 0xfffe bytes (the APP1 limit of a JPEG), so an IFD or value
// further into a raw file (a DNG's EXIF IFD after its preview) would be lost. This rebuilds
// IFD0 and the EXIF IFD with only the tags of kExifKeys, their values copied next to them:
// a block of a few hundred bytes that libexif then decodes as usual. Nullopt (with a
// warning) when IFD0 itself is unreadable.
[[nodiscard]] std::optional<std::string> compact_tiff(std::string_view tiff,
                                                      std::vector<std::string>& warnings);

}  // namespace gofer::rename::detail
