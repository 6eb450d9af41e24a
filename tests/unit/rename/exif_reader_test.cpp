// read_exif: every container, every key, real photos from Debian, and broken files as warnings.
#include "../../../src/rename/exif_reader.hpp"

#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "exif_images.hpp"
#include "matchers.hpp"
#include "temp_dir.hpp"

namespace gofer::rename::detail {
namespace {

namespace images = test_images;
using gofer::testing::ErrorIs;
using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Pair;
using ::testing::UnorderedElementsAre;

const std::string kRealPhotos = std::string(GOFER_SOURCE_DIR) + "/tests/data/exif/real/";

MetadataValues read_bytes(const std::string& bytes) {
  ImageSource source{bytes.size(), [&](uint64_t offset, size_t length) {
                       return offset >= bytes.size() ? std::string() : bytes.substr(offset, length);
                     }};
  return read_exif_from(source);
}

MetadataValues read_path(const std::string& path) {
  auto values = read_exif(path);
  EXPECT_TRUE(values.has_value()) << values.error().message();
  return values ? *values : MetadataValues{};
}

auto camera_values(std::string_view width = "8192", std::string_view height = "5464") {
  return UnorderedElementsAre(
      Pair("date", "2024-07-14 09:26:53"), Pair("make", "Canon"), Pair("model", "Canon EOS R5"),
      Pair("iso", "400"), Pair("width", std::string(width)), Pair("height", std::string(height)),
      Pair("lens", "RF24-105mm F4 L IS USM"));
}

TEST(ExifReaderTest, JpegApp1) {
  MetadataValues values = read_bytes(images::jpeg(images::camera_tiff()));
  EXPECT_THAT(values.values, camera_values());
  EXPECT_THAT(values.warnings, IsEmpty());
}

TEST(ExifReaderTest, TiffBasedRawFromItsLeadingBytes) {
  std::string raw = images::camera_tiff() + std::string(4096, '\x55');  // the "image data"
  EXPECT_THAT(read_bytes(raw).values, camera_values());
}

// libexif reads 64 KiB at most: a DNG's EXIF IFD behind its 100 KiB preview must still be found.
TEST(ExifReaderTest, RawWithExifBeyondLibexifsWindow) {
  std::string block = images::camera_tiff();
  uint32_t ifd0 = 8;
  uint32_t moved = 100000;  // IFD0 moves behind a "preview"; its offsets move with it
  std::string raw("II*\0", 4);
  images::put32(raw, moved);
  raw += std::string(moved - 8, '\x55');
  std::string tail = block.substr(ifd0);
  // Rebase every offset that points into the block: the EXIF pointer and the long values.
  auto rebase = [&](size_t at) {
    auto byte = [&](size_t i) {
      return static_cast<uint32_t>(static_cast<unsigned char>(tail[i]));
    };
    uint32_t value = byte(at) | byte(at + 1) << 8 | byte(at + 2) << 16;
    std::string fixed;
    images::put32(fixed, value - ifd0 + moved);
    tail.replace(at, 4, fixed);
  };
  rebase(2 + 12 * 0 + 8);  // Make is 6 bytes: an offset
  rebase(2 + 12 * 1 + 8);  // Model
  rebase(2 + 12 * 2 + 8);  // the EXIF IFD pointer
  size_t exif = 2 + 12 * 3 + 4;
  for (int entry : {0, 4}) rebase(exif + 2 + 12 * static_cast<size_t>(entry) + 8);  // date, lens
  raw += tail;
  MetadataValues values = read_bytes(raw + std::string(200000, '\x55'));
  EXPECT_THAT(values.values, camera_values());
  EXPECT_THAT(values.warnings, IsEmpty());
}

TEST(ExifReaderTest, RawWithIfd0PastThePrefixWarns) {
  std::string raw("II*\0\0\0\x10\0", 8);  // IFD0 at 1 MiB: past the 256 KiB read
  MetadataValues values = read_bytes(raw + std::string(70000, '\0'));
  EXPECT_THAT(values.values, IsEmpty());
  EXPECT_THAT(values.warnings, Contains(HasSubstr("TIFF IFD0 at offset 1048576")));
}

TEST(ExifReaderTest, PngExifChunk) {
  EXPECT_THAT(read_bytes(images::png(images::camera_tiff())).values, camera_values());
}

TEST(ExifReaderTest, HeicExifItem) {
  MetadataValues values = read_bytes(images::heic(images::camera_tiff()));
  EXPECT_THAT(values.values, camera_values());
  EXPECT_THAT(values.warnings, IsEmpty());
}

// The primary item's ispe, not the thumbnail's listed first.
TEST(ExifReaderTest, HeicPixelSizeOfThePrimaryImage) {
  std::string bare = images::tiff({{0x0110, images::kAscii, "iPhone 15"}}, {});
  MetadataValues values = read_bytes(images::heic(bare, 4032, 3024));
  EXPECT_THAT(values.values, UnorderedElementsAre(Pair("model", "iPhone 15"), Pair("width", "4032"),
                                                  Pair("height", "3024")));
  EXPECT_THAT(values.warnings, IsEmpty());
  EXPECT_THAT(read_bytes(images::heic(images::camera_tiff(), 4032, 3024)).values,
              camera_values());  // EXIF's PixelX/YDimension first, as for JPEG
}

TEST(ExifReaderTest, HeicPropertyIndexOutOfRangeIsNoSize) {
  std::string file = images::heic(images::tiff({{0x0110, images::kAscii, "X"}}, {}), 64, 48);
  size_t association = file.find(std::string("\0\x01\x01\x82", 4));
  ASSERT_NE(association, std::string::npos);
  file[association + 3] = '\x89';  // property 9 of 2
  EXPECT_THAT(read_bytes(file).values, UnorderedElementsAre(Pair("model", "X")));
}

TEST(ExifReaderTest, PixelSizeFromTheImageWhenExifHasNone) {
  std::string bare = images::tiff({{0x0110, images::kAscii, "X100"}}, {});
  EXPECT_THAT(
      read_bytes(images::jpeg(bare, 1234, 567)).values,
      UnorderedElementsAre(Pair("model", "X100"), Pair("width", "1234"), Pair("height", "567")));
  EXPECT_THAT(read_bytes(images::png("", 77, 88)).values,
              UnorderedElementsAre(Pair("width", "77"), Pair("height", "88")));
}

TEST(ExifReaderTest, DateDigitizedWhenNoOriginal) {
  std::string block = images::tiff({}, {{0x9004, images::kAscii, "2020:02:29 23:59:59"}});
  EXPECT_THAT(read_bytes(images::jpeg(block)).values,
              Contains(Pair("date", "2020-02-29 23:59:59")));
}

// EXIF 2.31: OffsetTimeOriginal belongs to DateTimeOriginal; OffsetTime (IFD0 DateTime's, an
// editor's clock) is not taken for it.
TEST(ExifReaderTest, DateCarriesTheOffsetOfItsOwnTag) {
  std::string shot = images::tiff({}, {{0x9003, images::kAscii, "2024:07:14 09:26:53"},
                                       {0x9010, images::kAscii, "+05:00"},
                                       {0x9011, images::kAscii, "-03:30"}});
  MetadataValues values = read_bytes(images::jpeg(shot));
  EXPECT_THAT(values.values, Contains(Pair("date", "2024-07-14 09:26:53-03:30")));
  EXPECT_THAT(values.warnings, IsEmpty());
  std::string edited = images::tiff(
      {}, {{0x9003, images::kAscii, "2024:07:14 09:26:53"}, {0x9010, images::kAscii, "+05:00"}});
  EXPECT_THAT(read_bytes(images::jpeg(edited)).values,
              Contains(Pair("date", "2024-07-14 09:26:53")));
}

TEST(ExifReaderTest, BlankOffsetIsMissingAndGarbageWarns) {
  for (std::string offset : {"      ", "+2:00x", "02:00", "+15:00", "+01:60"}) {
    std::string block = images::tiff(
        {}, {{0x9003, images::kAscii, "2024:07:14 09:26:53"}, {0x9011, images::kAscii, offset}});
    MetadataValues values = read_bytes(images::jpeg(block));
    EXPECT_THAT(values.values, Contains(Pair("date", "2024-07-14 09:26:53"))) << offset;
    if (offset.starts_with(' ')) {
      EXPECT_THAT(values.warnings, IsEmpty());
    } else {
      EXPECT_THAT(values.warnings, Contains(HasSubstr("is not +HH:MM or -HH:MM"))) << offset;
    }
  }
}

// Content decides: a PNG named .jpg is read as PNG, quietly; bytes that are no image at all
// warn only when the name promised one (a notes.txt in the folder is not broken).
TEST(ExifReaderTest, NameThatPromisesAnImageTheBytesAreNotWarns) {
  gofer::testing::TempDir dir;
  EXPECT_THAT(read_path(dir.write("x.JPG", std::string(3000, '\x5a'))).warnings,
              ElementsAre("not a JPEG file (its first bytes are no JPEG, PNG, TIFF or HEIF "
                          "signature): no EXIF read"));
  EXPECT_THAT(read_path(dir.write("e.heic", "")).warnings,
              ElementsAre("the file is empty: no EXIF read"));
  EXPECT_THAT(read_path(dir.write("n.dng", "text")).warnings,
              ElementsAre(HasSubstr("not a TIFF file")));
  EXPECT_THAT(read_path(dir.write("notes.txt", "text")).warnings, IsEmpty());
  MetadataValues png = read_path(dir.write("p.jpg", images::png("", 77, 88)));
  EXPECT_THAT(png.values, UnorderedElementsAre(Pair("width", "77"), Pair("height", "88")));
  EXPECT_THAT(png.warnings, IsEmpty());
}

TEST(ExifReaderTest, ModifyDateAloneIsNoDateTaken) {
  std::string block = images::tiff({{0x0132, images::kAscii, "2020:01:01 10:00:00"}}, {});
  EXPECT_FALSE(read_bytes(images::jpeg(block)).values.contains("date"));
}

TEST(ExifReaderTest, UnsetClockIsMissingAndGarbageWarns) {
  MetadataValues zeros = read_bytes(images::jpeg(images::camera_tiff("0000:00:00 00:00:00")));
  EXPECT_FALSE(zeros.values.contains("date"));
  EXPECT_THAT(zeros.warnings, IsEmpty());
  MetadataValues garbage = read_bytes(images::jpeg(images::camera_tiff("2024:13:45 99:00:00")));
  EXPECT_FALSE(garbage.values.contains("date"));
  EXPECT_THAT(garbage.warnings, Contains(HasSubstr("is not a date")));
}

TEST(ExifReaderTest, NotAnImageHasNothingAndNoWarning) {
  MetadataValues values = read_bytes("just some text, not a picture");
  EXPECT_THAT(values.values, IsEmpty());
  EXPECT_THAT(values.warnings, IsEmpty());
}

TEST(ExifReaderTest, TruncatedApp1IsAWarning) {
  std::string jpeg = images::jpeg(images::camera_tiff());
  MetadataValues values = read_bytes(jpeg.substr(0, 60));
  EXPECT_THAT(values.values, IsEmpty());
  EXPECT_THAT(values.warnings, Contains(HasSubstr("past the end of the file")));
}

TEST(ExifReaderTest, FourGigabyteChunkIsRefused) {
  std::string png = images::png("");
  std::string huge = images::png_chunk("eXIf", "");
  huge.replace(0, 4, "\xFF\xFF\xFF\xF0");
  png.insert(33, huge);  // after the signature and IHDR
  std::string padded = png + std::string(16, '\0');
  MetadataValues values = read_bytes(padded);
  EXPECT_THAT(values.warnings, Contains(HasSubstr("claims 4294967280 bytes")));
}

TEST(ExifReaderTest, OversizedHeifBoxIsRefused) {
  std::string file = images::heic(images::camera_tiff());
  file.replace(24 + 0, 4, "\x7F\xFF\xFF\xFF");  // the meta box claims 2 GB
  MetadataValues values = read_bytes(file);
  EXPECT_THAT(values.values, IsEmpty());
  EXPECT_THAT(values.warnings, Contains(HasSubstr("ISOBMFF box 'meta'")));
}

TEST(ExifReaderTest, IfdPointingAtItselfEnds) {
  // IFD0's next-IFD offset points back at IFD0: libexif must not loop.
  std::string block = images::camera_tiff();
  size_t next = 8 + 2 + 12 * 3;  // after IFD0's three entries
  block.replace(next, 4, std::string("\x08\0\0\0", 4));
  MetadataValues values = read_bytes(images::jpeg(block));
  EXPECT_THAT(values.values, Contains(Pair("model", "Canon EOS R5")));
}

// Counts what the reader asks for: the image data itself is never read.
TEST(ExifReaderTest, ReadsAreBoundedWhateverTheFileClaims) {
  std::string raw = images::camera_tiff() + std::string(8u << 20, '\x55');  // an 8 MiB raw
  std::string jpeg = images::jpeg(images::camera_tiff()) + std::string(8u << 20, '\x55');
  std::string many_segments("\xFF\xD8", 2);
  for (int i = 0; i < 2000; ++i) many_segments += images::jpeg_segment(0xE2, std::string(500, 'x'));
  for (const std::string* file : {&raw, &jpeg, &many_segments}) {
    size_t requested = 0;
    ImageSource source{file->size(), [&](uint64_t offset, size_t length) {
                         requested += length;
                         return file->substr(offset, length);
                       }};
    MetadataValues values = read_exif_from(source);
    EXPECT_LE(requested, kTiffPrefixBytes + 4096);
    if (file == &many_segments) {
      EXPECT_THAT(values.warnings, Contains(HasSubstr("more than 256 JPEG segments")));
    }
  }
}

TEST(ExifReaderTest, MissingFileFails) {
  EXPECT_THAT(read_exif("/nonexistent/gofer/a.jpg"), ErrorIs(ErrorCategory::kNotFound));
}

TEST(ExifReaderTest, DirectoryIsNotARegularFile) {
  EXPECT_THAT(read_exif("/"), ErrorIs(ErrorCategory::kInvalidArgument));
}

TEST(ExifReaderTest, LargeFileIsReadInBoundedPieces) {
  gofer::testing::TempDir dir;
  std::string raw = images::camera_tiff() + std::string(3u << 20, '\x55');  // a 3 MiB "raw"
  EXPECT_THAT(read_path(dir.write("big.dng", raw).string()).values, camera_values());
}

// Real photos: goexif's test images from Debian's golang-github-rwcarlsen-goexif-dev.
TEST(ExifReaderTest, RealNikonJpeg) {
  EXPECT_THAT(read_path(kRealPhotos + "nikon-d2h.jpg").values,
              UnorderedElementsAre(Pair("date", "2003-11-23 18:07:37"),
                                   Pair("make", "NIKON CORPORATION"), Pair("model", "NIKON D2H"),
                                   Pair("width", "500"), Pair("height", "375")));
}

TEST(ExifReaderTest, RealIphoneJpegHasLens) {
  EXPECT_THAT(read_path(kRealPhotos + "iphone-4s.jpg").values,
              UnorderedElementsAre(
                  Pair("date", "2014-09-01 15:03:47"), Pair("make", "Apple"),
                  Pair("model", "iPhone 4S"), Pair("lens", "iPhone 4S back camera 4.28mm f/2.4"),
                  Pair("iso", "50"), Pair("width", "3264"), Pair("height", "2448")));
}

TEST(ExifReaderTest, RealSamplesNamedByTheirDate) {
  for (const char* name :
       {"2004-01-11-22-45-15-sep-2004-01-11-22-45-15a.jpg", "2012-12-21-11-15-19-sep-IMG_0001.jpg",
        "2013-02-05-23-12-09-sep-DSCI0001.jpg"}) {
    std::string date = read_path(kRealPhotos + name).values["date"];
    std::string expected = std::string(name).substr(0, 19);
    expected[10] = ' ';
    expected[13] = ':';
    expected[16] = ':';
    EXPECT_EQ(date, expected) << name;
  }
}

TEST(ExifReaderTest, RealTiffFax) {
  EXPECT_THAT(read_path(kRealPhotos + "fax.tif").values,
              UnorderedElementsAre(Pair("width", "1728"), Pair("height", "2376")));
}

TEST(ExifReaderTest, RealCorruptFilesEndWithoutCrash) {
  for (const char* name : {"infinite_loop_exif.jpg", "huge_tag_exif.jpg", "max_uint32_exif.jpg",
                           "FailedHash-NoDate-sep-remembory.jpg"}) {
    MetadataValues values = read_path(kRealPhotos + name);
    EXPECT_FALSE(values.values.contains("date")) << name;
  }
}

}  // namespace
}  // namespace gofer::rename::detail
