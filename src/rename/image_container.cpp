// Container walkers for {exif.*}: JPEG markers, PNG chunks, TIFF prefix, ISOBMFF boxes (HEIC).
// Every size read from the file is checked against the file size and kMaxMetadataBytes
// before anything is read, and every walk has a step limit, so no input makes a loop.
#include "image_container.hpp"

#include <string_view>

#include <fmt/format.h>

namespace gofer::rename::detail {
namespace {

// Steps of each walk. Real files have a dozen JPEG segments, a few PNG chunks before IDAT,
// a handful of top-level boxes; anything beyond is a broken or hostile file.
constexpr int kMaxSteps = 256;

uint32_t be16(std::string_view bytes, size_t at) {
  return (static_cast<uint32_t>(static_cast<unsigned char>(bytes[at])) << 8) |
         static_cast<unsigned char>(bytes[at + 1]);
}
uint32_t be32(std::string_view bytes, size_t at) {
  return (be16(bytes, at) << 16) | be16(bytes, at + 2);
}
uint64_t be64(std::string_view bytes, size_t at) {
  return (static_cast<uint64_t>(be32(bytes, at)) << 32) | be32(bytes, at + 4);
}

// Reads through the source within the per-file budget; a refusal or a short read becomes
// one warning naming what was being read.
class BoundedReader {
 public:
  BoundedReader(const ImageSource& source, ContainerFacts& facts)
      : source_(source), facts_(facts) {}

  // Exactly `length` bytes at `offset`, or nullopt with a warning.
  std::optional<std::string> read(uint64_t offset, uint64_t length, std::string_view what) {
    if (offset > source_.size || length > source_.size - offset) {
      warn(fmt::format("{} at offset {} claims {} bytes, past the end of the file ({} bytes)", what,
                       offset, length, source_.size));
      return std::nullopt;
    }
    if (length > kMaxMetadataBytes - used_) {
      warn(fmt::format("{} claims {} bytes, over the {} KiB metadata limit", what, length,
                       kMaxMetadataBytes >> 10));
      return std::nullopt;
    }
    used_ += length;
    std::string bytes = source_.read(offset, static_cast<size_t>(length));
    if (bytes.size() != length) {
      warn(fmt::format("{} at offset {} is truncated", what, offset));
      return std::nullopt;
    }
    return bytes;
  }
  void warn(std::string text) { facts_.warnings.push_back(std::move(text)); }
  [[nodiscard]] uint64_t size() const { return source_.size; }

 private:
  const ImageSource& source_;
  ContainerFacts& facts_;
  size_t used_ = 0;
};

bool is_start_of_frame(uint32_t marker) {
  // SOF0..SOF15 except DHT (C4), JPG (C8) and DAC (CC), which share the range.
  return marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
}

// One JPEG segment with a length: EXIF from APP1, pixel size from SOF.
void read_jpeg_segment(BoundedReader& reader, ContainerFacts& facts, uint32_t marker, uint64_t body,
                       uint32_t length) {
  if (marker == 0xE1 && facts.tiff.empty() && length >= kExifPrefix.size()) {
    std::optional<std::string> prefix = reader.read(body, kExifPrefix.size(), "APP1 segment");
    if (!prefix || *prefix != kExifPrefix) return;  // XMP and others share APP1
    std::optional<std::string> exif =
        reader.read(body + kExifPrefix.size(), length - kExifPrefix.size(), "EXIF segment");
    if (exif) facts.tiff = std::move(*exif);
  } else if (is_start_of_frame(marker) && !facts.width && length >= 5) {
    std::optional<std::string> frame = reader.read(body, 5, "SOF segment");
    if (!frame) return;
    facts.height = be16(*frame, 1);
    facts.width = be16(*frame, 3);
  }
}

void walk_jpeg(BoundedReader& reader, ContainerFacts& facts) {
  uint64_t pos = 2;
  for (int step = 0; step < kMaxSteps; ++step) {
    if (pos >= reader.size()) return;  // a JPEG may end without EOI
    if (pos + 4 > reader.size()) {
      reader.warn(fmt::format("JPEG ends inside a marker at offset {}", pos));
      return;
    }
    std::optional<std::string> header = reader.read(pos, 4, "JPEG marker");
    if (!header) return;
    if (static_cast<unsigned char>((*header)[0]) != 0xFF) {
      reader.warn(fmt::format("no JPEG marker at offset {}", pos));
      return;
    }
    uint32_t marker = static_cast<unsigned char>((*header)[1]);
    if (marker == 0xFF || marker == 0xD8 || marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) {
      pos += marker == 0xFF ? 1 : 2;  // fill byte, or a marker without a length
      continue;
    }
    if (marker == 0xD9 || marker == 0xDA) return;  // EOI, or the scan: no metadata after it
    uint32_t length = be16(*header, 2);
    if (length < 2) {
      reader.warn(fmt::format("JPEG segment at offset {} has a length of {}", pos, length));
      return;
    }
    read_jpeg_segment(reader, facts, marker, pos + 4, length - 2);
    if (!facts.tiff.empty() && facts.width) return;
    pos += 2 + static_cast<uint64_t>(length);
  }
  reader.warn(fmt::format("more than {} JPEG segments before the image data", kMaxSteps));
}

// PNG chunks up to the first IDAT: the spec puts eXIf before the image data.
void walk_png(BoundedReader& reader, ContainerFacts& facts) {
  uint64_t pos = 8;
  for (int step = 0; step < kMaxSteps; ++step) {
    if (pos + 8 > reader.size()) return;
    std::optional<std::string> header = reader.read(pos, 8, "PNG chunk");
    if (!header) return;
    uint64_t length = be32(*header, 0);
    std::string_view type = std::string_view(*header).substr(4, 4);
    if (type == "IDAT" || type == "IEND") return;
    if (type == "IHDR" && length >= 8) {
      std::optional<std::string> size = reader.read(pos + 8, 8, "PNG IHDR chunk");
      if (!size) return;
      facts.width = be32(*size, 0);
      facts.height = be32(*size, 4);
    } else if (type == "eXIf" && facts.tiff.empty()) {
      std::optional<std::string> exif = reader.read(pos + 8, length, "PNG eXIf chunk");
      if (!exif) return;
      facts.tiff = std::move(*exif);
    }
    pos += 12 + length;  // length, type, data, CRC
  }
  reader.warn(fmt::format("more than {} PNG chunks before the image data", kMaxSteps));
}

// Reads `count` big-endian bytes (0, 2, 4 or 8) from an in-memory box; `ok` turns false on
// the first read past the end, after which every read gives 0.
struct Cursor {
  std::string_view data;
  size_t pos = 0;
  bool ok = true;

  uint64_t take(size_t count) {
    if (!ok || count > data.size() - pos) {
      ok = false;
      return 0;
    }
    uint64_t value = 0;
    for (size_t i = 0; i < count; ++i) {
      value = (value << 8) | static_cast<unsigned char>(data[pos + i]);
    }
    pos += count;
    return value;
  }
  void skip(size_t count) {
    if (!ok || count > data.size() - pos) {
      ok = false;
      return;
    }
    pos += count;
  }
};

struct Box {
  std::string_view type;
  std::string_view body;
};

// The child boxes of an in-memory box body (at most kMaxSteps).
std::vector<Box> child_boxes(std::string_view body) {
  std::vector<Box> boxes;
  Cursor cursor{body};
  while (cursor.ok && cursor.pos + 8 <= body.size() && boxes.size() < kMaxSteps) {
    size_t start = cursor.pos;
    uint64_t size = cursor.take(4);
    std::string_view type = body.substr(cursor.pos, 4);
    cursor.skip(4);
    if (size == 1) size = cursor.take(8);
    if (size == 0) size = body.size() - start;
    size_t header = cursor.pos - start;
    if (!cursor.ok || size < header || size > body.size() - start) break;
    boxes.push_back({type, body.substr(cursor.pos, static_cast<size_t>(size - header))});
    cursor.pos = start + static_cast<size_t>(size);
  }
  return boxes;
}

std::optional<uint32_t> exif_item_id(std::string_view iinf) {
  Cursor cursor{iinf};
  uint64_t version = cursor.take(1);
  cursor.skip(3);
  cursor.skip(version == 0 ? 2 : 4);  // entry count: the child boxes say it again
  if (!cursor.ok) return std::nullopt;
  for (const Box& infe : child_boxes(iinf.substr(cursor.pos))) {
    if (infe.type != "infe") continue;
    Cursor entry{infe.body};
    uint64_t infe_version = entry.take(1);
    entry.skip(3);
    if (infe_version < 2) continue;  // item types came with version 2
    auto id = static_cast<uint32_t>(entry.take(infe_version == 2 ? 2 : 4));
    entry.skip(2);  // protection index
    if (entry.ok && entry.pos + 4 <= infe.body.size() && infe.body.substr(entry.pos, 4) == "Exif") {
      return id;
    }
  }
  return std::nullopt;
}

struct Extent {
  uint64_t offset = 0;
  uint64_t length = 0;
};

// The first extent of `item` in an iloc box (ISO/IEC 14496-12 8.11.3), file offsets only.
std::optional<Extent> item_extent(std::string_view iloc, uint32_t item) {
  Cursor c{iloc};
  uint64_t version = c.take(1);
  c.skip(3);
  uint64_t sizes = c.take(2);
  size_t offset_size = (sizes >> 12) & 0xF, length_size = (sizes >> 8) & 0xF;
  size_t base_size = (sizes >> 4) & 0xF, index_size = version >= 1 ? sizes & 0xF : 0;
  uint64_t count = c.take(version < 2 ? 2 : 4);
  for (uint64_t i = 0; c.ok && i < count && i < kMaxSteps; ++i) {
    uint64_t id = c.take(version < 2 ? 2 : 4);
    uint64_t method = version >= 1 ? c.take(2) & 0xF : 0;
    c.skip(2);  // data reference index
    uint64_t base = c.take(base_size);
    uint64_t extents = c.take(2);
    for (uint64_t e = 0; c.ok && e < extents && e < kMaxSteps; ++e) {
      c.take(index_size);
      Extent extent{c.take(offset_size), c.take(length_size)};
      if (id == item && e == 0 && method == 0 && c.ok && base <= UINT64_MAX - extent.offset) {
        return Extent{base + extent.offset, extent.length};
      }
    }
  }
  return std::nullopt;
}

// The primary item of a pitm box (ISO/IEC 14496-12 8.11.4).
std::optional<uint32_t> primary_item(std::string_view pitm) {
  Cursor c{pitm};
  uint64_t version = c.take(1);
  c.skip(3);
  auto id = static_cast<uint32_t>(c.take(version == 0 ? 2 : 4));
  return c.ok ? std::optional<uint32_t>(id) : std::nullopt;
}

// The 1-based ipco indexes of `item`'s properties in an ipma box (ISO/IEC 23008-12 9.3).
std::vector<uint64_t> item_properties(std::string_view ipma, uint32_t item) {
  Cursor c{ipma};
  uint64_t version = c.take(1);
  bool wide = (c.take(3) & 1) != 0;  // flag 1: 15-bit indexes
  uint64_t count = c.take(4);
  for (uint64_t i = 0; c.ok && i < count && i < kMaxSteps; ++i) {
    uint64_t id = c.take(version < 1 ? 2 : 4);
    uint64_t associations = c.take(1);
    std::vector<uint64_t> indexes;
    for (uint64_t a = 0; c.ok && a < associations; ++a) {
      indexes.push_back(c.take(wide ? 2 : 1) & (wide ? 0x7FFF : 0x7F));  // minus "essential"
    }
    if (id == item && c.ok) return indexes;
  }
  return {};
}

// The primary image's pixel size: its `ispe` property. Not the first or largest ispe: a
// HEIC also holds thumbnails, tiles of a grid and depth maps, each with a size of its own.
void read_heif_size(ContainerFacts& facts, std::string_view iprp, uint32_t primary) {
  std::string_view ipco, ipma;
  for (const Box& box : child_boxes(iprp)) {
    if (box.type == "ipco") ipco = box.body;
    if (box.type == "ipma" && ipma.empty()) ipma = box.body;
  }
  std::vector<Box> properties = child_boxes(ipco);
  for (uint64_t index : item_properties(ipma, primary)) {
    if (index == 0 || index > properties.size() || properties[index - 1].type != "ispe") continue;
    Cursor c{properties[index - 1].body};
    c.skip(4);  // version and flags
    auto width = static_cast<uint32_t>(c.take(4));
    auto height = static_cast<uint32_t>(c.take(4));
    if (c.ok && width > 0 && height > 0) facts.width = width, facts.height = height;
    return;
  }
}

// The Exif item's payload starts with the offset of the TIFF header within it.
void read_heif_meta(BoundedReader& reader, ContainerFacts& facts, std::string_view meta) {
  std::string_view iinf, iloc, iprp;
  std::optional<uint32_t> primary;
  Cursor cursor{meta};
  cursor.skip(4);  // version and flags of the meta full box
  if (!cursor.ok) return;
  for (const Box& box : child_boxes(meta.substr(cursor.pos))) {
    if (box.type == "iinf") iinf = box.body;
    if (box.type == "iloc") iloc = box.body;
    if (box.type == "iprp") iprp = box.body;
    if (box.type == "pitm") primary = primary_item(box.body);
  }
  if (primary) read_heif_size(facts, iprp, *primary);
  std::optional<uint32_t> item = exif_item_id(iinf);
  if (!item) return;
  std::optional<Extent> extent = item_extent(iloc, *item);
  if (!extent) {
    reader.warn("HEIF Exif item has no location");
    return;
  }
  std::optional<std::string> payload =
      reader.read(extent->offset, extent->length, "HEIF Exif item");
  if (!payload) return;
  Cursor header{*payload};
  uint64_t skip = header.take(4);
  if (!header.ok || skip > payload->size() - 4) {
    reader.warn("HEIF Exif item has a bad TIFF header offset");
    return;
  }
  facts.tiff = payload->substr(4 + static_cast<size_t>(skip));
}

void walk_heif(BoundedReader& reader, ContainerFacts& facts) {
  uint64_t pos = 0;
  for (int step = 0; step < kMaxSteps && pos + 8 <= reader.size(); ++step) {
    std::optional<std::string> header =
        reader.read(pos, pos + 16 <= reader.size() ? 16 : 8, "ISOBMFF box");
    if (!header) return;
    uint64_t size = be32(*header, 0);
    std::string_view type = std::string_view(*header).substr(4, 4);
    uint64_t header_size = 8;
    if (size == 1 && header->size() == 16) size = be64(*header, 8), header_size = 16;
    if (size == 0) size = reader.size() - pos;
    if (size < header_size || size > reader.size() - pos) {
      reader.warn(fmt::format("ISOBMFF box '{}' at offset {} claims {} bytes", type, pos, size));
      return;
    }
    if (type == "meta") {
      std::optional<std::string> meta =
          reader.read(pos + header_size, size - header_size, "HEIF meta box");
      if (meta) read_heif_meta(reader, facts, *meta);
      return;
    }
    pos += size;
  }
}

}  // namespace

ContainerFacts locate_exif(const ImageSource& source) {
  ContainerFacts facts;
  BoundedReader reader(source, facts);
  std::string head = source.read(0, 12);
  std::string_view magic = head;
  if (magic.starts_with("\xFF\xD8")) {
    walk_jpeg(reader, facts);
  } else if (magic.starts_with("\x89PNG\r\n\x1A\n")) {
    walk_png(reader, facts);
  } else if (magic.starts_with(std::string_view("II*\0", 4)) ||
             magic.starts_with(std::string_view("MM\0*", 4))) {
    uint64_t length = source.size < kTiffPrefixBytes ? source.size : kTiffPrefixBytes;
    if (std::optional<std::string> prefix = reader.read(0, length, "TIFF header")) {
      facts.tiff = std::move(*prefix);
    }
  } else if (magic.size() >= 8 && magic.substr(4, 4) == "ftyp") {
    walk_heif(reader, facts);
  } else {
    return facts;
  }
  facts.recognised = true;
  return facts;
}

}  // namespace gofer::rename::detail
