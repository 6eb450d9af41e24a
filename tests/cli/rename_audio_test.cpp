// Blackbox tests of {tag.*} templates: TagLib's own test files (tests/data/audio) tagged by
// Debian's python3-mutagen, previewed and applied into artist/album folders.
#include <filesystem>
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "run_binary.hpp"
#include "temp_dir.hpp"

namespace gofer::testing {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;

const fs::path kAudio = fs::path(GOFER_SOURCE_DIR) / "tests/data/audio";
constexpr std::string_view kMusicTemplate = "{tag.artist}/{tag.album}/{tag.track:02} {tag.title}.{ext}";
// Debian's python3 sees Debian's python3-mutagen; the first python3 on PATH may not.
constexpr const char* kPython = "/usr/bin/python3";

class RenameAudioTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (run_program({kPython, "-c", "import mutagen"}).exit_code != 0) {
      GTEST_SKIP() << "python3-mutagen is not installed (scripts/setup.sh test)";
    }
    work_ = dir_.path() / "music";
    fs::create_directories(work_);
  }
  RunResult gofer(std::vector<std::string> args) {
    args.insert(args.begin(), "rename");
    return run_gofer(args,
                     {.cwd = work_, .env = {{"XDG_STATE_HOME", (dir_.path() / "state").string()}}});
  }
  // A FLAC copy of TagLib's no-tags.flac with these Vorbis comment fields (mutagen).
  void flac(const std::string& name, const std::string& fields) {
    fs::copy_file(kAudio / "no-tags.flac", work_ / name);
    RunResult written = run_program(
        {kPython, "-c",
         "import sys\nfrom mutagen.flac import FLAC\nf = FLAC(sys.argv[1])\n" + fields + "\nf.save()",
         (work_ / name).string()});
    ASSERT_EQ(written.exit_code, 0) << written.err;
  }
  TempDir dir_;
  fs::path work_;
};

TEST_F(RenameAudioTest, MusicTemplatePreviewsThenAppliesIntoArtistAlbumFolders) {
  flac("01.flac", "f['artist'] = 'AC/DC'; f['album'] = 'Back in Black'; f['tracknumber'] = '1/10'\n"
                  "f['title'] = 'Hells Bells'");
  flac("02.flac", "f['artist'] = 'AC/DC'; f['album'] = 'Back in Black'; f['tracknumber'] = '2'\n"
                  "f['title'] = 'Shoot to Thrill'");
  RunResult preview = gofer({"--template", std::string(kMusicTemplate), "--mkdir", "."});
  EXPECT_EQ(preview.exit_code, 0) << preview.err;
  // The '/' inside the artist becomes '_': a tag never makes a path.
  EXPECT_EQ(preview.out,
            "  01.flac -> AC_DC/Back in Black/01 Hells Bells.flac\n"
            "  02.flac -> AC_DC/Back in Black/02 Shoot to Thrill.flac\n");
  RunResult applied = gofer({"--template", std::string(kMusicTemplate), "--mkdir", "-x", "."});
  EXPECT_EQ(applied.exit_code, 0) << applied.err;
  EXPECT_TRUE(fs::is_regular_file(work_ / "AC_DC/Back in Black/01 Hells Bells.flac"));
  EXPECT_TRUE(fs::is_regular_file(work_ / "AC_DC/Back in Black/02 Shoot to Thrill.flac"));
}

TEST_F(RenameAudioTest, MissingTagIsRefusedNamingFileAndPlaceholder) {
  flac("a.flac", "f['artist'] = 'Artist'");
  RunResult run = gofer({"--template", "{tag.artist} - {tag.title}.{ext}", "a.flac"});
  EXPECT_EQ(run.exit_code, 3) << run.err;
  EXPECT_THAT(run.out, HasSubstr("a.flac"));
  EXPECT_THAT(run.out, HasSubstr("no {tag.title} in this file"));
  EXPECT_TRUE(fs::is_regular_file(work_ / "a.flac"));
}

TEST_F(RenameAudioTest, FallbackCoversMissingTagsAndNonAudioFiles) {
  flac("a.flac", "f['artist'] = 'Artist'; f['date'] = '2019-05-01'; f['genre'] = 'Jazz'\n"
                 "f['discnumber'] = '2/2'");
  ASSERT_TRUE(fs::copy_file(kAudio / "has-tags.m4a", work_ / "b.m4a"));
  RunResult run = gofer({"--template",
                         "{tag.artist}-{tag.album|No Album}-{tag.year|0000}-{tag.genre|none}-"
                         "{tag.disc|1}.{ext}",
                         "a.flac", "b.m4a"});
  EXPECT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(run.out,
            "  a.flac -> Artist-No Album-2019-Jazz-2.flac\n"
            "  b.m4a  -> Test Artist-No Album-0000-none-1.m4a\n");
}
}  // namespace
}  // namespace gofer::testing
