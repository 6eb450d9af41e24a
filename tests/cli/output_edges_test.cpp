// Outputs and inputs at the edges (issue 25): special files are written through, symlinks
// followed, modes kept, collisions refused before anything is written, directories as inputs
// end in one error line.
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>
#include <filesystem>

#include <gtest/gtest.h>

#include "csv_cli_fixture.hpp"

namespace gofer::testing {
namespace {

class OutputEdgesTest : public CsvCliFixture {};

TEST_F(OutputEdgesTest, DevNullOutputStaysADevice) {
  dir_.write("in.csv", "a,b\n1,2\n");
  RunResult result = gofer({"normalize", "in.csv", "-o", "/dev/null"});
  EXPECT_EQ(result.exit_code, 0) << result.err;
  struct stat status {};
  ASSERT_EQ(::lstat("/dev/null", &status), 0);
  EXPECT_TRUE(S_ISCHR(status.st_mode));
  EXPECT_EQ(dir_.snapshot().size(), 1u) << "no temp file may remain beside the input";
}

TEST_F(OutputEdgesTest, RejectsToDevNullStaysADevice) {
  dir_.write("in.csv", "a,b\n1,2\n");
  RunResult result = gofer({"normalize", "in.csv", "-o", "out.csv", "--rejects", "/dev/null"});
  EXPECT_LE(result.exit_code, 1) << result.err;
  struct stat status {};
  ASSERT_EQ(::lstat("/dev/null", &status), 0);
  EXPECT_TRUE(S_ISCHR(status.st_mode));
}

TEST_F(OutputEdgesTest, MknodDeviceIsWrittenThrough) {
  dir_.write("in.csv", "a,b\n1,2\n");
  std::filesystem::path node = dir_.path() / "null";
  if (::mknod(node.c_str(), S_IFCHR | 0666, makedev(1, 3)) != 0) {
    GTEST_SKIP() << "mknod not permitted here: " << std::strerror(errno);
  }
  RunResult result = gofer({"normalize", "in.csv", "-o", "null"});
  EXPECT_EQ(result.exit_code, 0) << result.err;
  struct stat status {};
  ASSERT_EQ(::lstat(node.c_str(), &status), 0);
  EXPECT_TRUE(S_ISCHR(status.st_mode)) << "the device node was replaced by a regular file";
}

TEST_F(OutputEdgesTest, DashOutputIsStdout) {
  dir_.write("in.csv", "a,b\n1,2\n");
  RunResult result = gofer({"normalize", "in.csv", "-o", "-"});
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(result.out, "a,b\n1,2\n");
  EXPECT_FALSE(std::filesystem::exists(dir_.path() / "-"));
}

TEST_F(OutputEdgesTest, DevStdoutIntoAPipeReachesThePipe) {
  dir_.write("in.csv", "a,b\n1,2\n");
  RunResult result = gofer({"normalize", "in.csv", "-o", "/dev/stdout"});
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(result.out, "a,b\n1,2\n");
}

TEST_F(OutputEdgesTest, SymlinkOutputReplacesItsTargetAndKeepsTheLink) {
  dir_.write("in.csv", "a,b\n1,2\n");
  dir_.write("real.csv", "old\n");
  std::filesystem::create_symlink("real.csv", dir_.path() / "link.csv");
  RunResult result = gofer({"normalize", "in.csv", "-o", "link.csv"});
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_TRUE(std::filesystem::is_symlink(dir_.path() / "link.csv"));
  EXPECT_EQ(dir_.read("real.csv"), "a,b\n1,2\n");
}

TEST_F(OutputEdgesTest, ReplacedOutputKeepsItsMode) {
  dir_.write("in.csv", "a,b\n1,2\n");
  dir_.write("out.csv", "old\n");
  ASSERT_EQ(::chmod((dir_.path() / "out.csv").c_str(), 0640), 0);
  RunResult result = gofer({"normalize", "in.csv", "-o", "out.csv"});
  EXPECT_EQ(result.exit_code, 0) << result.err;
  struct stat status {};
  ASSERT_EQ(::stat((dir_.path() / "out.csv").c_str(), &status), 0);
  EXPECT_EQ(status.st_mode & 07777, 0640u);
}

TEST_F(OutputEdgesTest, DirectoryOutputIsRefusedBeforeWriting) {
  dir_.write("in.csv", "a,b\n1,2\n");
  std::filesystem::create_directory(dir_.path() / "outdir");
  RunResult result = gofer({"normalize", "in.csv", "-o", "outdir"});
  EXPECT_EQ(result.exit_code, 2) << result.err;
  EXPECT_NE(result.err.find("is a directory"), std::string::npos) << result.err;
  EXPECT_TRUE(std::filesystem::is_empty(dir_.path() / "outdir"));
}

TEST_F(OutputEdgesTest, TwoInputsWithOneOutDirNameAreRefused) {
  dir_.write("a/d.csv", "x\n1\n");
  dir_.write("b/d.csv", "x\n2\n");
  RunResult result = gofer({"normalize", "a/d.csv", "b/d.csv", "--out-dir", "o"});
  EXPECT_EQ(result.exit_code, 2) << result.err;
  EXPECT_NE(result.err.find("would both be written to"), std::string::npos) << result.err;
  EXPECT_FALSE(std::filesystem::exists(dir_.path() / "o" / "d.csv"));
}

TEST_F(OutputEdgesTest, OutDirThatIsTheInputsDirectoryIsRefused) {
  dir_.write("d.csv", "x\n1\n");
  RunResult result = gofer({"normalize", "d.csv", "--out-dir", "."});
  EXPECT_EQ(result.exit_code, 2) << result.err;
  EXPECT_NE(result.err.find("--in-place"), std::string::npos) << result.err;
  EXPECT_EQ(dir_.read("d.csv"), "x\n1\n");
}

TEST_F(OutputEdgesTest, OutputThatIsTheInputIsRefused) {
  dir_.write("d.csv", "x\n1\n");
  RunResult result = gofer({"normalize", "d.csv", "-o", "./d.csv"});
  EXPECT_EQ(result.exit_code, 2) << result.err;
  EXPECT_EQ(dir_.read("d.csv"), "x\n1\n");
}

TEST_F(OutputEdgesTest, RejectsThatIsTheInputIsRefused) {
  dir_.write("d.csv", "x\n1\n");
  RunResult result = gofer({"normalize", "d.csv", "-o", "out.csv", "--rejects", "d.csv"});
  EXPECT_EQ(result.exit_code, 2) << result.err;
  EXPECT_EQ(dir_.read("d.csv"), "x\n1\n");
  EXPECT_FALSE(std::filesystem::exists(dir_.path() / "out.csv"));
}

TEST_F(OutputEdgesTest, InPlaceStillRewritesItsOwnInput) {
  dir_.write("d.csv", "x\r\n1\r\n");
  RunResult result = gofer({"normalize", "d.csv", "--in-place"});
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(dir_.read("d.csv"), "x\n1\n");
}

TEST_F(OutputEdgesTest, DirectoryInputIsOneErrorLineWithTheMissingFilesExitCode) {
  std::filesystem::create_directory(dir_.path() / "adir");
  RunResult directory = gofer({"check", "adir"});
  RunResult missing = gofer({"check", "nope.csv"});
  EXPECT_EQ(directory.exit_code, missing.exit_code) << directory.err << missing.err;
  EXPECT_EQ(std::count(directory.err.begin(), directory.err.end(), '\n'), 1) << directory.err;
  EXPECT_NE(directory.err.find("adir"), std::string::npos) << directory.err;
  EXPECT_NE(directory.err.find("Is a directory"), std::string::npos) << directory.err;
}

TEST(FetchInputEdgesTest, DirectoryUrlListIsOneErrorLineNotALoop) {
  TempDir dir;
  std::filesystem::create_directory(dir.path() / "list");
  RunResult result = run_gofer({"fetch", "-i", "list", "-d", "out"}, {.cwd = dir.path()});
  EXPECT_EQ(result.exit_code, 1) << result.err;
  EXPECT_LE(std::count(result.err.begin(), result.err.end(), '\n'), 3) << result.err;
  EXPECT_NE(result.err.find("Is a directory"), std::string::npos) << result.err;
}

}  // namespace
}  // namespace gofer::testing

namespace gofer::testing {
namespace {

TEST_F(OutputEdgesTest, BinaryInputIsRefusedWithOneLine) {
  dir_.write("prog", std::string("\x7f"
                                 "ELF\x02\x01\x01\0\0\0\0\0a,b\n",
                                 17));
  for (const char* sub : {"sniff", "check", "normalize"}) {
    RunResult result = gofer({sub, "prog"});
    EXPECT_EQ(result.exit_code, 1) << sub << ": " << result.err;
    EXPECT_NE(result.err.find("binary file"), std::string::npos) << sub << ": " << result.err;
    EXPECT_EQ(std::count(result.err.begin(), result.err.end(), '\n'), 1) << result.err;
    EXPECT_TRUE(result.out.empty()) << sub << ": " << result.out;
  }
}

TEST_F(OutputEdgesTest, Utf16WithoutBomIsNotTakenForBinary) {
  std::string utf16;
  for (char c : std::string("a,b\n1,2\n")) utf16 += std::string{c, '\0'};
  dir_.write("wide.csv", utf16);
  RunResult result = gofer({"normalize", "wide.csv"});
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(result.out, "a,b\n1,2\n");
}

}  // namespace
}  // namespace gofer::testing
