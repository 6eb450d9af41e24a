// compact_tiff(): a minimal TIFF rewriter for the tags of {exif.*}, bounds-checked throughout.
#include "tiff_compact.hpp"

#include <algorithm>
#include <array>
#include <cstdint>
#include <span>

#include <fmt/format.h>

namespace gofer::rename::detail {
namespace {

// Entries per IFD that are looked at; real IFDs have a few dozen.
constexpr uint32_t kMaxEntries = 1024;
// A value longer than this (a text tag) is cut: a file name needs no more.
constexpr uint32_t kMaxValueBytes = 256;
constexpr uint16_t kExifPointer = 0x8769;
// IFD0: Make, Model, ImageWidth, ImageLength. EXIF IFD: DateTimeOriginal, DateTimeDigitized,
// ISOSpeedRatings, PixelXDimension, PixelYDimension, LensModel.
constexpr std::array<uint16_t, 4> kIfd0Tags{0x010F, 0x0110, 0x0100, 0x0101};
constexpr std::array<uint16_t, 6> kExifTags{0x9003, 0x9004, 0x8827, 0xA002, 0xA003, 0xA434};

struct Entry {
  uint16_t tag = 0;
  uint16_t type = 0;
  uint32_t count = 0;
  std::string value;  // the value's bytes, in the file's byte order
};

class TiffView {
 public:
  explicit TiffView(std::string_view bytes) : bytes_(bytes), big_endian_(bytes.starts_with("MM")) {}

  [[nodiscard]] bool has(uint64_t offset, uint64_t size) const {
    return offset <= bytes_.size() && size <= bytes_.size() - offset;
  }
  [[nodiscard]] uint32_t get(uint64_t offset, int size) const {
    uint32_t value = 0;
    for (int i = 0; i < size; ++i) {
      auto byte = static_cast<uint32_t>(
          static_cast<unsigned char>(bytes_[offset + static_cast<uint64_t>(i)]));
      value |= big_endian_ ? byte << (8 * (size - 1 - i)) : byte << (8 * i);
    }
    return value;
  }
  void put(std::string& out, uint32_t value, int size) const {
    for (int i = 0; i < size; ++i) {
      int shift = big_endian_ ? 8 * (size - 1 - i) : 8 * i;
      out += static_cast<char>((value >> shift) & 0xFF);
    }
  }
  [[nodiscard]] std::string_view bytes() const { return bytes_; }

 private:
  std::string_view bytes_;
  bool big_endian_;
};

uint32_t type_size(uint16_t type) {
  switch (type) {
    case 1:
    case 2:
    case 6:
    case 7: return 1;  // BYTE ASCII SBYTE UNDEFINED
    case 3:
    case 8: return 2;  // SHORT SSHORT
    case 4:
    case 9: return 4;   // LONG SLONG
    default: return 0;  // rationals and the rest: not needed
  }
}

// The wanted entries of the IFD at `offset`, and the EXIF IFD pointer if it has one.
std::vector<Entry> read_ifd(const TiffView& tiff, uint32_t offset, std::span<const uint16_t> wanted,
                            std::optional<uint32_t>* exif_pointer) {
  std::vector<Entry> entries;
  if (!tiff.has(offset, 2)) return entries;
  uint32_t count = std::min(tiff.get(offset, 2), kMaxEntries);
  for (uint32_t i = 0; i < count && tiff.has(offset + 2 + 12 * uint64_t{i}, 12); ++i) {
    uint64_t at = offset + 2 + 12 * uint64_t{i};
    Entry entry{static_cast<uint16_t>(tiff.get(at, 2)),
                static_cast<uint16_t>(tiff.get(at + 2, 2)),
                tiff.get(at + 4, 4),
                {}};
    if (entry.tag == kExifPointer && exif_pointer != nullptr) *exif_pointer = tiff.get(at + 8, 4);
    uint32_t size = type_size(entry.type);
    if (size == 0 || std::find(wanted.begin(), wanted.end(), entry.tag) == wanted.end()) continue;
    entry.count = std::min(entry.count, kMaxValueBytes / size);
    uint64_t bytes = uint64_t{size} * entry.count;
    uint64_t value_at = bytes <= 4 ? at + 8 : tiff.get(at + 8, 4);
    if (!tiff.has(value_at, bytes)) continue;  // a bad offset: this tag is missing
    entry.value = std::string(tiff.bytes().substr(value_at, bytes));
    entries.push_back(std::move(entry));
  }
  return entries;
}

// Writes one IFD at out.size() with its values in `data` (placed at data_base).
void write_ifd(const TiffView& tiff, const std::vector<Entry>& entries,
               std::optional<uint32_t> exif_at, uint32_t data_base, std::string& out,
               std::string& data) {
  tiff.put(out, static_cast<uint32_t>(entries.size() + (exif_at ? 1 : 0)), 2);
  for (const Entry& entry : entries) {
    tiff.put(out, entry.tag, 2);
    tiff.put(out, entry.type, 2);
    tiff.put(out, entry.count, 4);
    if (entry.value.size() <= 4) {
      out += entry.value;
      out.append(4 - entry.value.size(), '\0');
    } else {
      tiff.put(out, data_base + static_cast<uint32_t>(data.size()), 4);
      data += entry.value;
    }
  }
  if (exif_at) {
    tiff.put(out, kExifPointer, 2);
    tiff.put(out, 4, 2);
    tiff.put(out, 1, 4);
    tiff.put(out, *exif_at, 4);
  }
  tiff.put(out, 0, 4);  // no next IFD
}

}  // namespace

std::optional<std::string> compact_tiff(std::string_view bytes,
                                        std::vector<std::string>& warnings) {
  TiffView tiff(bytes);
  if (!tiff.has(0, 8)) return std::nullopt;
  uint32_t ifd0 = tiff.get(4, 4);
  if (!tiff.has(ifd0, 2)) {
    warnings.push_back(fmt::format("TIFF IFD0 at offset {} is past the bytes read", ifd0));
    return std::nullopt;
  }
  std::optional<uint32_t> exif_pointer;
  std::vector<Entry> ifd0_entries = read_ifd(tiff, ifd0, kIfd0Tags, &exif_pointer);
  std::vector<Entry> exif_entries;
  if (exif_pointer) exif_entries = read_ifd(tiff, *exif_pointer, kExifTags, nullptr);
  auto ifd_size = [](size_t count) { return static_cast<uint32_t>(2 + 12 * count + 4); };
  uint32_t ifd0_size = ifd_size(ifd0_entries.size() + (exif_entries.empty() ? 0 : 1));
  uint32_t exif_at = 8 + ifd0_size;
  uint32_t data_base = exif_at + (exif_entries.empty() ? 0 : ifd_size(exif_entries.size()));
  std::string out(bytes.substr(0, 4));
  tiff.put(out, 8, 4);
  std::string data;
  write_ifd(tiff, ifd0_entries,
            exif_entries.empty() ? std::nullopt : std::optional<uint32_t>(exif_at), data_base, out,
            data);
  if (!exif_entries.empty()) write_ifd(tiff, exif_entries, std::nullopt, data_base, out, data);
  return out + data;
}

}  // namespace gofer::rename::detail
