// Builders of tiny images with EXIF for the reader tests: TIFF blocks and the containers.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace gofer::rename::detail::test_images {

enum : uint16_t { kAscii = 2, kShort = 3, kLong = 4 };

struct Tag {
  uint16_t id = 0;
  uint16_t type = kAscii;
  std::string value;  // ASCII text (NUL added), or the number for kShort/kLong as text
};

inline void put16(std::string& out, uint32_t value) {
  out += static_cast<char>(value & 0xFF);
  out += static_cast<char>((value >> 8) & 0xFF);
}
inline void put32(std::string& out, uint32_t value) {
  put16(out, value & 0xFFFF);
  put16(out, value >> 16);
}
inline void put32be(std::string& out, uint32_t value) {
  for (int shift = 24; shift >= 0; shift -= 8) out += static_cast<char>((value >> shift) & 0xFF);
}

// A little-endian TIFF structure: IFD0 with `ifd0`, and an EXIF IFD with `exif` if any.
inline std::string tiff(std::vector<Tag> ifd0, const std::vector<Tag>& exif) {
  auto ifd_size = [](size_t count) { return 2 + 12 * count + 4; };
  size_t ifd0_count = ifd0.size() + (exif.empty() ? 0 : 1);
  uint32_t exif_offset = static_cast<uint32_t>(8 + ifd_size(ifd0_count));
  uint32_t data_offset =
      exif_offset + static_cast<uint32_t>(exif.empty() ? 0 : ifd_size(exif.size()));
  std::string out("II*\0\x08\0\0\0", 8);
  std::string data;
  auto write_ifd = [&](const std::vector<Tag>& tags, bool with_pointer) {
    put16(out, static_cast<uint32_t>(tags.size() + (with_pointer ? 1 : 0)));
    for (const Tag& tag : tags) {
      put16(out, tag.id);
      put16(out, tag.type);
      if (tag.type == kAscii) {
        std::string text = tag.value + '\0';
        put32(out, static_cast<uint32_t>(text.size()));
        if (text.size() <= 4) {
          text.resize(4, '\0');
          out += text;
        } else {
          put32(out, data_offset + static_cast<uint32_t>(data.size()));
          data += text;
        }
      } else {
        put32(out, 1);
        uint32_t number = static_cast<uint32_t>(std::stoul(tag.value));
        if (tag.type == kShort) {
          put16(out, number);
          put16(out, 0);
        } else {
          put32(out, number);
        }
      }
    }
    if (with_pointer) {
      put16(out, 0x8769);  // ExifIFDPointer
      put16(out, kLong);
      put32(out, 1);
      put32(out, exif_offset);
    }
    put32(out, 0);  // no next IFD
  };
  write_ifd(ifd0, !exif.empty());
  if (!exif.empty()) write_ifd(exif, false);
  return out + data;
}

// A camera's usual tags.
inline std::string camera_tiff(std::string_view date = "2024:07:14 09:26:53") {
  return tiff({{0x010F, kAscii, "Canon"}, {0x0110, kAscii, "Canon EOS R5"}},
              {{0x9003, kAscii, std::string(date)},
               {0x8827, kShort, "400"},
               {0xA002, kLong, "8192"},
               {0xA003, kShort, "5464"},
               {0xA434, kAscii, "RF24-105mm F4 L IS USM"}});
}

inline std::string jpeg_segment(uint8_t marker, std::string_view body) {
  std::string out{'\xFF', static_cast<char>(marker)};
  uint32_t length = static_cast<uint32_t>(body.size() + 2);
  out += static_cast<char>(length >> 8);
  out += static_cast<char>(length & 0xFF);
  return out + std::string(body);
}

// SOI, APP1 with EXIF, a baseline SOF0 of width x height, then SOS and EOI.
inline std::string jpeg(std::string_view exif_tiff, uint32_t width = 640, uint32_t height = 480) {
  std::string out("\xFF\xD8", 2);
  out += jpeg_segment(0xE0, std::string("JFIF\0\x01\x01\0\0\x01\0\x01\0\0", 14));
  if (!exif_tiff.empty())
    out += jpeg_segment(0xE1, std::string("Exif\0\0", 6) + std::string(exif_tiff));
  std::string frame{'\x08',
                    static_cast<char>(height >> 8),
                    static_cast<char>(height & 0xFF),
                    static_cast<char>(width >> 8),
                    static_cast<char>(width & 0xFF),
                    '\x01',
                    '\x01',
                    '\x11',
                    '\x00'};
  out += jpeg_segment(0xC0, frame);
  out += jpeg_segment(0xDA, std::string("\x01\x01\0\0\x3F\0", 6));
  return out + "\x12\x34\xFF\xD9";
}

inline std::string png_chunk(std::string_view type, std::string_view data) {
  std::string out;
  put32be(out, static_cast<uint32_t>(data.size()));
  out += type;
  out += data;
  put32be(out, 0);  // CRC: gofer does not check it (libpng would; metadata is not pixels)
  return out;
}

inline std::string png(std::string_view exif_tiff, uint32_t width = 320, uint32_t height = 200) {
  std::string out("\x89PNG\r\n\x1A\n", 8);
  std::string header;
  put32be(header, width);
  put32be(header, height);
  header += std::string("\x08\x02\0\0\0", 5);
  out += png_chunk("IHDR", header);
  if (!exif_tiff.empty()) out += png_chunk("eXIf", exif_tiff);
  out += png_chunk("IDAT", "x");
  return out + png_chunk("IEND", "");
}

inline std::string box(std::string_view type, std::string_view body) {
  std::string out;
  put32be(out, static_cast<uint32_t>(body.size() + 8));
  return out + std::string(type) + std::string(body);
}

// pitm naming item 1, and iprp: ipco holding a 160x120 ispe (a thumbnail's, item 3's) before
// item 1's `width` x `height` one; ipma associating them (item 1's marked essential).
inline std::string heif_properties(uint32_t width, uint32_t height) {
  std::string pitm = box("pitm", std::string("\0\0\0\0\0\x01", 6));
  auto ispe = [](uint32_t w, uint32_t h) {
    std::string body("\0\0\0\0", 4);
    put32be(body, w);
    put32be(body, h);
    return box("ispe", body);
  };
  std::string ipco = box("ipco", ispe(160, 120) + ispe(width, height));
  std::string ipma("\0\0\0\0\0\0\0\x02", 8);  // v0, 7-bit indexes, two items
  ipma += std::string("\0\x03\x01\x01", 4);   // item 3: property 1
  ipma += std::string("\0\x01\x01\x82", 4);   // item 1: property 2, essential
  return pitm + box("iprp", ipco + box("ipma", ipma));
}

// ftyp, meta (hdlr, iinf with an Exif item 2, iloc v1 pointing into mdat), mdat; with a size,
// also the primary item's pixel size (heif_properties).
inline std::string heic(std::string_view exif_tiff, uint32_t width = 0, uint32_t height = 0) {
  std::string payload;
  put32be(payload, 6);  // the TIFF header follows "Exif\0\0"
  payload += std::string("Exif\0\0", 6);
  payload += exif_tiff;
  std::string ftyp = box("ftyp", std::string("heic\0\0\0\0mif1heic", 16));
  std::string infe_hvc = box("infe", std::string("\x02\0\0\0\0\x01\0\0hvc1\0", 13));
  std::string infe_exif = box("infe", std::string("\x02\0\0\0\0\x02\0\0Exif\0", 13));
  std::string iinf = box("iinf", std::string("\0\0\0\0\0\x02", 6) + infe_hvc + infe_exif);
  std::string hdlr = box("hdlr", std::string("\0\0\0\0\0\0\0\0pict\0\0\0\0\0\0\0\0\0\0\0\0\0", 25));
  auto meta_with = [&](uint32_t offset) {
    std::string iloc("\x01\0\0\0\x44\0\0\x01", 8);   // v1; offset/length 4 bytes; one item
    iloc += std::string("\0\x02\0\0\0\0\0\x01", 8);  // item 2, method 0, ref 0, one extent
    put32be(iloc, offset);
    put32be(iloc, static_cast<uint32_t>(payload.size()));
    std::string properties = width > 0 ? heif_properties(width, height) : std::string();
    return box("meta", std::string("\0\0\0\0", 4) + hdlr + properties + iinf + box("iloc", iloc));
  };
  size_t meta_size = meta_with(0).size();
  uint32_t offset = static_cast<uint32_t>(ftyp.size() + meta_size + 8);
  return ftyp + meta_with(offset) + box("mdat", payload);
}

}  // namespace gofer::rename::detail::test_images
