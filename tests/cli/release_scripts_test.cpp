// The release's verification pieces on small inputs: the SBOM generator and its check
// (scripts/lib/sbom.py) against this build's binary, and the minisign signing and its proof
// (scripts/lib/sign.sh, scripts/lib/signature-proof.sh) on a dummy release directory.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "fault_injection.hpp"
#include "json_text.hpp"
#include "run_binary.hpp"
#include "temp_dir.hpp"

namespace gofer::testing {
namespace {

std::string script(const std::string& name) {
  return (std::filesystem::path(GOFER_SOURCE_DIR) / "scripts" / "lib" / name).string();
}

std::string binary_arg() { return "x86_64=" + gofer_binary().string(); }

nlohmann::json read_json(const std::filesystem::path& path) {
  std::ifstream in(path);
  return nlohmann::json::parse(in);
}

void write_json(const std::filesystem::path& path, const nlohmann::json& json) {
  std::ofstream(path) << json.dump(2);
}

class SbomScriptTest : public ::testing::Test {
 protected:
  RunResult sbom(std::vector<std::string> args) {
    args.insert(args.begin(), {"/usr/bin/python3", script("sbom.py")});
    RunOptions options;
    options.env["SOURCE_DATE_EPOCH"] = "1700000000";
    if (!path_.empty()) options.env["PATH"] = path_;
    return run_program(args, options);
  }
  std::filesystem::path generate() {
    auto out = dir_.path() / "gofer.spdx.json";
    auto result = sbom({"generate", "--version", "1.2.3", "--out", out.string(), binary_arg()});
    EXPECT_EQ(result.exit_code, 0) << result.err;
    return out;
  }
  TempDir dir_;
  std::string path_;  // PATH for the scripts, when not the test's own
};

TEST_F(SbomScriptTest, EveryLibraryTheBinaryReportsIsAPackageWithItsVersionAndDebianSource) {
  nlohmann::json doc = read_json(generate());
  EXPECT_EQ(doc["spdxVersion"], "SPDX-2.3");
  EXPECT_EQ(doc["creationInfo"]["created"], "2023-11-14T22:13:20Z");
  auto version = parse_json_lines(run_gofer({"--version", "--json"}).out).front();
  ASSERT_FALSE(version["libraries"].empty());
  for (const auto& library : version["libraries"]) {
    bool found = false;
    for (const auto& package : doc["packages"]) {
      if (package["name"] != library["name"]) continue;
      found = true;
      EXPECT_EQ(package["versionInfo"], library["version"]) << package;
      EXPECT_TRUE(package["externalRefs"][0]["referenceLocator"].get<std::string>().starts_with(
          "pkg:deb/debian/")) << package;
      EXPECT_NE(package["sourceInfo"].get<std::string>().find("Debian 12 source package"),
                std::string::npos) << package;
      EXPECT_NE(package["licenseDeclared"], "NOASSERTION") << package;
    }
    EXPECT_TRUE(found) << library["name"] << " is not in the SBOM";
  }
}

TEST_F(SbomScriptTest, CheckFailsWhenALibraryTheBinaryReportsIsMissing) {
  auto path = generate();
  nlohmann::json doc = read_json(path);
  auto& packages = doc["packages"];
  for (auto it = packages.begin(); it != packages.end(); ++it) {
    if ((*it)["name"] == "zlib") {
      packages.erase(it);
      break;
    }
  }
  write_json(path, doc);
  auto result = sbom({"check", path.string(), binary_arg()});
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_NE(result.err.find("zlib "), std::string::npos) << result.err;
  EXPECT_NE(result.err.find("but not in the SBOM"), std::string::npos) << result.err;
}

// A library added to the link line but not to --version (and so not to the SBOM) is caught.
TEST_F(SbomScriptTest, CheckFailsWhenTheLinkLineHasALibraryTheBinaryDoesNotReport) {
  auto path = generate();
  dir_.write("build/build.ninja",
             "build src/cli/gofer: CXX_EXECUTABLE_LINKER main.cpp.o\n"
             "  FLAGS = -g\n"
             "  LINK_LIBRARIES = src/cli/libgofer_cli.a -lre2 -lz /usr/lib/libyaml.a\n");
  auto result = sbom({"check", path.string(), "--build-dir",
                      "x86_64=" + (dir_.path() / "build").string(), binary_arg()});
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_NE(result.err.find("/usr/lib/libyaml.a: on gofer's link line"), std::string::npos)
      << result.err;
  EXPECT_EQ(result.err.find("re2"), std::string::npos) << result.err;
}

// scripts/release.sh passes one "--build-dir ARCH=DIR ARCH=BINARY" pair per architecture, so
// the second binary follows an option: both architectures must be described and checked.
TEST_F(SbomScriptTest, TwoArchitecturesEachWithItsBuildDirAreBothDescribed) {
  // The stand-in qemu-aarch64-static on PATH would also stand in for check-release's wrapper.
  if (binary_is_emulated()) GTEST_SKIP() << "the binary runs under an emulator";
  dir_.write("build/build.ninja",
             "build src/cli/gofer: CXX_EXECUTABLE_LINKER main.cpp.o\n"
             "  LINK_LIBRARIES = src/cli/libgofer_cli.a -lre2 -lz\n");
  std::string build = (dir_.path() / "build").string();
  std::string binary = gofer_binary().string();
  auto out = dir_.path() / "two.spdx.json";
  std::vector<std::string> pairs = {"--build-dir", "x86_64=" + build, "x86_64=" + binary,
                                    "--build-dir", "aarch64=" + build, "aarch64=" + binary};
  std::vector<std::string> args = {"generate", "--version", "1.2.3", "--out", out.string()};
  args.insert(args.end(), pairs.begin(), pairs.end());
  // This test's aarch64 "binary" is the host's: a stand-in qemu-aarch64-static runs it.
  auto fake_qemu = dir_.write("bin/qemu-aarch64-static", "#!/bin/sh\nexec \"$@\"\n");
  std::filesystem::permissions(fake_qemu, std::filesystem::perms::owner_all);
  path_ = (dir_.path() / "bin").string() + ":" + std::getenv("PATH");
  auto result = sbom(args);
  ASSERT_EQ(result.exit_code, 0) << result.err;
  std::vector<std::string> gofer_ids;
  nlohmann::json doc = read_json(out);
  for (const auto& package : doc["packages"]) {
    if (package["name"] == "gofer") gofer_ids.push_back(package["SPDXID"]);
  }
  EXPECT_EQ(gofer_ids.size(), 2u);
  std::vector<std::string> check = {"check", out.string()};
  check.insert(check.end(), pairs.begin(), pairs.end());
  EXPECT_EQ(sbom(check).exit_code, 0);
  check.push_back("not-a-pair");
  auto refused = sbom(check);
  EXPECT_EQ(refused.exit_code, 2);
  EXPECT_NE(refused.err.find("unrecognized argument 'not-a-pair'"), std::string::npos)
      << refused.err;
}

TEST_F(SbomScriptTest, CheckFailsWhenTheBinaryIsNotTheOneDescribed) {
  auto path = generate();
  auto other = dir_.write("other-gofer", "#!/bin/sh\nexec '" + gofer_binary().string() + "' \"$@\"\n");
  std::filesystem::permissions(other, std::filesystem::perms::owner_all);
  auto result = sbom({"check", path.string(), "x86_64=" + other.string()});
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_NE(result.err.find("its SHA-256 is not the one of the gofer x86_64 package"),
            std::string::npos) << result.err;
}

class SignScriptTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (run_program({"sh", "-c", "command -v minisign"}).exit_code != 0) {
      GTEST_SKIP() << "minisign is not installed (scripts/setup.sh release)";
    }
    dir_.write("dist/gofer-1.2.3.tar.gz", std::string(4096, 'x') + "payload");
    dir_.write("dist/packaging/gofer.rb", "class Gofer < Formula\nend\n");
    auto sums = run_program({"sh", "-c", "cd dist && sha256sum gofer-1.2.3.tar.gz packaging/gofer.rb >SHA256SUMS"},
                            {.cwd = dir_.path()});
    ASSERT_EQ(sums.exit_code, 0) << sums.err;
  }
  std::string dist() const { return (dir_.path() / "dist").string(); }
  TempDir dir_;
};

TEST_F(SignScriptTest, AThrowawayKeySignsEveryFileAndTheProofPasses) {
  auto sign = run_program({"bash", script("sign.sh"), dist()});
  ASSERT_EQ(sign.exit_code, 0) << sign.err;
  for (const char* file : {"gofer-1.2.3.tar.gz", "packaging/gofer.rb", "SHA256SUMS", "minisign.pub"}) {
    std::string name = file == std::string("minisign.pub") ? file : std::string(file) + ".minisig";
    EXPECT_TRUE(std::filesystem::exists(dir_.path() / "dist" / name)) << name;
  }
  auto proof = run_program({"bash", script("signature-proof.sh"), dist()});
  EXPECT_EQ(proof.exit_code, 0) << proof.err;
  EXPECT_NE(proof.err.find("one changed byte"), std::string::npos) << proof.err;
  EXPECT_NE(proof.err.find("throwaway key"), std::string::npos) << proof.err;
}

TEST_F(SignScriptTest, TheProofFailsWhenASignedFileChanged) {
  ASSERT_EQ(run_program({"bash", script("sign.sh"), dist()}).exit_code, 0);
  dir_.write("dist/packaging/gofer.rb", "class Gofer < Formula\n  url 'evil'\nend\n");
  auto proof = run_program({"bash", script("signature-proof.sh"), dist()});
  EXPECT_EQ(proof.exit_code, 1);
  EXPECT_NE(proof.err.find("packaging/gofer.rb: its signature does not verify"), std::string::npos)
      << proof.err;
}

TEST_F(SignScriptTest, AKeyThatIsNotTheProjectsIsRefused) {
  auto key = dir_.path() / "other.key";
  auto made = run_program({"minisign", "-G", "-W", "-p", (dir_.path() / "other.pub").string(),
                           "-s", key.string()});
  ASSERT_EQ(made.exit_code, 0) << made.err;
  auto sign = run_program({"bash", script("sign.sh"), dist(), key.string()});
  EXPECT_EQ(sign.exit_code, 1);
  EXPECT_NE(sign.err.find("is not the project's key (packaging/minisign.pub)"), std::string::npos)
      << sign.err;
  EXPECT_FALSE(std::filesystem::exists(dir_.path() / "dist" / "SHA256SUMS.minisig"));
}

std::string read_text(const std::filesystem::path& path) {
  std::ifstream in(path);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// The README's one-command verification names the key inline: it must be the committed one.
TEST(ReleaseKeyTest, TheReadmeVerifyCommandUsesTheProjectsPublicKey) {
  std::filesystem::path source = GOFER_SOURCE_DIR;
  std::string pub = read_text(source / "packaging" / "minisign.pub");
  auto key_start = pub.find('\n');
  ASSERT_NE(key_start, std::string::npos) << pub;
  std::string key = pub.substr(key_start + 1, pub.find('\n', key_start + 1) - key_start - 1);
  ASSERT_FALSE(key.empty()) << pub;
  EXPECT_NE(read_text(source / "README.md").find("minisign -Vm gofer-VERSION-x86_64-linux.tar.gz -P " + key),
            std::string::npos) << "README.md does not verify with " << key;
}

}  // namespace
}  // namespace gofer::testing
