// Audio tags (artist, album, track, ...) of MP3, FLAC, Ogg Vorbis/Opus and M4A files, read
// through TagLib for the `{tag.*}` template placeholders.
#pragma once

#include <array>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "gofer/error.hpp"
#include "metadata.hpp"

namespace gofer::rename::detail {

// One file's tags. Text is UTF-8 with surrounding white space trimmed; a field that is absent,
// empty, or (numbers) zero or unreadable stays nullopt.
struct AudioTags {
  std::optional<std::string> artist;
  std::optional<std::string> album;
  std::optional<std::string> title;
  std::optional<std::string> genre;
  std::optional<unsigned> track;  // "3/12" -> 3
  std::optional<unsigned> disc;   // "1/2" -> 1
  std::optional<unsigned> year;   // "2019-05-01" -> 2019 (ID3v2.4 TDRC, v2.3 TYER, DATE)
  // Broken tags or streams, one sentence each without the path (the caller names the file).
  std::vector<std::string> warnings;
};

// Which tag wins where a file carries several: per field, the first that has it in
//   MP3:  ID3v2 (v2.4/v2.3) > APE > ID3v1     (ID3v1 is 30-character Latin-1: the last resort)
//   FLAC: Vorbis comment > ID3v2 > ID3v1      (ID3 in FLAC is non-standard but exists)
//   Ogg Vorbis / Opus: the Vorbis comment;  M4A: the iTunes ilst atoms.
// The format is taken from the content (ID3/fLaC/OggS/ftyp signatures), else from the
// extension (.mp3 .flac .ogg .oga .opus .m4a .mp4 .m4b); anything else is nullopt. No audio is
// decoded and the file is read through bounded seeks and reads, never as a whole.
// Errors: the file cannot be opened or is not a regular file (subject: the path, with errno).
[[nodiscard]] Result<std::optional<AudioTags>> read_audio_tags(const std::filesystem::path& path);

// The keys of the `tag` placeholder namespace: {tag.artist}, {tag.track:02}, ...
inline constexpr std::array<MetadataKey, 7> kTagKeys{{
    {"artist", MetadataFormat::kText},
    {"album", MetadataFormat::kText},
    {"title", MetadataFormat::kText},
    {"genre", MetadataFormat::kText},
    {"track", MetadataFormat::kNumber},
    {"disc", MetadataFormat::kNumber},
    {"year", MetadataFormat::kNumber},
}};

// The `tag` namespace's reader: read_audio_tags() as kTagKeys values (numbers as plain
// digits). A file that is not an audio format we read has no values, so each placeholder
// takes its fallback or becomes the plan error naming the file and the tag.
[[nodiscard]] Result<MetadataValues> read_tag_metadata(const std::filesystem::path& path);

}  // namespace gofer::rename::detail
