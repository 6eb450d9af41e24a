// Every command with --json, on temp data and the loopback server, checked line by line against
// docs/gofer-json.schema.json (by Debian's python3-jsonschema), and each run's output against
// what a schema cannot say: the last record is the summary, with the run's own exit code.
#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "http_test_server.hpp"
#include "json_text.hpp"
#include "run_binary.hpp"
#include "temp_dir.hpp"

namespace gofer::testing {
namespace {

// /usr/bin/python3: the python3 first on PATH may not see Debian's python3-* packages.
constexpr const char* kPython = "/usr/bin/python3";
// The validator's exit code when python3-jsonschema cannot be imported.
constexpr int kValidatorUnavailable = 77;

std::filesystem::path source_path(const char* relative) {
  return std::filesystem::path(GOFER_SOURCE_DIR) / relative;
}

std::vector<std::string> validator_command(const std::vector<std::string>& files) {
  std::vector<std::string> argv = {kPython,
                                   source_path("tests/support/validate_json_lines.py").string(),
                                   source_path("docs/gofer-json.schema.json").string()};
  argv.insert(argv.end(), files.begin(), files.end());
  return argv;
}

class JsonSchemaTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::filesystem::create_directories(data() / "records");
    dir_.write("data/empty.jsonl", "");
    RunResult probe = run_program(validator_command({(data() / "empty.jsonl").string()}));
    if (probe.exit_code == kValidatorUnavailable || probe.exit_code == 127) {
      GTEST_SKIP() << "python3-jsonschema is not installed (scripts/setup.sh test installs it): "
                   << probe.out << probe.err;
    }
    ASSERT_EQ(probe.exit_code, 0) << probe.out << probe.err;
  }

  // Every record of the test, each run in its own file, against the schema.
  void TearDown() override {
    if (IsSkipped() || records_.empty()) return;
    RunResult result = run_program(validator_command(records_));
    EXPECT_EQ(result.exit_code, 0) << result.out << result.err;
  }

  [[nodiscard]] std::filesystem::path data() const { return dir_.path() / "data"; }

  // `gofer ARGS` in data/, with its own state dir. Checks the shape every --json run shares
  // and keeps the lines for the schema check.
  std::vector<nlohmann::json> gofer(const std::vector<std::string>& args,
                                    const std::string& command, int expected_exit) {
    RunResult result = run_gofer(
        args, {.cwd = data(),
               .env = {{"XDG_STATE_HOME", (dir_.path() / "state").string()}, {"NO_COLOR", "1"}},
               .unset_env = {"http_proxy", "HTTP_PROXY", "no_proxy"}});
    std::string label = ::testing::PrintToString(args);
    EXPECT_EQ(result.exit_code, expected_exit) << label << "\n" << result.err;
    std::string path = (data() / "records" / (std::to_string(records_.size()) + ".jsonl")).string();
    std::ofstream(path) << result.out;
    records_.push_back(path);
    std::vector<nlohmann::json> lines = parse_json_lines(result.out);
    if (lines.empty()) {
      ADD_FAILURE() << label << ": no output";
      return lines;
    }
    const nlohmann::json& summary = lines.back();
    EXPECT_EQ(summary.value("type", ""), "summary") << label << "\n" << result.out;
    EXPECT_EQ(summary.value("command", ""), command) << label;
    EXPECT_EQ(summary.value("exit_code", -1), result.exit_code) << label;
    for (size_t i = 0; i + 1 < lines.size(); ++i) {
      bool step_summary = lines[i].contains("step");  // each step of `gofer run` ends with one
      EXPECT_TRUE(lines[i]["type"] != "summary" || step_summary) << label << ": " << lines[i];
    }
    return lines;
  }

  static std::vector<nlohmann::json> of_type(const std::vector<nlohmann::json>& lines,
                                             const std::string& type) {
    std::vector<nlohmann::json> found;
    for (const nlohmann::json& line : lines) {
      if (line["type"] == type) found.push_back(line);
    }
    return found;
  }

  TempDir dir_;
  std::vector<std::string> records_;
};

// The check itself can fail: what this issue found in gofer's output is refused.
TEST_F(JsonSchemaTest, TheSchemaRefusesNullEmptyErrorsUnknownTypesAndStrayFields) {
  std::vector<std::string> bad = {
      R"({"type":"entry","status":"planned","old":"a","new":"b","error":null})",
      R"({"type":"page","url":"http://x/","status":"ok","rows":1,"error":""})",
      R"({"type":"job","job":"nightly"})",
      R"({"libcurl":{},"version":"1"})",
      R"({"type":"version","version":"1","commit":"c","target":"t","static":true,)"
      R"("libcurl":{"version":"8","ssl":"s","features":[]},"openssl":"3",)"
      R"("libraries":[{"name":"zlib","version":"1.3","version_from":"guessed"}]})",
      R"({"type":"summary","command":"csv sniff","seconds":0,"exit_code":0,"problems":1})",
      R"({"type":"summary","command":"fetch","exit_code":0})"};
  std::vector<std::string> files;
  for (size_t i = 0; i < bad.size(); ++i) {
    files.push_back(dir_.write("data/bad" + std::to_string(i) + ".jsonl", bad[i] + "\n").string());
  }
  RunResult result = run_program(validator_command(files));
  EXPECT_EQ(result.exit_code, 1) << result.out;
  for (const std::string& file : files) {
    EXPECT_NE(result.out.find(file + ":1: "), std::string::npos) << file << "\n" << result.out;
  }
}

TEST_F(JsonSchemaTest, VersionIsAVersionRecordThenTheSummary) {
  auto lines = gofer({"--version", "--json"}, "version", 0);
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(lines[0]["type"], "version");
  EXPECT_TRUE(lines[0].contains("libcurl"));
  // The SBOM has one package per entry: each library once, libcurl among them.
  std::set<std::string> names;
  for (const auto& library : lines[0]["libraries"]) {
    EXPECT_TRUE(names.insert(library["name"].get<std::string>()).second) << library;
  }
  EXPECT_TRUE(names.contains("libcurl")) << lines[0];
}

TEST_F(JsonSchemaTest, UsageErrorsAreAnErrorRecordThenTheSummary) {
  dir_.write("data/good.csv", "a,b\n1,2\n");
  for (auto [args, command] : std::vector<std::pair<std::vector<std::string>, std::string>>{
           {{"--json"}, "gofer"},
           {{"csv", "normalise", "--json", "good.csv"}, "csv"},
           {{"csv", "normalize", "--json", "good.csv"}, "csv normalize"},  // stdout is the CSV
           {{"rename", "--json", "."}, "rename"},                          // no rule
           {{"fetch", "--json", "--bogus-flag"}, "fetch"}}) {
    auto lines = gofer(args, command, 2);
    ASSERT_EQ(lines.size(), 2u) << ::testing::PrintToString(args);
    EXPECT_EQ(lines[0]["type"], "error");
    EXPECT_EQ(lines[0]["category"], "invalid argument");
  }
}

TEST_F(JsonSchemaTest, RenamePreviewApplyConflictHistoryUndo) {
  dir_.write("data/photos/A B.txt", "1");
  dir_.write("data/photos/C D.txt", "2");
  dir_.write("data/clash/x 1.txt", "1");
  dir_.write("data/clash/x_1.txt", "2");
  auto preview = gofer({"rename", "--json", "-e", " ", "-r", "_", "photos"}, "rename", 0);
  ASSERT_EQ(of_type(preview, "entry").size(), 2u);
  EXPECT_FALSE(of_type(preview, "entry")[0].contains("error"));  // absent, not null
  EXPECT_EQ(preview.back()["planned"], 2);
  auto clash = gofer({"rename", "--json", "-e", " ", "-r", "_", "clash"}, "rename", 3);
  EXPECT_EQ(clash.back()["conflicts"], 1);
  auto applied = gofer({"rename", "--json", "-x", "-e", " ", "-r", "_", "photos"}, "rename", 0);
  EXPECT_EQ(applied.back()["renamed"], 2);
  auto history = gofer({"rename", "--json", "--history"}, "rename", 0);
  EXPECT_EQ(of_type(history, "run").size(), 1u);
  EXPECT_EQ(history.back()["runs"], 1);
  auto undone = gofer({"rename", "--json", "--undo"}, "rename", 0);
  EXPECT_EQ(undone.back()["restored"], 2);
  auto missing = gofer({"rename", "--json", "-e", "a", "-r", "b", "no-such-dir"}, "rename", 1);
  ASSERT_EQ(of_type(missing, "error").size(), 1u);
  EXPECT_EQ(of_type(missing, "error")[0]["category"], "not found");
}

TEST_F(JsonSchemaTest, CsvNormalizeCheckSniffWithAMissingInput) {
  dir_.write("data/good.csv", "a,b\n1,2\n");
  dir_.write("data/ragged.csv", "a,b\n1,2,3\n");
  auto normalized =
      gofer({"csv", "normalize", "--json", "good.csv", "-o", "out.csv"}, "csv normalize", 0);
  ASSERT_EQ(normalized.size(), 2u);
  EXPECT_EQ(normalized[0]["type"], "file");
  EXPECT_EQ(normalized[1]["rows_out"], 2);
  EXPECT_EQ(normalized[1]["bytes_in"], 8);
  auto partly = gofer({"csv", "normalize", "--json", "good.csv", "missing.csv", "--out-dir", "o"},
                      "csv normalize", 1);
  auto errors = of_type(partly, "error");
  ASSERT_EQ(errors.size(), 1u) << partly.back();
  EXPECT_EQ(errors[0]["subject"], "missing.csv");
  EXPECT_EQ(of_type(partly, "file").size(), 1u);
  EXPECT_EQ(partly.back()["failed"], 1);
  auto alone =
      gofer({"csv", "normalize", "--json", "missing.csv", "-o", "x.csv"}, "csv normalize", 1);
  EXPECT_EQ(of_type(alone, "error").size(), 1u);
  auto checked = gofer({"csv", "check", "--json", "ragged.csv", "missing.csv"}, "csv check", 1);
  EXPECT_FALSE(of_type(checked, "problem").empty());
  EXPECT_EQ(of_type(checked, "error").size(), 1u);
  EXPECT_EQ(checked.back()["files"], 2);
  auto problems = gofer({"csv", "check", "--json", "ragged.csv"}, "csv check", 3);
  EXPECT_GT(problems.back()["problems"].get<int>(), 0);
  // What the text mode warns on stderr is a record in --json (it went nowhere before).
  dir_.write("data/unsure.csv", "a;b\n1;2\n3;4;5\n");
  auto unsure = gofer({"csv", "check", "--json", "unsure.csv"}, "csv check", 3);
  ASSERT_EQ(of_type(unsure, "warning").size(), 1u) << unsure.back();
  EXPECT_EQ(of_type(unsure, "warning")[0]["file"], "unsure.csv");
  EXPECT_THAT(of_type(unsure, "warning")[0]["message"].get<std::string>(),
              ::testing::HasSubstr("low confidence"));
  EXPECT_TRUE(
      of_type(gofer({"csv", "check", "--json", "good.csv"}, "csv check", 0), "warning").empty());
  auto sniffed = gofer({"csv", "sniff", "--json", "good.csv", "missing.csv"}, "csv sniff", 1);
  EXPECT_EQ(of_type(sniffed, "sniff").size(), 1u);
  ASSERT_EQ(of_type(sniffed, "error").size(), 1u);
  EXPECT_EQ(of_type(sniffed, "error")[0]["subject"], "missing.csv");
}

TEST_F(JsonSchemaTest, FetchOkFailedSpiderAndAMissingList) {
  HttpTestServer server;
  auto fetched = gofer({"fetch", "--json", "--retries", "0", "-d", "out",
                        server.url("/file/10/a.txt"), server.url("/status/404")},
                       "fetch", 1);
  auto entries = of_type(fetched, "entry");
  ASSERT_EQ(entries.size(), 2u);
  EXPECT_EQ(fetched.back()["ok"], 1);
  EXPECT_EQ(fetched.back()["failed"], 1);
  EXPECT_EQ(fetched.back()["bytes"], 10);
  for (const nlohmann::json& entry : entries) {
    EXPECT_EQ(entry.contains("error"), entry["status"] == "failed") << entry;
  }
  auto spider = gofer({"fetch", "--json", "--spider", server.url("/file/10/a.txt")}, "fetch", 0);
  ASSERT_EQ(of_type(spider, "entry").size(), 1u);
  EXPECT_FALSE(of_type(spider, "entry")[0].contains("sha256"));  // no body read: absent, not null
  auto missing = gofer({"fetch", "--json", "-i", "missing.txt"}, "fetch", 1);
  ASSERT_EQ(of_type(missing, "error").size(), 1u);
  EXPECT_EQ(of_type(missing, "error")[0]["category"], "not found");
}

TEST_F(JsonSchemaTest, ScrapeFilesAndACrawl) {
  dir_.write("data/page.html", "<html><body><a href='b.html'>b</a></body></html>");
  dir_.write("data/doc.pdf", "%PDF-1.4");
  auto local = gofer({"scrape", "--json", "-o", "rows.csv", "page.html", "doc.pdf", "missing.html"},
                     "scrape", 1);
  auto pages = of_type(local, "page");
  ASSERT_EQ(pages.size(), 3u);
  EXPECT_EQ(pages[0]["status"], "ok");
  EXPECT_EQ(pages[1]["status"], "skipped");
  EXPECT_FALSE(pages[1].contains("error"));
  EXPECT_EQ(pages[2]["status"], "failed");
  EXPECT_EQ(local.back()["rows"], 1);
  HttpTestServer server;
  server.add_page("/index.html", {"<a href='/b.html'>b</a><a href='/gone.html'>g</a>"
                                  "<a href='/doc.pdf'>d</a>"});
  server.add_page("/b.html", {"<title>b</title>"});
  server.add_page("/doc.pdf", {"%PDF-1.4", "application/pdf"});
  auto crawled = gofer(
      {"scrape", "--json", "--crawl", "-o", "crawl.csv", server.url("/index.html")}, "scrape", 1);
  EXPECT_EQ(of_type(crawled, "page").size(), 4u);
  EXPECT_EQ(crawled.back()["pages"], 2);
  EXPECT_EQ(crawled.back()["failed"], 1);
  EXPECT_EQ(crawled.back()["skipped"], 1);
  for (const nlohmann::json& page : of_type(crawled, "page")) {
    EXPECT_EQ(page.contains("error"), page["status"] == "failed") << page;
    EXPECT_EQ(page.contains("reason"), page["status"] == "skipped") << page;
  }
}

TEST_F(JsonSchemaTest, RunJobDryRunCheckScheduleAndAFailingStep) {
  HttpTestServer server;
  dir_.write("data/urls.txt", server.url("/file/16/t.csv") + "\n");
  std::string job = dir_.write("data/job.toml", R"([job]
name = "nightly"

[[step]]
name = "download"
fetch = { input = "urls.txt", dir = "raw" }

[[step]]
name = "clean"
csv.normalize = { inputs = ["raw/t.csv"], out-dir = "clean" }
)")
                        .string();
  auto ran = gofer({"run", "--json", job}, "run", 0);
  auto steps = of_type(ran, "step_result");
  ASSERT_EQ(steps.size(), 2u);
  EXPECT_EQ(ran.back()["steps"].size(), 2u);
  size_t step_summaries = 0;
  for (const nlohmann::json& line : ran)
    step_summaries += line["type"] == "summary" && line.contains("step");
  EXPECT_EQ(step_summaries, 2u);
  gofer({"run", "--json", "--dry-run", job}, "run", 0);
  auto checked = gofer({"run", "--json", "--check", job}, "run", 0);
  EXPECT_EQ(checked.back()["checked_steps"], 2);
  auto cron = gofer({"run", "--json", "--print-cron", "15 2 * * *", job}, "run", 0);
  EXPECT_EQ(of_type(cron, "schedule").size(), 1u);
  gofer({"run", "--json", "--print-systemd", job}, "run", 0);
  std::string failing = dir_.write("data/failing.toml", R"([[step]]
name = "sniff"
csv.sniff = { files = ["missing.csv"] }
)")
                            .string();
  auto failed = gofer({"run", "--json", failing}, "run", 1);
  auto errors = of_type(failed, "error");
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0]["step"], "sniff");
  gofer({"run", "--json", "no-such-job.toml"}, "run", 1);
}

TEST_F(JsonSchemaTest, CompletionsAndAHeldLock) {
  auto script = gofer({"completions", "bash", "--json"}, "completions", 0);
  ASSERT_EQ(of_type(script, "completions").size(), 1u);
  dir_.write("data/good.csv", "a,b\n1,2\n");
  std::string lock = (data() / "held.lock").string();
  int fd = ::open(lock.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  ASSERT_GE(fd, 0);
  ASSERT_EQ(::flock(fd, LOCK_EX), 0);
  auto locked = gofer({"--lock", lock, "csv", "sniff", "--json", "good.csv"}, "csv sniff", 75);
  ::close(fd);
  ASSERT_EQ(of_type(locked, "error").size(), 1u);
  EXPECT_EQ(of_type(locked, "error")[0]["category"], "busy");
}

}  // namespace
}  // namespace gofer::testing
