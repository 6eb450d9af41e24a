// Blackbox tests of {exif.*} templates: photos written with exiftool (Debian's
// libimage-exiftool-perl) from a real Nikon JPEG (tests/data/exif), previewed and applied.
#include <filesystem>
#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "run_binary.hpp"
#include "temp_dir.hpp"

namespace gofer::testing {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;
using ::testing::Not;

const fs::path kNikon = fs::path(GOFER_SOURCE_DIR) / "tests/data/exif/real/nikon-d2h.jpg";
constexpr std::string_view kIssueTemplate =
    "{exif.date:%Y/%m}/{exif.date:%Y%m%d_%H%M%S}_{n:03}.{ext}";

class RenameExifTest : public ::testing::Test {
 protected:
  void SetUp() override {
    work_ = dir_.path() / "card";
    fs::create_directories(work_);
  }
  RunResult gofer(std::vector<std::string> args) {
    args.insert(args.begin(), "rename");
    return run_gofer(args,
                     {.cwd = work_, .env = {{"XDG_STATE_HOME", (dir_.path() / "state").string()}}});
  }
  // A copy of the real photo with its DateTimeOriginal set (empty: removed, with the
  // other dates, so the file has no date taken at all).
  void photo(const std::string& name, const std::string& date) {
    fs::copy_file(kNikon, work_ / name);
    std::vector<std::string> argv{"exiftool", "-q", "-overwrite_original"};
    if (date.empty()) {
      argv.insert(argv.end(), {"-DateTimeOriginal=", "-CreateDate=", "-ModifyDate="});
    } else {
      argv.push_back("-DateTimeOriginal=" + date);
    }
    argv.push_back((work_ / name).string());
    RunResult written = run_program(argv);
    ASSERT_EQ(written.exit_code, 0) << written.err;
  }
  TempDir dir_;
  fs::path work_;
};

TEST_F(RenameExifTest, IssueExamplePreviewsThenAppliesIntoDateFolders) {
  photo("DSC_0001.JPG", "2024:07:14 09:26:53");
  photo("DSC_0002.JPG", "2024:07:14 18:02:11");
  photo("DSC_0003.JPG", "2023:12:31 23:59:59");
  RunResult preview = gofer({"--template", std::string(kIssueTemplate), "--mkdir", "."});
  EXPECT_EQ(preview.exit_code, 0) << preview.err;
  EXPECT_EQ(preview.out,
            "  DSC_0001.JPG -> 2024/07/20240714_092653_001.JPG\n"
            "  DSC_0002.JPG -> 2024/07/20240714_180211_002.JPG\n"
            "  DSC_0003.JPG -> 2023/12/20231231_235959_003.JPG\n");
  EXPECT_TRUE(fs::exists(work_ / "DSC_0001.JPG"));
  RunResult applied = gofer({"--template", std::string(kIssueTemplate), "--mkdir", "-x", "."});
  EXPECT_EQ(applied.exit_code, 0) << applied.err;
  EXPECT_TRUE(fs::exists(work_ / "2024/07/20240714_180211_002.JPG"));
  EXPECT_TRUE(fs::exists(work_ / "2023/12/20231231_235959_003.JPG"));
  EXPECT_FALSE(fs::exists(work_ / "DSC_0001.JPG"));
}

TEST_F(RenameExifTest, MissingDateIsRefusedNamingFileAndPlaceholder) {
  photo("DSC_0001.JPG", "2024:07:14 09:26:53");
  photo("DSC_0002.JPG", "");
  RunResult run = gofer({"--template", "{exif.date}_{n:03}.{ext}", "-x", "."});
  EXPECT_EQ(run.exit_code, 3) << run.err;
  EXPECT_THAT(run.out, HasSubstr("! DSC_0002.JPG -> DSC_0002.JPG  (no {exif.date} in this file "
                                 "(add a fallback such as {exif.date|unknown}))"));
  EXPECT_TRUE(fs::exists(work_ / "DSC_0001.JPG"));  // nothing renamed
  EXPECT_TRUE(fs::exists(work_ / "DSC_0002.JPG"));
  EXPECT_THAT(run.err, HasSubstr("files lack a placeholder's metadata: give it a fallback"));
  EXPECT_THAT(run.err, Not(HasSubstr("--on-conflict"))) << "it cannot resolve a missing tag";
}

TEST_F(RenameExifTest, MissingDateBesideAClashNamesBothRemedies) {
  photo("a.jpg", "2024:07:14 09:26:53");
  photo("b.jpg", "2024:07:14 09:26:53");
  photo("c.jpg", "");
  RunResult run = gofer({"--template", "{exif.date}.{ext}", "."});
  EXPECT_EQ(run.exit_code, 3) << run.err;
  EXPECT_THAT(run.err, HasSubstr("--on-conflict skip|number; a placeholder some files lack"));
}

TEST_F(RenameExifTest, FallbackRenamesTheUndatedToo) {
  photo("DSC_0001.JPG", "2024:07:14 09:26:53");
  photo("DSC_0002.JPG", "");
  RunResult run =
      gofer({"--template", "{exif.date:%Y|undated}/{exif.model}_{n:03}.{ext}", "--mkdir", "."});
  EXPECT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(run.out,
            "  DSC_0001.JPG -> 2024/NIKON D2H_001.JPG\n"
            "  DSC_0002.JPG -> undated/NIKON D2H_002.JPG\n");
}

TEST_F(RenameExifTest, BrokenFileWarnsThenFallsBack) {
  photo("DSC_0001.JPG", "2024:07:14 09:26:53");
  // APP1 claims 16 KiB in a 16-byte file.
  dir_.write("card/DSC_0002.JPG", std::string("\xFF\xD8\xFF\xE1\x40\x00"
                                              "Exif\0\0II*\0",
                                              16));
  RunResult run = gofer({"--template", "{exif.date|unknown}_{n}.{ext}", "."});
  EXPECT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(run.out,
            "  DSC_0001.JPG -> 2024-07-14_1.JPG\n"
            "  DSC_0002.JPG -> unknown_2.JPG\n");
  EXPECT_THAT(run.err, HasSubstr("gofer: rename: warning: DSC_0002.JPG: EXIF segment at offset 12 "
                                 "claims 16376 bytes, past the end of the file (16 bytes)\n"));
  RunResult json = gofer({"--json", "--template", "{exif.date|unknown}_{n}.{ext}", "."});
  nlohmann::json summary = nlohmann::json::parse(json.out.substr(json.out.rfind("{\"")));
  ASSERT_EQ(summary["warnings"].size(), 1u) << json.out;
  EXPECT_THAT(summary["warnings"][0].get<std::string>(), HasSubstr("DSC_0002.JPG: EXIF segment"));
}

TEST_F(RenameExifTest, UnknownKeyIsAUsageError) {
  photo("DSC_0001.JPG", "2024:07:14 09:26:53");
  RunResult run = gofer({"--template", "{exif.shutter}", "."});
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_THAT(run.err, HasSubstr("unknown placeholder '{exif.shutter}'"));
}

}  // namespace
}  // namespace gofer::testing
