// Blackbox tests of `gofer fetch --name-template ... --mkdir`: the URL tree is mirrored under
// -d, and no URL, existing file or planted symlink makes gofer write anywhere else.
#include <set>

#include "fetch_fixture.hpp"

namespace gofer::testing {
namespace {

namespace fs = std::filesystem;

class FetchNamingTest : public FetchCliTest {
 protected:
  // Everything in the temp dir that is neither the download tree nor gofer's state.
  std::map<std::string, std::string> outside_out() const {
    std::map<std::string, std::string> rest;
    for (auto& [path, content] : dir_.snapshot()) {
      if (!path.starts_with("work/out") && !path.starts_with("state")) rest[path] = content;
    }
    return rest;
  }
};

TEST_F(FetchNamingTest, TemplateMirrorsTheUrlTree) {
  auto before = outside_out();
  auto result = fetch({"--name-template", "{host}/{path}", "--mkdir", "-d", "out",
                       server_.url("/file/5/a.txt"), server_.url("/any/x/"),
                       server_.url("/any/deep/er/f.bin")});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  auto files = out_files();
  EXPECT_EQ(files["127.0.0.1/file/5/a.txt"], HttpTestServer::body(5));
  EXPECT_EQ(files["127.0.0.1/any/x/index.html"], "any");
  EXPECT_EQ(files["127.0.0.1/any/deep/er/f.bin"], "any");
  EXPECT_TRUE(contains(result.err, "→ out/127.0.0.1/file/5/a.txt (5 bytes")) << result.err;
  EXPECT_EQ(outside_out(), before);
}

TEST_F(FetchNamingTest, HostilePathsStayInsideTheDirectory) {
  auto before = outside_out();
  auto result = fetch({"--json", "--name-template", "{host}/{path}", "--mkdir", "-d", "out",
                       server_.url("/any/..%2F..%2F..%2Fevil"),
                       server_.url("/any/%2E%2E/%2E%2E/%2E%2E/%2E%2E/outside"),
                       server_.url("/any/-rf/a%0Ab"), server_.url("/any/%2E%2E")});
  ASSERT_EQ(result.exit_code, 0) << result.err << result.out;
  std::set<std::string> files;
  for (auto& [path, content] : out_files()) {
    if (content != "<dir>") files.insert(path);
  }
  EXPECT_EQ(files, (std::set<std::string>{"127.0.0.1/any/.._.._.._evil", "127.0.0.1/any/outside",
                                          "127.0.0.1/any/_rf/a_b", "127.0.0.1/any/index.html"}))
      << result.out;
  EXPECT_EQ(outside_out(), before);
  EXPECT_FALSE(fs::exists(dir_.path() / "evil"));
  EXPECT_FALSE(fs::exists(dir_.path() / "outside"));
}

TEST_F(FetchNamingTest, WithoutMkdirMissingDirectoriesAreAnError) {
  auto result = fetch({"--json", "--name-template", "{host}/{name}", "-d", "out",
                       server_.url("/file/3/a")});
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_TRUE(contains(json_lines(result.out)[0]["error"], "pass --mkdir")) << result.out;
  EXPECT_TRUE(out_files().empty());
  fs::create_directories(work_ / "out" / "127.0.0.1");  // an existing directory is used as is
  result = fetch({"--name-template", "{host}/{name}", "-d", "out", server_.url("/file/3/a")});
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(dir_.read("work/out/127.0.0.1/a"), HttpTestServer::body(3));
}

TEST_F(FetchNamingTest, SymlinkedDirectoriesAreNeverFollowed) {
  fs::create_directories(dir_.path() / "outside");
  fs::create_directories(work_ / "out" / "127.0.0.1");
  fs::create_directory_symlink(dir_.path() / "outside", work_ / "out" / "127.0.0.1" / "any");
  fs::create_directory_symlink(dir_.path() / "outside", work_ / "out" / "top");
  auto result = fetch({"--json", "--name-template", "{host}/{path}", "--mkdir", "-d", "out",
                       server_.url("/any/x"), server_.url("/any/y/z")});
  EXPECT_EQ(result.exit_code, 1);
  auto second = fetch({"--json", "--name-template", "top/{name}", "--mkdir", "-d", "out",
                       server_.url("/any/w")});
  EXPECT_EQ(second.exit_code, 1);
  for (auto& line : json_lines(result.out + second.out)) {
    if (line["type"] == "entry") {
      EXPECT_TRUE(contains(line["error"], "symlink")) << line.dump();
    }
  }
  EXPECT_TRUE(fs::is_empty(dir_.path() / "outside"));
}

TEST_F(FetchNamingTest, AFileWhereADirectoryIsNeededFailsAndStaysIntact) {
  auto first = fetch({"--name-template", "{host}/{path}", "--mkdir", "-d", "out",
                      server_.url("/any/d")});
  ASSERT_EQ(first.exit_code, 0) << first.err;
  auto second = fetch({"--json", "--name-template", "{host}/{path}", "--mkdir", "-d", "out",
                       server_.url("/any/d/e")});
  EXPECT_EQ(second.exit_code, 1);
  EXPECT_TRUE(json_lines(second.out)[0].contains("error")) << second.out;
  EXPECT_EQ(dir_.read("work/out/127.0.0.1/any/d"), "any");
}

TEST_F(FetchNamingTest, ARenameThatFailsIsReportedAndLeavesTheTargetAlone) {
  dir_.write("work/out/x/keep", "mine");  // "x" is a directory: the .part cannot replace it
  auto result = fetch({"--json", "-d", "out", server_.url("/file/3/x"), server_.url("/file/3/y")});
  EXPECT_EQ(result.exit_code, 1);
  std::map<std::string, nlohmann::json> by_url;
  for (auto& line : json_lines(result.out)) {
    if (line["type"] == "entry") by_url[line["url"]] = line;
  }
  EXPECT_TRUE(contains(by_url[server_.url("/file/3/x")]["error"], "cannot rename")) << result.out;
  EXPECT_EQ(by_url[server_.url("/file/3/y")]["status"], "ok");
  EXPECT_EQ(dir_.read("work/out/x/keep"), "mine");
  EXPECT_EQ(dir_.read("work/out/y"), HttpTestServer::body(3));
}

TEST_F(FetchNamingTest, SameTemplatePathGetsNumberedInItsDirectory) {
  auto result = fetch({"--name-template", "{host}/{name}", "--mkdir", "-d", "out",
                       server_.url("/file/3/a.txt"), server_.url("/file/4/a.txt")});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  auto files = out_files();
  EXPECT_EQ(files["127.0.0.1/a.txt"].size() + files["127.0.0.1/a.1.txt"].size(), 7u);
}

TEST_F(FetchNamingTest, BadTemplatesAreUsageErrors) {
  EXPECT_EQ(fetch({"--name-template", "{nope}", server_.url("/file/1/a")}).exit_code, 2);
  EXPECT_EQ(fetch({"--name-template", "fixed", server_.url("/file/1/a")}).exit_code, 2);
  EXPECT_EQ(fetch({"--name-template", "{host}/{path}", "--content-disposition",
                   server_.url("/file/1/a")}).exit_code, 2);
  EXPECT_EQ(server_.hits("/file/1/a"), 0);
}

}  // namespace
}  // namespace gofer::testing
