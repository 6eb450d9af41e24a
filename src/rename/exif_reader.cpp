// EXIF decoding with libexif from the block that locate_exif() found, and the file source.
#include "exif_reader.hpp"

#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstdarg>
#include <cstdio>
#include <cstring>
#include <memory>

#include <fmt/format.h>
#include <libexif/exif-data.h>
#include <libexif/exif-log.h>

#include "file_digest.hpp"
#include "tiff_compact.hpp"

namespace gofer::rename::detail {
namespace {

// One read serves the headers of nearly every photo (EXIF in a JPEG is below 64 KiB).
constexpr size_t kHeadBytes = size_t{64} << 10;
// libexif reads at most 0xfffe bytes including the 6-byte "Exif\0\0" (exif_data_load_data).
constexpr size_t kLibexifWindow = 0xfffe - 6;
// libexif reports each broken entry; a few lines say enough about one file.
constexpr size_t kMaxLibexifWarnings = 3;

struct ExifDataDeleter {
  void operator()(ExifData* data) const { exif_data_unref(data); }
};
struct ExifLogDeleter {
  void operator()(ExifLog* log) const { exif_log_unref(log); }
};

// libexif's log callback: corrupt-data messages become warnings (others are debug chatter).
void collect_log(ExifLog*, ExifLogCode code, const char* domain, const char* format, va_list args,
                 void* user) {
  auto* warnings = static_cast<std::vector<std::string>*>(user);
  if (code != EXIF_LOG_CODE_CORRUPT_DATA && code != EXIF_LOG_CODE_NO_MEMORY) return;
  if (warnings->size() >= kMaxLibexifWarnings) return;
  std::array<char, 256> text{};
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"  // libexif hands over its own format
  std::vsnprintf(text.data(), text.size(), format, args);
#pragma GCC diagnostic pop
  warnings->push_back(fmt::format("EXIF {}: {}", domain ? domain : "data", text.data()));
}

ExifEntry* find_entry(ExifData* data, ExifTag tag) {
  for (ExifIfd ifd : {EXIF_IFD_0, EXIF_IFD_EXIF}) {
    if (ExifEntry* entry = exif_content_get_entry(data->ifd[ifd], tag)) return entry;
  }
  return nullptr;
}

std::optional<std::string> ascii_value(ExifData* data, ExifTag tag) {
  ExifEntry* entry = find_entry(data, tag);
  if (entry == nullptr || entry->format != EXIF_FORMAT_ASCII || entry->data == nullptr) {
    return std::nullopt;
  }
  const char* text = reinterpret_cast<const char*>(entry->data);
  std::string value(text, strnlen(text, entry->size));
  size_t first = value.find_first_not_of(' ');
  if (first == std::string::npos) return std::nullopt;  // blank: the camera wrote nothing
  return value.substr(first, value.find_last_not_of(' ') - first + 1);
}

std::optional<uint32_t> number_value(ExifData* data, ExifTag tag) {
  ExifEntry* entry = find_entry(data, tag);
  if (entry == nullptr || entry->data == nullptr || entry->components == 0) return std::nullopt;
  ExifByteOrder order = exif_data_get_byte_order(data);
  if (entry->format == EXIF_FORMAT_SHORT && entry->size >= 2) {
    return exif_get_short(entry->data, order);
  }
  if (entry->format == EXIF_FORMAT_LONG && entry->size >= 4) {
    return exif_get_long(entry->data, order);
  }
  return std::nullopt;
}

// "YYYY:MM:DD HH:MM:SS" (EXIF 2.3, 4.6.4) -> "YYYY-MM-DD HH:MM:SS"; nullopt when unset.
std::optional<std::string> exif_date(std::string_view text, std::vector<std::string>& warnings) {
  unsigned year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
  std::string copy(text);
  int fields = std::sscanf(copy.c_str(), "%4u%*1[:-]%2u%*1[:-]%2u %2u:%2u:%2u", &year, &month, &day,
                           &hour, &minute, &second);
  if (fields >= 3 && year == 0 && month == 0 && day == 0) return std::nullopt;  // clock not set
  if (fields < 3 || year < 1 || month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 ||
      minute > 59 || second > 60) {
    warnings.push_back(fmt::format("EXIF date '{}' is not a date", text));
    return std::nullopt;
  }
  return fmt::format("{:04}-{:02}-{:02} {:02}:{:02}:{:02}", year, month, day, hour, minute, second);
}

// "+HH:MM" / "-HH:MM" (EXIF 2.31 OffsetTime*), the zone the camera's clock was in; nullopt when
// unset or blank. Kept as given, so the date stays the camera's local time.
std::optional<std::string> exif_offset(ExifData* data, ExifTag tag,
                                       std::vector<std::string>& warnings) {
  std::optional<std::string> text = ascii_value(data, tag);
  if (!text) return std::nullopt;
  unsigned hours = 0, minutes = 0;
  char sign = 0;
  int consumed = 0;
  bool parsed = std::sscanf(text->c_str(), "%c%2u:%2u%n", &sign, &hours, &minutes, &consumed) == 3;
  if (!parsed || static_cast<size_t>(consumed) != text->size() || (sign != '+' && sign != '-') ||
      hours > 14 || minutes > 59) {
    warnings.push_back(fmt::format("EXIF time offset '{}' is not +HH:MM or -HH:MM", *text));
    return std::nullopt;
  }
  return *text;
}

void add_dimension(MetadataValues& values, std::string_view key, std::optional<uint32_t> exif,
                   std::optional<uint32_t> image, std::optional<uint32_t> tiff) {
  std::optional<uint32_t> value = exif ? exif : image ? image : tiff;
  if (value && *value > 0) values.values.emplace(key, std::to_string(*value));
}

void decode_exif(ExifData* data, const ContainerFacts& facts, MetadataValues& values) {
  // Each date with the offset tag that belongs to it (OffsetTime is IFD0 DateTime's: an
  // editor's clock, not the shot's).
  constexpr std::array<std::pair<ExifTag, ExifTag>, 2> dates{{
      {EXIF_TAG_DATE_TIME_ORIGINAL, EXIF_TAG_OFFSET_TIME_ORIGINAL},
      {EXIF_TAG_DATE_TIME_DIGITIZED, EXIF_TAG_OFFSET_TIME_DIGITIZED},
  }};
  for (auto [date_tag, offset_tag] : dates) {
    std::optional<std::string> text = ascii_value(data, date_tag);
    if (!text) continue;
    if (std::optional<std::string> date = exif_date(*text, values.warnings)) {
      std::optional<std::string> offset = exif_offset(data, offset_tag, values.warnings);
      values.values.emplace("date", *date + offset.value_or(""));
      break;
    }
  }
  if (auto make = ascii_value(data, EXIF_TAG_MAKE)) values.values.emplace("make", *make);
  if (auto model = ascii_value(data, EXIF_TAG_MODEL)) values.values.emplace("model", *model);
  if (auto lens = ascii_value(data, EXIF_TAG_LENS_MODEL)) values.values.emplace("lens", *lens);
  if (auto iso = number_value(data, EXIF_TAG_ISO_SPEED_RATINGS); iso && *iso > 0) {
    values.values.emplace("iso", std::to_string(*iso));
  }
  add_dimension(values, "width", number_value(data, EXIF_TAG_PIXEL_X_DIMENSION), facts.width,
                number_value(data, EXIF_TAG_IMAGE_WIDTH));
  add_dimension(values, "height", number_value(data, EXIF_TAG_PIXEL_Y_DIMENSION), facts.height,
                number_value(data, EXIF_TAG_IMAGE_LENGTH));
}

// The image format a file's extension claims, when it is one whose EXIF gofer reads.
std::string_view claimed_image_format(const std::filesystem::path& path) {
  const std::string extension = lowercase_extension(path);
  if (extension == ".jpg" || extension == ".jpeg" || extension == ".jpe") return "JPEG";
  if (extension == ".png") return "PNG";
  if (extension == ".heic" || extension == ".heif") return "HEIF";
  for (std::string_view raw : {".tif", ".tiff", ".cr2", ".nef", ".arw", ".dng"}) {
    if (extension == raw) return "TIFF";
  }
  return {};
}

}  // namespace

MetadataValues read_exif_from(const ImageSource& source, std::string_view claimed_format) {
  ContainerFacts facts = locate_exif(source);
  // Content decides the format; a name that promises an image the bytes are not is said, as a
  // text file in the folder (no claim) is not.
  if (!facts.recognised && !claimed_format.empty()) {
    facts.warnings.push_back(
        source.size == 0
            ? std::string("the file is empty: no EXIF read")
            : fmt::format("not a {} file (its first bytes are no JPEG, PNG, TIFF or HEIF "
                          "signature): no EXIF read",
                          claimed_format));
  }
  MetadataValues values;
  values.warnings = std::move(facts.warnings);
  std::unique_ptr<ExifData, ExifDataDeleter> data(exif_data_new());
  std::unique_ptr<ExifLog, ExifLogDeleter> log(exif_log_new());
  if (!data || !log) {
    values.warnings.push_back("out of memory for EXIF");
    return values;
  }
  // Without this libexif "fixes" the data: it would invent missing mandatory tags, with
  // the current time as their date.
  exif_data_unset_option(data.get(), EXIF_DATA_OPTION_FOLLOW_SPECIFICATION);
  exif_log_set_func(log.get(), collect_log, &values.warnings);
  exif_data_log(data.get(), log.get());
  if (facts.tiff.size() > kLibexifWindow) {
    std::optional<std::string> compact = compact_tiff(facts.tiff, values.warnings);
    facts.tiff = compact ? std::move(*compact) : std::string();
  }
  if (!facts.tiff.empty()) {
    // libexif takes an APP1 body: the "Exif\0\0" prefix, then the TIFF structure.
    std::string block(kExifPrefix);
    block += facts.tiff;
    exif_data_load_data(data.get(), reinterpret_cast<const unsigned char*>(block.data()),
                        static_cast<unsigned int>(block.size()));
  }
  decode_exif(data.get(), facts, values);
  return values;
}

Result<MetadataValues> read_exif(const std::filesystem::path& path) {
  GOFER_TRY_ASSIGN(OpenedFile file, open_regular_file(path));
  const UniqueFd& fd = file.fd;
  std::vector<std::string> io_warnings;
  std::string head;
  auto read_at = [&](uint64_t offset, size_t length) {
    std::string bytes(length, '\0');
    size_t done = 0;
    while (done < length) {
      ssize_t got =
          ::pread(fd.get(), bytes.data() + done, length - done, static_cast<off_t>(offset + done));
      if (got < 0 && errno == EINTR) continue;
      if (got < 0) io_warnings.push_back(fmt::format("cannot read: {}", std::strerror(errno)));
      if (got <= 0) break;
      done += static_cast<size_t>(got);
    }
    bytes.resize(done);
    return bytes;
  };
  head = read_at(0, kHeadBytes);
  ImageSource source{file.size, [&](uint64_t offset, size_t length) {
                       if (offset + length <= head.size()) return head.substr(offset, length);
                       return read_at(offset, length);
                     }};
  MetadataValues values = read_exif_from(source, claimed_image_format(path));
  values.warnings.insert(values.warnings.end(), io_warnings.begin(), io_warnings.end());
  return values;
}

}  // namespace gofer::rename::detail
