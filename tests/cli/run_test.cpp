// Blackbox tests of `gofer run JOB.toml`: a three-step job, dry run, failures, lock, crash
// recovery, job file errors, --json, log, ping and timeout.
#include <fcntl.h>
#include <unistd.h>

#include <csignal>
#include <fstream>
#include <future>
#include <set>

#include "run_fixture.hpp"

namespace gofer::testing {
namespace {

// fetch -> csv normalize -> rename, the issue's example job with the test server's URLs.
constexpr std::string_view kThreeSteps = R"([job]
name = "nightly"
lock = true
vars = { day = "{env:RUN_DAY:-unset}", out = "data" }

[[step]]
name = "download"
fetch = { input = "urls.txt", dir = "{out}/raw/{day}", refresh = true, jobs = 4, retries = 0 }

[[step]]
name = "clean"
csv.normalize = { inputs = ["{out}/raw/{day}/*.csv"], out-dir = "{out}/clean/{day}", clean = true }

[[step]]
name = "tidy names"
rename = { paths = ["{out}/clean/{day}"], glob = "*.csv", find = " ", replace = "_", case = "lower", apply = true }
)";

class RunJobTest : public RunCliTest {
 protected:
  std::string three_step_job() {
    dir_.write("job/urls.txt", server_.url("/file/64/Sales%20Report.csv") + "\n" +
                                   server_.url("/file/32/Other.csv") + "\n");
    return job(std::string(kThreeSteps));
  }
  int requests() const {
    return server_.hits("/file/64/Sales%20Report.csv") + server_.hits("/file/64/Sales Report.csv") +
           server_.hits("/file/32/Other.csv");
  }
};

TEST_F(RunJobTest, ThreeStepJobProducesTheExpectedTree) {
  auto result = gofer({"run", three_step_job()}, {{"RUN_DAY", "d1"}});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  auto tree = job_tree("data/");
  std::vector<std::string> names;
  for (auto& [name, content] : tree) names.push_back(name);
  EXPECT_EQ(names, (std::vector<std::string>{"clean", "clean/d1", "clean/d1/other.csv",
                                             "clean/d1/sales_report.csv", "raw", "raw/d1",
                                             "raw/d1/Other.csv", "raw/d1/Sales Report.csv"}));
  EXPECT_EQ(tree["raw/d1/Other.csv"], HttpTestServer::body(32));
  EXPECT_EQ(tree["clean/d1/other.csv"], HttpTestServer::body(32) + "\n");
  // A header line and the command line per step, then the summary table.
  EXPECT_TRUE(contains(result.err, "step 1/3 download: gofer fetch --input=urls.txt"))
      << result.err;
  EXPECT_TRUE(contains(result.err, "step 3/3 tidy names: gofer rename")) << result.err;
  EXPECT_TRUE(contains(result.err, "tidy names  ok              0         2")) << result.err;
  EXPECT_TRUE(contains(result.err, "job nightly: ok (exit 0)")) << result.err;
}

// A rename placed after a step that makes its files anew (csv normalize) would find the old
// names again on a rerun the same day; this job renames what it receives, then cleans it.
TEST_F(RunJobTest, RerunFindsNothingToDo) {
  dir_.write("job/urls.txt", server_.url("/file/64/Prices.csv") + "\n");
  dir_.write("job/incoming/Store List.CSV", "id,name\n1,a\n");
  std::string path = job(R"([[step]]
name = "download"
fetch = { input = "urls.txt", dir = "raw", refresh = true }
[[step]]
name = "tidy names"
rename = { paths = ["incoming"], find = " ", replace = "_", case = "lower", apply = true }
[[step]]
name = "clean"
csv.normalize = { inputs = ["raw/*.csv", "incoming/*.csv"], out-dir = "clean", clean = true }
)");
  auto first = gofer({"run", path});
  ASSERT_EQ(first.exit_code, 0) << first.err;
  auto second = gofer({"run", path});
  ASSERT_EQ(second.exit_code, 0) << second.err;
  EXPECT_TRUE(contains(second.err, "unchanged 1")) << second.err;
  EXPECT_TRUE(contains(second.err, "renamed 0, failed 0, skipped 0, unchanged 1")) << second.err;
  auto tree = job_tree();
  EXPECT_TRUE(tree.contains("clean/store_list.csv"));
  EXPECT_TRUE(tree.contains("clean/Prices.csv"));
}

TEST_F(RunJobTest, DryRunWritesNothingAndMakesNoRequest) {
  std::string path = three_step_job();
  auto before = dir_.snapshot();
  auto result = gofer({"run", "--dry-run", path}, {{"RUN_DAY", "d1"}});
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(dir_.snapshot(), before);
  EXPECT_EQ(requests(), 0);
  // fetch's targets on stdout, with every placeholder resolved.
  EXPECT_TRUE(contains(result.out, "Sales%20Report.csv -> data/raw/d1/Sales Report.csv"))
      << result.out;
  EXPECT_TRUE(contains(result.err, "2 URLs would be fetched into data/raw/d1")) << result.err;
  // The later steps' inputs are what the download makes: they cannot be previewed yet.
  EXPECT_TRUE(contains(result.err, "clean: 'data/raw/d1/*.csv' matches nothing yet")) << result.err;
  EXPECT_TRUE(contains(result.err, "no input exists yet: nothing to preview")) << result.err;
  EXPECT_TRUE(contains(result.err, "download    previewed")) << result.err;
}

TEST_F(RunJobTest, DryRunShowsRenamesPreviewAndCsvOutputs) {
  dir_.write("job/in/Sales Report.csv", "a,b\n1,2\n");
  std::string path = job(R"([[step]]
csv.normalize = { inputs = ["in/*.csv"], out-dir = "out" }
[[step]]
rename = { paths = ["in"], find = " ", replace = "_", apply = true }
)");
  auto before = dir_.snapshot();
  auto result = gofer({"run", "-n", path});
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(dir_.snapshot(), before);
  EXPECT_TRUE(contains(result.out, "in/Sales Report.csv -> out/Sales Report.csv")) << result.out;
  EXPECT_TRUE(contains(result.out, "Sales_Report.csv")) << result.out;  // rename's preview table
}

TEST_F(RunJobTest, FailingStepStopsTheJobWithItsCode) {
  dir_.write("job/bad.csv", "a,b\n1,2,3\n\"open\n");
  dir_.write("job/files/A B.txt", "");
  std::string text = R"([job]
on_failure = "ON"
[[step]]
name = "check"
csv.check = { files = ["bad.csv"] }
[[step]]
name = "tidy"
rename = { paths = ["files"], find = " ", replace = "_", apply = true }
)";
  std::string stop = text;
  stop.replace(stop.find("ON"), 2, "stop");
  auto stopped = gofer({"run", job(stop)});
  EXPECT_EQ(stopped.exit_code, 3) << stopped.err;  // csv check's own code: problems found
  EXPECT_TRUE(job_tree().contains("files/A B.txt"));
  EXPECT_TRUE(contains(stopped.err, "tidy   skipped")) << stopped.err;

  std::string go_on = text;
  go_on.replace(go_on.find("ON"), 2, "continue");
  auto continued = gofer({"run", job(go_on)});
  EXPECT_EQ(continued.exit_code, 1) << continued.err;
  EXPECT_TRUE(job_tree().contains("files/A_B.txt"));
  EXPECT_TRUE(contains(continued.err, "check  refused         3")) << continued.err;
}

TEST_F(RunJobTest, AGlobMatchingNothingFailsTheStep) {
  auto result = gofer({"run", job("[[step]]\ncsv.normalize = { inputs = [\"none/*.csv\"], "
                                  "out-dir = \"o\" }\n")});
  EXPECT_EQ(result.exit_code, 1) << result.err;
  EXPECT_TRUE(contains(result.err, "inputs: 'none/*.csv' matched nothing")) << result.err;
}

TEST_F(RunJobTest, ASecondRunOfTheSameJobExits75WhileTheFirstHoldsTheLock) {
  // 40 KiB at 1 KiB per 150 ms: the first run holds the lock for about 6 s.
  dir_.write("job/urls.txt", server_.url("/drip/40960/150") + "\n");
  std::string path =
      job("[job]\nlock = true\n[[step]]\nfetch = { input = \"urls.txt\", dir = \"o\" }\n");
  auto first = std::async(std::launch::async, [&] { return gofer({"run", path}); });
  ASSERT_TRUE(eventually([&] { return server_.hits("/drip/40960/150") > 0; }));
  auto second = gofer({"run", path});
  EXPECT_EQ(second.exit_code, 75) << second.err;
  EXPECT_TRUE(contains(second.err, "is held by another run")) << second.err;
  EXPECT_EQ(first.get().exit_code, 0);
  EXPECT_EQ(server_.hits("/drip/40960/150"), 1);  // the second run fetched nothing
}

TEST_F(RunJobTest, KillDuringAStepThenRerunCompletes) {
  dir_.write("job/urls.txt",
             server_.url("/file/100/a.bin") + "\n" + server_.url("/file/50/b.bin") + "\n");
  for (int i = 0; i < 20; ++i) dir_.write("job/photos/IMG " + std::to_string(i) + ".JPG", "x");
  std::string path = job(R"([[step]]
fetch = { input = "urls.txt", dir = "raw", refresh = true }
[[step]]
rename = { paths = ["photos"], find = " ", replace = "_", case = "lower", apply = true }
)");
  auto killed = gofer({"run", path}, {{"GOFER_TEST_KILL_AFTER_RENAMES", "5"}});
  ASSERT_EQ(killed.exit_code, 128 + SIGKILL) << killed.err;
  auto rerun = gofer({"run", path});
  ASSERT_EQ(rerun.exit_code, 0) << rerun.err;
  EXPECT_TRUE(contains(rerun.err, "completed interrupted run")) << rerun.err;
  EXPECT_TRUE(contains(rerun.err, "unchanged 2")) << rerun.err;
  auto tree = job_tree();
  for (int i = 0; i < 20; ++i)
    EXPECT_TRUE(tree.contains("photos/img_" + std::to_string(i) + ".jpg")) << i;
  EXPECT_EQ(tree["raw/a.bin"], HttpTestServer::body(100));
  for (auto& [name, content] : tree) EXPECT_FALSE(name.ends_with(".part")) << name;
}

TEST_F(RunJobTest, JsonLinesAreTaggedWithTheirStep) {
  auto result = gofer({"run", "--json", three_step_job()}, {{"RUN_DAY", "d1"}});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  auto lines = json_lines(result.out);
  ASSERT_GT(lines.size(), 6u);
  std::set<std::string> steps;
  for (size_t i = 0; i + 1 < lines.size(); ++i) {
    ASSERT_TRUE(lines[i].contains("step")) << lines[i].dump();
    steps.insert(lines[i]["step"].get<std::string>());
  }
  EXPECT_EQ(steps, (std::set<std::string>{"download", "clean", "tidy names"}));
  const auto& last = lines.back();
  EXPECT_EQ(last["type"], "summary");
  EXPECT_EQ(last["command"], "run");
  EXPECT_FALSE(last.contains("step")) << last.dump();
  EXPECT_EQ(last["exit_code"], 0);
  ASSERT_EQ(last["steps"].size(), 3u);
  EXPECT_EQ(last["steps"][0]["items"], 2);
}

TEST_F(RunJobTest, LogFileGetsTimestampedLinesWithPidAndStep) {
  std::string path = job(R"([job]
log = "logs/{job}.log"
[[step]]
name = "fetch it"
fetch = { urls = ["URL"], dir = "o" }
)");
  std::string text = dir_.read("job/job.toml");
  text.replace(text.find("URL"), 3, server_.url("/file/10/x"));
  dir_.write("job/job.toml", text);
  std::filesystem::create_directories(dir_.path() / "job/logs");
  ASSERT_EQ(gofer({"run", path}).exit_code, 0);
  std::string log = dir_.read("job/logs/job.log");
  EXPECT_TRUE(contains(log, "[info] [pid ")) << log;
  EXPECT_TRUE(contains(log, "] [fetch it] step 1/1 fetch it: gofer fetch")) << log;
  EXPECT_TRUE(contains(log, "job job: ok (exit 0)")) << log;
  ASSERT_EQ(gofer({"run", path}).exit_code, 0);  // appended, not replaced
  std::string twice = dir_.read("job/logs/job.log");
  EXPECT_EQ(twice.substr(0, log.size()), log);
  EXPECT_GT(twice.size(), log.size());
}

TEST_F(RunJobTest, PingsStartAndSuccessOrFailure) {
  std::string ok =
      job("[job]\nping = \"" + server_.url("/any/hc") + "\"\n[[step]]\nfetch = { urls = [\"" +
          server_.url("/file/5/x") + "\"], dir = \"o\" }\n");
  ASSERT_EQ(gofer({"run", ok}).exit_code, 0);
  EXPECT_EQ(server_.hits("/any/hc/start"), 1);
  EXPECT_EQ(server_.hits("/any/hc"), 1);
  EXPECT_EQ(server_.hits("/any/hc/fail"), 0);
  std::string failing =
      job("[job]\nping = \"" + server_.url("/any/hc") + "\"\n[[step]]\nfetch = { urls = [\"" +
              server_.url("/status/404") + "\"], dir = \"o\", retries = 0 }\n",
          "failing.toml");
  EXPECT_EQ(gofer({"run", failing}).exit_code, 1);
  EXPECT_EQ(server_.hits("/any/hc/fail"), 1);
}

TEST_F(RunJobTest, AFailedPingIsLoggedAndChangesNothing) {
  // Port 1 on loopback: connection refused at once.
  std::string path = job("[job]\nping = \"http://127.0.0.1:1/hc\"\n[[step]]\nfetch = { urls = [\"" +
                         server_.url("/file/5/x") + "\"], dir = \"o\" }\n");
  auto result = gofer({"run", path});
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_TRUE(contains(result.err, "ping start: http://127.0.0.1:1/hc/start")) << result.err;
  EXPECT_TRUE(contains(result.err, "the job's result is unchanged")) << result.err;
}

TEST_F(RunJobTest, TimeoutStopsTheJobCleanlyWithExit124) {
  // 100 KiB at 1 KiB per 100 ms: about 10 s, far past the 1 s timeout.
  std::string path = job("[job]\ntimeout = \"1s\"\n[[step]]\nfetch = { urls = [\"" +
                         server_.url("/drip/102400/100") +
                         "\"], dir = \"o\" }\n[[step]]\n"
                         "rename = { paths = [\"o\"], case = \"upper\", apply = true }\n");
  auto started = std::chrono::steady_clock::now();
  auto result = gofer({"run", path});
  double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  EXPECT_EQ(result.exit_code, 124) << result.err;
  EXPECT_LT(seconds, 9.0);
  EXPECT_TRUE(contains(result.err, "timeout")) << result.err;
  EXPECT_TRUE(contains(result.err, "skipped")) << result.err;
  EXPECT_FALSE(job_tree().contains("o/102400"));  // no half file under the final name
}

TEST_F(RunJobTest, InterruptStopsTheStepInFlightAndSkipsTheRestWith130) {
  std::string path = job("[[step]]\nfetch = { urls = [\"" + server_.url("/drip/102400/100") +
                         "\"], dir = \"o\" }\n[[step]]\nrename = { paths = [\"o\"], case = "
                         "\"upper\", apply = true }\n");
  auto result = run_program({"timeout", "--foreground", "--preserve-status", "-s", "INT", "1.5",
                             gofer_binary().string(), "run", path},
                            {.env = {{"XDG_STATE_HOME", (dir_.path() / "state").string()}}});
  EXPECT_EQ(result.exit_code, 130) << result.err;
  EXPECT_TRUE(contains(result.err, "interrupted")) << result.err;
  EXPECT_TRUE(contains(result.err, "skipped")) << result.err;
  EXPECT_FALSE(job_tree().contains("o/102400"));
}

TEST_F(RunJobTest, ALogThatCannotBeOpenedIsAUsageErrorBeforeAnyStep) {
  std::string path = job("[job]\nlog = \"no/such/dir/{job}.log\"\n[[step]]\nfetch = { urls = [\"" +
                         server_.url("/file/10/x") + "\"], dir = \"o\" }\n");
  auto result = gofer({"run", path});
  EXPECT_EQ(result.exit_code, 2) << result.err;
  EXPECT_TRUE(contains(result.err, "cannot open log file")) << result.err;
  EXPECT_EQ(server_.hits("/file/10/x"), 0);
}

TEST_F(RunJobTest, ALockFileNamedInTheJobIsRelativeToIt) {
  std::filesystem::create_directories(dir_.path() / "job/run");
  std::string path = job("[job]\nlock = \"run/{job}.lock\"\n[[step]]\nfetch = { urls = [\"" +
                         server_.url("/file/10/x") + "\"], dir = \"o\" }\n");
  auto result = gofer({"run", path});
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_TRUE(job_tree().contains("run/job.lock"));
  std::string missing = job("[job]\nlock = \"nowhere/x.lock\"\n[[step]]\nfetch = { urls = [\"" +
                                server_.url("/file/10/x") + "\"] }\n",
                            "m.toml");
  auto failed = gofer({"run", missing});
  EXPECT_EQ(failed.exit_code, 1) << failed.err;
  EXPECT_TRUE(contains(failed.err, "cannot open lock file")) << failed.err;
}

TEST_F(RunJobTest, DryRunOfUndoInPlaceAndBadUrlLines) {
  dir_.write("job/a.csv", "x\n1\n");
  dir_.write("job/urls.txt", "ftp://example.org/a\n" + server_.url("/file/10/x") + "\n");
  std::string path = job(R"([[step]]
csv.normalize = { inputs = ["a.csv"], in-place = true }
[[step]]
rename = { undo = true }
[[step]]
fetch = { input = "urls.txt", dir = "o" }
)");
  auto before = dir_.snapshot();
  auto result = gofer({"run", "--dry-run", path});
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(dir_.snapshot(), before);
  EXPECT_TRUE(contains(result.out, "a.csv -> a.csv (in place)")) << result.out;
  EXPECT_TRUE(contains(result.err, "would revert applied run (the last one)")) << result.err;
  EXPECT_TRUE(contains(result.err, "1 URL would be fetched into o (1 bad input line)"))
      << result.err;
  EXPECT_TRUE(contains(result.err, "fetch          no preview      1")) << result.err;
  EXPECT_EQ(server_.hits("/file/10/x"), 0);
}

}  // namespace
}  // namespace gofer::testing
