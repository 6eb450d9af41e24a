// Reads audio tags through TagLib's format classes, with audio properties off (nothing is
// decoded) and the file handed to TagLib as one already-open descriptor.
#include "audio_tags.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <charconv>
#include <cstdint>
#include <exception>
#include <memory>
#include <mutex>
#include <new>
#include <string_view>
#include <utility>

#include <fmt/format.h>
#include <taglib/apetag.h>
#include <taglib/flacfile.h>
#include <taglib/id3v1tag.h>
#include <taglib/id3v2tag.h>
#include <taglib/mp4file.h>
#include <taglib/mpegfile.h>
#include <taglib/opusfile.h>
#include <taglib/tdebuglistener.h>
#include <taglib/tfilestream.h>
#include <taglib/tpropertymap.h>
#include <taglib/vorbisfile.h>
#include <taglib/xiphcomment.h>

#include "gofer/fs.hpp"

namespace gofer::rename::detail {
namespace {

enum class AudioFormat { kMpeg, kFlac, kOggVorbis, kOggOpus, kMp4 };

// The bytes the format sniffing looks at: an Ogg page header (27 bytes + up to 255 lacing
// values) is the longest prefix it needs.
constexpr size_t kSniffBytes = 27 + 255 + 8;
// ID3v2 header (and footer) size, from the ID3v2.4 structure document, section 3.1.
constexpr uint64_t kId3v2HeaderSize = 10;

// TagLib's debug() prints to stderr in builds without NDEBUG; a job never prints.
class SilentDebugListener final : public TagLib::DebugListener {
 public:
  void printMessage(const TagLib::String&) override {}
};

void silence_taglib() {
  static std::once_flag once;
  static SilentDebugListener listener;
  std::call_once(once, [] { TagLib::setDebugListener(&listener); });
}

// pread that retries EINTR; returns the bytes read (short at end of file) or the errno.
Result<std::string> read_at(int fd, uint64_t offset, size_t size, const std::string& subject) {
  std::string bytes(size, '\0');
  size_t done = 0;
  while (done < size) {
    ssize_t got = ::pread(fd, bytes.data() + done, size - done, static_cast<off_t>(offset + done));
    if (got < 0 && errno == EINTR) continue;
    if (got < 0) return fail_errno(subject);
    if (got == 0) break;
    done += static_cast<size_t>(got);
  }
  bytes.resize(done);
  return bytes;
}

// The whole size an ID3v2 tag at the start of `head` claims: 28-bit synchsafe length plus
// header and, when its flag is set, footer. nullopt unless the header is well formed (major
// version 2-4, revision < 0xff, every size byte < 0x80), so a text starting "ID3" is no tag.
std::optional<uint64_t> id3v2_size(std::string_view head) {
  if (head.size() < kId3v2HeaderSize || !head.starts_with("ID3")) return std::nullopt;
  const auto byte = [&](size_t i) { return static_cast<unsigned char>(head[i]); };
  if (byte(3) < 2 || byte(3) > 4 || byte(4) == 0xff) return std::nullopt;
  uint64_t size = 0;
  for (size_t i = 6; i < 10; ++i) {
    if (byte(i) >= 0x80) return std::nullopt;
    size = (size << 7) | byte(i);
  }
  const bool has_footer = (byte(5) & 0x10) != 0;
  return size + kId3v2HeaderSize + (has_footer ? kId3v2HeaderSize : 0);
}

// An MPEG audio frame header: 11 sync bits, then a layer other than "reserved" (0), which
// tells MP3 apart from AAC's ADTS header (same sync, layer 0).
bool is_mpeg_frame_sync(std::string_view bytes) {
  if (bytes.size() < 2) return false;
  const auto b0 = static_cast<unsigned char>(bytes[0]);
  const auto b1 = static_cast<unsigned char>(bytes[1]);
  return b0 == 0xff && (b1 & 0xe0) == 0xe0 && ((b1 >> 1) & 0x03) != 0;
}

// Ogg: the first page's first packet names the codec. Ogg FLAC, Speex and Theora are not read.
std::optional<AudioFormat> ogg_codec(std::string_view head) {
  if (head.size() < 27) return std::nullopt;
  const size_t packet = 27 + static_cast<unsigned char>(head[26]);
  if (head.size() < packet + 8) return std::nullopt;
  const std::string_view start = head.substr(packet, 8);
  if (start.substr(0, 7) == "\x01vorbis") return AudioFormat::kOggVorbis;
  if (start == "OpusHead") return AudioFormat::kOggOpus;
  return std::nullopt;
}

std::optional<AudioFormat> format_from_extension(const std::filesystem::path& path) {
  const std::string extension = lowercase_extension(path);
  if (extension == ".mp3") return AudioFormat::kMpeg;
  if (extension == ".flac") return AudioFormat::kFlac;
  if (extension == ".ogg" || extension == ".oga") return AudioFormat::kOggVorbis;
  if (extension == ".opus") return AudioFormat::kOggOpus;
  if (extension == ".m4a" || extension == ".mp4" || extension == ".m4b") return AudioFormat::kMp4;
  return std::nullopt;
}

struct Sniffed {
  std::optional<AudioFormat> format;
  bool by_extension_only = false;  // no magic bytes, no ID3v2 tag, no frame sync at the start
  std::vector<std::string> warnings;
};

// The format from the first bytes (after a leading ID3v2 tag, which FLAC files may carry too).
Result<Sniffed> sniff_format(int fd, const std::filesystem::path& path, uint64_t file_size) {
  GOFER_TRY_ASSIGN(const std::string head, read_at(fd, 0, kSniffBytes, path.string()));
  Sniffed out;
  if (const auto tag_size = id3v2_size(head)) {
    if (*tag_size > file_size) {
      out.warnings.push_back(fmt::format(
          "the ID3v2 tag claims {} bytes but the file has {}: truncated", *tag_size, file_size));
    }
    GOFER_TRY_ASSIGN(const std::string after, read_at(fd, *tag_size, 4, path.string()));
    out.format = after == "fLaC" ? AudioFormat::kFlac : AudioFormat::kMpeg;
    return out;
  }
  const std::string_view bytes = head;
  if (bytes.starts_with("fLaC")) {
    out.format = AudioFormat::kFlac;
  } else if (bytes.starts_with("OggS")) {
    out.format = ogg_codec(bytes);
  } else if (bytes.size() >= 8 && bytes.substr(4, 4) == "ftyp") {
    out.format = AudioFormat::kMp4;
  } else if (is_mpeg_frame_sync(bytes)) {
    out.format = AudioFormat::kMpeg;
  } else {
    out.format = format_from_extension(path);
    out.by_extension_only = true;
  }
  return out;
}

// One tag of a file, in the order its fields are preferred.
struct TagSource {
  std::string_view name;
  TagLib::PropertyMap properties;
};

template <class TagType>
void add_source(std::vector<TagSource>& sources, std::string_view name, TagType* tag) {
  if (tag != nullptr && !tag->isEmpty()) sources.push_back({name, tag->properties()});
}

constexpr bool kReadProperties = false;  // tags only: no stream scan, no decoding

// Ogg Vorbis, Ogg Opus and MP4 files carry one kind of tag: the one tag() returns.
template <class FileType>
std::vector<TagSource> read_single_tag(TagLib::IOStream* stream, std::string_view name,
                                       bool& valid) {
  FileType file(stream, kReadProperties);
  valid = file.isValid();
  std::vector<TagSource> sources;
  if (valid) add_source(sources, name, file.tag());
  return sources;
}

// Reads the tags of an open stream as `format`; an empty list when it has none.
std::vector<TagSource> read_sources(TagLib::IOStream* stream, AudioFormat format, bool& valid) {
  std::vector<TagSource> sources;
  switch (format) {
    case AudioFormat::kMpeg: {
      TagLib::MPEG::File file(stream, TagLib::ID3v2::FrameFactory::instance(), kReadProperties);
      valid = file.isValid();
      if (valid && file.hasID3v2Tag()) add_source(sources, "ID3v2", file.ID3v2Tag());
      if (valid && file.hasAPETag()) add_source(sources, "APE", file.APETag());
      if (valid && file.hasID3v1Tag()) add_source(sources, "ID3v1", file.ID3v1Tag());
      return sources;
    }
    case AudioFormat::kFlac: {
      TagLib::FLAC::File file(stream, TagLib::ID3v2::FrameFactory::instance(), kReadProperties);
      valid = file.isValid();
      if (valid && file.hasXiphComment()) add_source(sources, "Vorbis comment", file.xiphComment());
      if (valid && file.hasID3v2Tag()) add_source(sources, "ID3v2", file.ID3v2Tag());
      if (valid && file.hasID3v1Tag()) add_source(sources, "ID3v1", file.ID3v1Tag());
      return sources;
    }
    case AudioFormat::kOggVorbis:
      return read_single_tag<TagLib::Ogg::Vorbis::File>(stream, "Vorbis comment", valid);
    case AudioFormat::kOggOpus:
      return read_single_tag<TagLib::Ogg::Opus::File>(stream, "Vorbis comment", valid);
    case AudioFormat::kMp4:
      return read_single_tag<TagLib::MP4::File>(stream, "MP4", valid);
  }
  return sources;
}

std::string_view format_name(AudioFormat format) {
  switch (format) {
    case AudioFormat::kMpeg: return "MP3";
    case AudioFormat::kFlac: return "FLAC";
    case AudioFormat::kOggVorbis: return "Ogg Vorbis";
    case AudioFormat::kOggOpus: return "Ogg Opus";
    case AudioFormat::kMp4: return "MP4";
  }
  return "audio";
}

std::string_view trim(std::string_view text) {
  constexpr std::string_view kSpace = " \t\r\n\v\f";
  const size_t first = text.find_first_not_of(kSpace);
  if (first == std::string_view::npos) return {};
  return text.substr(first, text.find_last_not_of(kSpace) - first + 1);
}

// The first non-blank value of `key` in a tag, trimmed, as UTF-8.
std::optional<std::string> first_value(const TagLib::PropertyMap& properties, const char* key) {
  const auto found = properties.find(key);
  if (found == properties.end()) return std::nullopt;
  for (const TagLib::String& value : found->second) {
    const std::string utf8 = value.to8Bit(true);
    const std::string_view trimmed = trim(utf8);
    if (!trimmed.empty()) return std::string(trimmed);
  }
  return std::nullopt;
}

// Leading decimal digits: "3/12" -> 3, "2019-05-01" -> 2019. nullopt when there are none or
// they overflow; zero (ID3v1's "no track", "0000" years) counts as absent too.
std::optional<unsigned> leading_number(std::string_view text) {
  unsigned value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end == text.data() || value == 0) return std::nullopt;
  return value;
}

void merge_text(std::optional<std::string>& field, const TagLib::PropertyMap& properties,
                const char* key) {
  if (!field) field = first_value(properties, key);
}

// A number field: the first tag with a readable one wins; an unreadable one is a warning.
void merge_number(std::optional<unsigned>& field, const TagSource& source, const char* key,
                  std::string_view what, std::vector<std::string>& warnings) {
  if (field) return;
  const auto text = first_value(source.properties, key);
  if (!text) return;
  field = leading_number(*text);
  if (!field && text->find_first_not_of("0/- ") != std::string::npos) {
    warnings.push_back(fmt::format("the {} tag's {} '{}' is not a number", source.name, what,
                                   *text));
  }
}

AudioTags merge_sources(const std::vector<TagSource>& sources, std::vector<std::string> warnings) {
  AudioTags tags;
  for (const TagSource& source : sources) {
    merge_text(tags.artist, source.properties, "ARTIST");
    merge_text(tags.album, source.properties, "ALBUM");
    merge_text(tags.title, source.properties, "TITLE");
    merge_text(tags.genre, source.properties, "GENRE");
    merge_number(tags.track, source, "TRACKNUMBER", "track number", warnings);
    merge_number(tags.disc, source, "DISCNUMBER", "disc number", warnings);
    merge_number(tags.year, source, "DATE", "date", warnings);
  }
  tags.warnings = std::move(warnings);
  return tags;
}

bool has_any_tag(const AudioTags& tags) {
  return tags.artist || tags.album || tags.title || tags.genre || tags.track || tags.disc ||
         tags.year;
}

// TagLib reports broken input by isValid() and empty tags, not by exceptions; what can still
// escape is std::bad_alloc (a tag whose claimed size fits the file but not the memory).
AudioTags read_tags(UniqueFd fd, AudioFormat format, std::vector<std::string> warnings) {
  std::vector<TagSource> sources;
  bool valid = false;
  try {
    // TagLib's FileStream fdopen()s the descriptor read-only and closes it when destroyed.
    TagLib::FileStream stream(fd.release(), /*openReadOnly=*/true);
    if (!stream.isOpen()) {
      warnings.push_back("TagLib could not open the file");
      return merge_sources(sources, std::move(warnings));
    }
    sources = read_sources(&stream, format, valid);
  } catch (const std::bad_alloc&) {
    warnings.push_back("the tags are too large to read (out of memory)");
    valid = true;  // said already
  } catch (const std::exception& error) {
    warnings.push_back(fmt::format("reading the tags failed: {}", error.what()));
    valid = true;
  }
  if (!valid) {
    warnings.push_back(fmt::format("not a valid {} file: no tags read", format_name(format)));
  }
  return merge_sources(sources, std::move(warnings));
}

}  // namespace

Result<std::optional<AudioTags>> read_audio_tags(const std::filesystem::path& path) {
  // O_NONBLOCK: opening a FIFO must not wait for a writer; it is then rejected below.
  GOFER_TRY_ASSIGN(UniqueFd fd, open_file(path, O_RDONLY | O_NONBLOCK | O_NOCTTY));
  struct stat info {};
  if (::fstat(fd.get(), &info) != 0) return fail_errno(path.string());
  if (S_ISDIR(info.st_mode)) {
    return fail(Error::from_errno(EISDIR).with_subject(path.string()));
  }
  if (!S_ISREG(info.st_mode)) {
    return fail(
        Error(ErrorCategory::kInvalidArgument, "not a regular file").with_subject(path.string()));
  }
  GOFER_TRY_ASSIGN(Sniffed sniffed,
                   sniff_format(fd.get(), path, static_cast<uint64_t>(info.st_size)));
  if (!sniffed.format) return std::optional<AudioTags>();
  silence_taglib();
  AudioTags tags = read_tags(std::move(fd), *sniffed.format, std::move(sniffed.warnings));
  // TagLib takes any bytes for an MP3 that has no tags (it reads no stream here): without
  // this, a misnamed or empty file would pass as an untagged song, silently.
  if (sniffed.by_extension_only && *sniffed.format == AudioFormat::kMpeg && !has_any_tag(tags)) {
    tags.warnings.push_back(
        info.st_size == 0 ? std::string("the file is empty: no tags read")
                          : std::string("no tags, and it does not start like an MP3 (no ID3v2 "
                                        "tag, no MPEG audio frame): not an MP3 file?"));
  }
  return std::optional<AudioTags>(std::move(tags));
}

Result<MetadataValues> read_tag_metadata(const std::filesystem::path& path) {
  GOFER_TRY_ASSIGN(std::optional<AudioTags> tags, read_audio_tags(path));
  MetadataValues out;
  if (!tags) return out;
  const auto put_text = [&](std::string_view key, const std::optional<std::string>& value) {
    if (value) out.values.emplace(key, *value);
  };
  const auto put_number = [&](std::string_view key, std::optional<unsigned> value) {
    if (value) out.values.emplace(key, std::to_string(*value));
  };
  put_text("artist", tags->artist);
  put_text("album", tags->album);
  put_text("title", tags->title);
  put_text("genre", tags->genre);
  put_number("track", tags->track);
  put_number("disc", tags->disc);
  put_number("year", tags->year);
  out.warnings = std::move(tags->warnings);
  return out;
}

}  // namespace gofer::rename::detail
