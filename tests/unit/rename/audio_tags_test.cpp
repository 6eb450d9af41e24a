// read_audio_tags over files tagged in the test by Python's mutagen, TagLib's own test files
// (tests/data/audio/README.md) and broken or non-audio inputs.
#include "rename/audio_tags.hpp"

#include <sys/stat.h>

#include <cerrno>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "matchers.hpp"
#include "run_binary.hpp"
#include "temp_dir.hpp"

namespace gofer::rename::detail {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Optional;

const fs::path kData = fs::path(GOFER_SOURCE_DIR) / "tests/data/audio";

// Debian's python3 (scripts/setup.sh pins python3-mutagen in the test profile); the first
// python3 on PATH may be another install that does not see Debian's modules.
constexpr const char* kPython = "/usr/bin/python3";

class AudioTagsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (testing::run_program({kPython, "-c", "import mutagen"}).exit_code != 0) {
      GTEST_SKIP() << "python3-mutagen is not installed (scripts/setup.sh test)";
    }
  }

  // A copy of tests/data/audio/BASE in the temp dir as NAME, then `script` run on it by
  // mutagen with the copy's path as `p`.
  fs::path tagged(const std::string& base, const std::string& name, const std::string& script) {
    const fs::path target = dir_.path() / name;
    fs::copy_file(kData / base, target);
    const auto run = testing::run_program({kPython, "-c", "import sys\np = sys.argv[1]\n" + script,
                                           target.string()});
    EXPECT_EQ(run.exit_code, 0) << run.err;
    return target;
  }

  AudioTags read_ok(const fs::path& path) {
    auto result = read_audio_tags(path);
    EXPECT_THAT(result, testing::IsOk());
    if (!result || !*result) {
      ADD_FAILURE() << path << ": no tags read";
      return {};
    }
    return **result;
  }

  testing::TempDir dir_;
};

// Every field set the same way in each format, so one check covers them all.
void expect_full_tags(const AudioTags& tags) {
  EXPECT_THAT(tags.artist, Optional(std::string("Ärtist Ünïcode")));
  EXPECT_THAT(tags.album, Optional(std::string("Album")));
  EXPECT_THAT(tags.title, Optional(std::string("Title / Slash")));
  EXPECT_THAT(tags.genre, Optional(std::string("Jazz")));
  EXPECT_THAT(tags.track, Optional(3u));
  EXPECT_THAT(tags.disc, Optional(1u));
  EXPECT_THAT(tags.year, Optional(2019u));
  EXPECT_THAT(tags.warnings, IsEmpty());
}

constexpr const char* kId3Frames = R"(
from mutagen.id3 import ID3, TPE1, TALB, TIT2, TCON, TRCK, TPOS, TDRC
t = ID3()
t.add(TPE1(encoding=3, text='  Ärtist Ünïcode  '))
t.add(TALB(encoding=1, text='Album'))
t.add(TIT2(encoding=3, text='Title / Slash'))
t.add(TCON(encoding=0, text='Jazz'))
t.add(TRCK(encoding=0, text='3/12'))
t.add(TPOS(encoding=0, text='1/2'))
t.add(TDRC(encoding=0, text='2019-05-01'))
)";

TEST_F(AudioTagsTest, Id3v24TagsOfAnMp3) {
  const auto path = tagged("lame_cbr.mp3", "a.mp3", std::string(kId3Frames) +
                                                        "t.save(p, v2_version=4)\n");
  expect_full_tags(read_ok(path));
}

TEST_F(AudioTagsTest, Id3v23TagsOfAnMp3TakeTheYearFromTyer) {
  const auto path = tagged("lame_cbr.mp3", "a.mp3",
                           std::string(kId3Frames) + "t.update_to_v23()\nt.save(p, v2_version=3)\n"
                           "assert b'TYER' in open(p, 'rb').read(400)\n");
  expect_full_tags(read_ok(path));
}

// ID3v1: fixed 30-byte Latin-1 fields, the track in byte 126, the genre as a number (8 = Jazz).
std::string id3v1_tag(const std::string& title, const std::string& artist, unsigned char track) {
  auto field = [](std::string text, size_t size) {
    text.resize(size, '\0');
    return text;
  };
  std::string tag = "TAG" + field(title, 30) + field(artist, 30) + field("V1 Album", 30) + "1999";
  tag += field("", 28);
  tag += '\0';
  tag += static_cast<char>(track);
  tag += static_cast<char>(8);
  return tag;
}

void append(const fs::path& path, const std::string& bytes) {
  std::ofstream(path, std::ios::binary | std::ios::app) << bytes;
}

TEST_F(AudioTagsTest, Id3v1OnlyMp3) {
  const auto path = tagged("lame_cbr.mp3", "v1.mp3", "from mutagen.id3 import delete\ndelete(p)\n");
  append(path, id3v1_tag("V1 Title", "V1 Artist", 7));
  const AudioTags tags = read_ok(path);
  EXPECT_THAT(tags.title, Optional(std::string("V1 Title")));
  EXPECT_THAT(tags.artist, Optional(std::string("V1 Artist")));
  EXPECT_THAT(tags.album, Optional(std::string("V1 Album")));
  EXPECT_THAT(tags.genre, Optional(std::string("Jazz")));
  EXPECT_THAT(tags.track, Optional(7u));
  EXPECT_THAT(tags.year, Optional(1999u));
  EXPECT_EQ(tags.disc, std::nullopt);
}

TEST_F(AudioTagsTest, Id3v2WinsOverId3v1FieldByFieldAndV1FillsTheGaps) {
  const auto path = tagged("lame_cbr.mp3", "both.mp3", R"(
from mutagen.id3 import ID3, TPE1, TIT2
t = ID3()
t.add(TPE1(encoding=3, text='V2 Artist'))
t.add(TIT2(encoding=3, text='V2 Title'))
t.save(p, v1=0)
)");
  append(path, id3v1_tag("V1 Title", "V1 Artist", 7));
  const AudioTags tags = read_ok(path);
  EXPECT_THAT(tags.artist, Optional(std::string("V2 Artist")));
  EXPECT_THAT(tags.title, Optional(std::string("V2 Title")));
  EXPECT_THAT(tags.album, Optional(std::string("V1 Album")));
  EXPECT_THAT(tags.track, Optional(7u));
}

TEST_F(AudioTagsTest, VorbisCommentOfAFlac) {
  const auto path = tagged("no-tags.flac", "a.flac", R"(
from mutagen.flac import FLAC
f = FLAC(p)
f['artist'] = ['  Ärtist Ünïcode ']; f['album'] = 'Album'; f['title'] = 'Title / Slash'
f['genre'] = 'Jazz'; f['tracknumber'] = '3/12'; f['discnumber'] = '1'; f['date'] = '2019-05-01'
f.save()
)");
  expect_full_tags(read_ok(path));
}

constexpr const char* kVorbisFields = R"(
f['artist'] = ['', 'Ärtist Ünïcode', 'Second Artist']; f['album'] = 'Album'
f['title'] = 'Title / Slash'; f['genre'] = 'Jazz'; f['tracknumber'] = '03'
f['discnumber'] = '1/2'; f['date'] = '2019'
f.save()
)";

TEST_F(AudioTagsTest, VorbisCommentOfAnOggVorbisTakesTheFirstNonEmptyValue) {
  const auto path = tagged("empty.ogg", "a.ogg",
                           std::string("from mutagen.oggvorbis import OggVorbis\nf = OggVorbis(p)") +
                               kVorbisFields);
  expect_full_tags(read_ok(path));
}

TEST_F(AudioTagsTest, VorbisCommentOfAnOggOpus) {
  const auto path = tagged("correctness_gain_silent_output.opus", "a.opus",
                           std::string("from mutagen.oggopus import OggOpus\nf = OggOpus(p)") +
                               kVorbisFields);
  expect_full_tags(read_ok(path));
}

TEST_F(AudioTagsTest, IlstAtomsOfAnM4a) {
  const auto path = tagged("no-tags.m4a", "a.m4a", R"(
from mutagen.mp4 import MP4
f = MP4(p)
f['\xa9ART'] = 'Ärtist Ünïcode'; f['\xa9alb'] = 'Album'; f['\xa9nam'] = 'Title / Slash'
f['\xa9gen'] = 'Jazz'; f['trkn'] = [(3, 12)]; f['disk'] = [(1, 2)]; f['\xa9day'] = '2019-05-01'
f.save()
)");
  expect_full_tags(read_ok(path));
}

TEST_F(AudioTagsTest, FormatComesFromTheContentNotTheExtension) {
  const auto path = tagged("no-tags.flac", "misnamed.mp3", R"(
from mutagen.flac import FLAC
f = FLAC(p); f['artist'] = 'Artist'; f.save()
)");
  EXPECT_THAT(read_ok(path).artist, Optional(std::string("Artist")));
}

TEST_F(AudioTagsTest, UnreadableNumberIsAWarningAndTheFieldStaysEmpty) {
  const auto path = tagged("no-tags.flac", "a.flac", R"(
from mutagen.flac import FLAC
f = FLAC(p); f['tracknumber'] = 'three'; f['date'] = '0000'; f.save()
)");
  const AudioTags tags = read_ok(path);
  EXPECT_EQ(tags.track, std::nullopt);
  EXPECT_EQ(tags.year, std::nullopt);  // "0000" means no year, silently
  EXPECT_THAT(tags.warnings,
              ::testing::ElementsAre("the Vorbis comment tag's track number 'three' is not a number"));
}

TEST_F(AudioTagsTest, FileWithoutTagsHasNoFieldsAndNoWarnings) {
  for (const char* name : {"no-tags.flac", "no-tags.m4a", "empty.ogg"}) {
    const AudioTags tags = read_ok(kData / name);
    EXPECT_EQ(tags.artist, std::nullopt) << name;
    EXPECT_EQ(tags.title, std::nullopt) << name;
    EXPECT_EQ(tags.track, std::nullopt) << name;
    EXPECT_THAT(tags.warnings, IsEmpty()) << name;
  }
}

TEST_F(AudioTagsTest, RealTagLibTestFiles) {
  EXPECT_THAT(read_ok(kData / "has-tags.m4a").artist, Optional(std::string("Test Artist")));
  EXPECT_THAT(read_ok(kData / "ape-id3v1.mp3").title, Optional(std::string("Title")));
}

TEST_F(AudioTagsTest, TruncatedId3v2TagIsAWarningNotACrash) {
  const auto path = tagged("lame_cbr.mp3", "cut.mp3", std::string(kId3Frames) + R"(
t.save(p, v2_version=4)
data = open(p, 'rb').read()
open(p, 'wb').write(data[:40])
)");
  const AudioTags tags = read_ok(path);
  EXPECT_THAT(tags.warnings, ::testing::Contains(HasSubstr("truncated")));
}

TEST_F(AudioTagsTest, GarbageWithAnAudioExtensionIsAWarning) {
  const auto path = dir_.write("noise.flac", std::string(5000, '\x5a'));
  EXPECT_THAT(read_ok(path).warnings,
              ::testing::ElementsAre("not a valid FLAC file: no tags read"));
}

// TagLib calls any bytes a valid MP3 when they carry no tag: gofer says when they do not even
// start like one. A real untagged MP3 (frame sync first) and an ID3v1-only file stay quiet.
TEST_F(AudioTagsTest, Mp3ThatIsNotOneIsAWarning) {
  EXPECT_THAT(read_ok(dir_.write("noise.mp3", std::string(5000, '\x5a'))).warnings,
              ::testing::ElementsAre(HasSubstr("does not start like an MP3")));
  EXPECT_THAT(read_ok(dir_.write("empty.mp3", "")).warnings,
              ::testing::ElementsAre("the file is empty: no tags read"));
  EXPECT_THAT(read_ok(kData / "lame_cbr.mp3").warnings, IsEmpty());
  std::string v1(128, '\0');
  v1.replace(0, 3, "TAG");
  v1.replace(3, 5, "Title");
  const AudioTags tagged_v1 = read_ok(dir_.write("v1.mp3", std::string(300, '\x5a') + v1));
  EXPECT_THAT(tagged_v1.title, Optional(std::string("Title")));
  EXPECT_THAT(tagged_v1.warnings, IsEmpty());
}

// TagLib's own regression files for crashes, endless loops and huge allocations.
TEST_F(AudioTagsTest, TagLibCrashRegressionFilesReadWithoutCrashing) {
  for (const char* name : {"garbage.mp3", "excessive_alloc.mp3", "infloop.m4a", "segfault.oga",
                           "compressed_id3_frame.mp3"}) {
    auto result = read_audio_tags(kData / name);
    EXPECT_THAT(result, testing::IsOk()) << name;
  }
}

TEST_F(AudioTagsTest, NonAudioFileIsNotAnAudioFormat) {
  const auto text = dir_.write("notes.txt", "ID3 is not at the start of this text\n");
  auto result = read_audio_tags(text);
  ASSERT_THAT(result, testing::IsOk());
  EXPECT_EQ(*result, std::nullopt);
  const auto empty = dir_.write("empty.bin", "");
  ASSERT_THAT(read_audio_tags(empty), testing::IsOk());
  EXPECT_EQ(*read_audio_tags(empty), std::nullopt);
}

TEST_F(AudioTagsTest, OggWithAnotherCodecIsNotAnAudioFormatWeRead) {
  std::string page = "OggS";
  page += std::string(22, '\0');
  page += '\x01';  // one lacing value
  page += '\x08';
  page += "Speex   ";
  const auto path = dir_.write("speex.ogg", page);
  auto result = read_audio_tags(path);
  ASSERT_THAT(result, testing::IsOk());
  EXPECT_EQ(*result, std::nullopt);
}

TEST_F(AudioTagsTest, DirectoryIsAnErrorNamingThePath) {
  fs::create_directory(dir_.path() / "album.mp3");
  auto result = read_audio_tags(dir_.path() / "album.mp3");
  ASSERT_FALSE(result);
  EXPECT_TRUE(result.error().is_errno(EISDIR));
  EXPECT_EQ(result.error().subject(), (dir_.path() / "album.mp3").string());
}

TEST_F(AudioTagsTest, MissingFileIsANotFoundError) {
  auto result = read_audio_tags(dir_.path() / "gone.mp3");
  EXPECT_THAT(result, testing::ErrorIs(ErrorCategory::kNotFound));
}

TEST_F(AudioTagsTest, FifoIsRejectedWithoutBlocking) {
  const fs::path fifo = dir_.path() / "pipe.mp3";
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  auto result = read_audio_tags(fifo);
  ASSERT_FALSE(result);
  EXPECT_THAT(result.error().cause(), HasSubstr("not a regular file"));
}

}  // namespace
}  // namespace gofer::rename::detail
