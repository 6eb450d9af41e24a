// The scheduling and scale-out recipes of packaging/examples/, run the way their engines run
// them: N processes with the engine's variables (or arguments), on a loopback server and temp
// files. The union of their outputs must be the whole job, each piece done exactly once.
#include <cstdlib>
#include <fstream>
#include <future>
#include <regex>
#include <set>
#include <sstream>

#include "run_fixture.hpp"

namespace gofer::testing {
namespace {

// The path gofer prints for itself (/proc/self/exe): the binary under test, or, when that is
// an emulator's wrapper (check-release's qemu run), the real binary named in GOFER_TEST_REAL_BIN.
std::string printed_binary() {
  const char* real = std::getenv("GOFER_TEST_REAL_BIN");
  return real != nullptr && real[0] != '\0' ? std::string(real) : gofer_binary().string();
}

constexpr int kUrls = 24;
constexpr int kCsvFiles = 12;

std::string read_text(const std::filesystem::path& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

std::filesystem::path examples() {
  return std::filesystem::path(GOFER_SOURCE_DIR) / "packaging" / "examples";
}

std::vector<std::string> split_words(const std::string& line) {
  std::istringstream in(line);
  std::vector<std::string> words;
  for (std::string word; in >> word;) words.push_back(word);
  return words;
}

// The first line of `text` starting with `prefix` (after leading blanks).
std::string line_starting(const std::string& text, const std::string& prefix) {
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    size_t start = line.find_first_not_of(' ');
    if (start != std::string::npos && line.compare(start, prefix.size(), prefix) == 0) {
      return line.substr(start);
    }
  }
  ADD_FAILURE() << "no line starting with '" << prefix << "'";
  return "";
}

class RecipeTest : public RunCliTest {
 protected:
  void SetUp() override {
    RunCliTest::SetUp();
    std::string urls;
    for (int i = 0; i < kUrls; ++i) urls += server_.url(url_path(i)) + "\n";
    dir_.write("job/urls.txt", urls);
    for (int i = 0; i < kCsvFiles; ++i) {
      dir_.write("job/in/t" + std::to_string(i) + ".csv", "id,name\n" + std::to_string(i) + ",x\n");
    }
  }
  static std::string url_path(int i) {
    return "/file/" + std::to_string(10 + i) + "/f" + std::to_string(i) + ".bin";
  }
  std::filesystem::path job_dir() const { return dir_.path() / "job"; }

  // Runs one process per entry at once, in job/, each with its own environment additions.
  std::vector<RunResult> run_all(const std::vector<std::vector<std::string>>& args,
                                 const std::vector<std::map<std::string, std::string>>& envs) {
    std::vector<std::future<RunResult>> running;
    for (size_t k = 0; k < args.size(); ++k) {
      std::map<std::string, std::string> env = envs[k];
      env.insert({{"XDG_STATE_HOME", (dir_.path() / ("state" + std::to_string(k))).string()}});
      running.push_back(std::async(std::launch::async, [this, a = args[k], env] {
        return run_gofer(a, {.cwd = job_dir(),
                             .env = env,
                             .unset_env = {"JOB_COMPLETION_INDEX", "SLURM_ARRAY_TASK_ID",
                                           "SLURM_ARRAY_TASK_COUNT", "SLURM_ARRAY_TASK_MIN",
                                           "AWS_BATCH_JOB_ARRAY_INDEX", "GOFER_SHARDS",
                                           "http_proxy", "HTTP_PROXY", "ALL_PROXY", "all_proxy"}});
      }));
    }
    std::vector<RunResult> results;
    for (auto& r : running) results.push_back(r.get());
    for (const RunResult& r : results) EXPECT_EQ(r.exit_code, 0) << r.err;
    return results;
  }

  // Every URL fetched exactly once over all processes, and every file in `dir` with its body.
  void expect_every_url_fetched_once(const std::string& dir) {
    auto tree = job_tree(dir + "/");
    for (int i = 0; i < kUrls; ++i) {
      EXPECT_EQ(server_.hits(url_path(i)), 1) << url_path(i);
      EXPECT_EQ(tree["f" + std::to_string(i) + ".bin"],
                HttpTestServer::body(10 + static_cast<size_t>(i)));
    }
    EXPECT_EQ(tree.size(), static_cast<size_t>(kUrls)) << "extra or missing files";
  }

  // Every CSV input normalized by exactly one process (each reports its inputs on stderr).
  void expect_every_csv_cleaned_once(const std::vector<RunResult>& results) {
    std::multiset<std::string> reported;
    std::regex input_line(R"((in/t\d+\.csv): UTF-8)");
    for (const RunResult& r : results) {
      for (std::sregex_iterator it(r.err.begin(), r.err.end(), input_line), end; it != end; ++it) {
        reported.insert((*it)[1]);
      }
    }
    EXPECT_EQ(reported.size(), static_cast<size_t>(kCsvFiles));
    auto tree = job_tree("out/clean/");
    for (int i = 0; i < kCsvFiles; ++i) {
      std::string name = "in/t" + std::to_string(i) + ".csv";
      EXPECT_EQ(reported.count(name), 1u) << name;
      EXPECT_TRUE(tree.contains("t" + std::to_string(i) + ".csv")) << name;
    }
  }
};

TEST_F(RecipeTest, KubernetesIndexedJobPodsFetchTheWholeListOnce) {
  std::string manifest = read_text(examples() / "kubernetes-indexed-job.yaml");
  std::smatch m;
  ASSERT_TRUE(std::regex_search(manifest, m, std::regex(R"(completions: (\d+))")));
  int completions = std::stoi(m[1]);
  ASSERT_TRUE(std::regex_search(manifest, m, std::regex(R"(parallelism: (\d+))")));
  EXPECT_EQ(std::stoi(m[1]), completions);
  ASSERT_TRUE(
      std::regex_search(manifest, m, std::regex(R"(name: GOFER_SHARDS\s+value: \"(\d+)\")")));
  EXPECT_EQ(std::stoi(m[1]), completions) << "GOFER_SHARDS must equal completions";
  std::string args_line = line_starting(manifest, "args:");
  auto args =
      nlohmann::json::parse(args_line.substr(args_line.find('['))).get<std::vector<std::string>>();
  for (std::string& arg : args) {
    if (arg.starts_with("/data/")) arg = (job_dir() / arg.substr(6)).string();  // the volume
  }
  std::vector<std::vector<std::string>> all_args(static_cast<size_t>(completions), args);
  std::vector<std::map<std::string, std::string>> envs;
  for (int k = 0; k < completions; ++k) {
    envs.push_back({{"JOB_COMPLETION_INDEX", std::to_string(k)}, {"GOFER_SHARDS", m[1]}});
  }
  run_all(all_args, envs);
  expect_every_url_fetched_once("out");
}

TEST_F(RecipeTest, SlurmArrayTasksRunTheShardedJobEachOnItsShare) {
  std::string script = read_text(examples() / "slurm-array.sh");
  std::smatch m;
  ASSERT_TRUE(std::regex_search(script, m, std::regex(R"(#SBATCH --array=(\d+)-(\d+))")));
  int first = std::stoi(m[1]), last = std::stoi(m[2]);
  auto command = split_words(line_starting(script, "gofer "));
  ASSERT_EQ(command.back(), "sharded.toml");
  std::filesystem::copy_file(examples() / "sharded.toml", job_dir() / "sharded.toml");
  std::vector<std::vector<std::string>> all_args;
  std::vector<std::map<std::string, std::string>> envs;
  for (int id = first; id <= last; ++id) {
    all_args.emplace_back(command.begin() + 1, command.end());
    envs.push_back({{"SLURM_ARRAY_TASK_ID", std::to_string(id)},
                    {"SLURM_ARRAY_TASK_MIN", std::to_string(first)},
                    {"SLURM_ARRAY_TASK_MAX", std::to_string(last)},
                    {"SLURM_ARRAY_TASK_COUNT", std::to_string(last - first + 1)},
                    {"SLURM_SUBMIT_DIR", job_dir().string()}});
  }
  auto results = run_all(all_args, envs);
  expect_every_url_fetched_once("out/raw");
  expect_every_csv_cleaned_once(results);
}

TEST_F(RecipeTest, GnuParallelProcessesFetchTheWholeListOnce) {
  std::string script = read_text(examples() / "gnu-parallel.sh");
  auto words = split_words(line_starting(script, "parallel "));
  auto gofer_word = std::find(words.begin(), words.end(), "gofer");
  auto separator = std::find(words.begin(), words.end(), ":::");
  ASSERT_TRUE(gofer_word != words.end() && separator != words.end());
  std::vector<std::vector<std::string>> all_args;
  for (auto value = separator + 1; value != words.end(); ++value) {
    std::vector<std::string> args(gofer_word + 1, separator);
    for (std::string& arg : args) {
      if (size_t at = arg.find("{}"); at != std::string::npos) arg.replace(at, 2, *value);
    }
    all_args.push_back(args);
  }
  run_all(all_args, std::vector<std::map<std::string, std::string>>(all_args.size()));
  expect_every_url_fetched_once("out");
}

TEST_F(RecipeTest, ExampleJobFilesAreValid) {
  for (const char* name : {"nightly.toml", "sharded.toml"}) {
    auto result = gofer({"run", "--check", (examples() / name).string()});
    EXPECT_EQ(result.exit_code, 0) << name << ": " << result.err;
  }
}

// systemd-analyze verify reads the units as systemd would (when it is installed).
void verify_units(const std::filesystem::path& service, const std::filesystem::path& timer) {
  auto verified = run_program({"systemd-analyze", "verify", service.string(), timer.string()});
  if (verified.exit_code == 127) {
    GTEST_SKIP() << "systemd-analyze is not installed: the units were only parsed";
  }
  EXPECT_EQ(verified.exit_code, 0) << verified.out << verified.err;
  EXPECT_EQ(verified.err, "");
}

void expect_timer_settings(const std::string& timer) {
  EXPECT_TRUE(std::regex_search(timer, std::regex("\nOnCalendar=[^\n]+\n"))) << timer;
  EXPECT_TRUE(timer.find("\nPersistent=true\n") != std::string::npos) << timer;
  EXPECT_TRUE(std::regex_search(timer, std::regex("\nRandomizedDelaySec=\\S+\n"))) << timer;
  EXPECT_TRUE(timer.find("\nWantedBy=timers.target\n") != std::string::npos) << timer;
}

TEST_F(RecipeTest, ExampleSystemdUnitsVerify) {
  std::string service = read_text(examples() / "gofer-nightly-prices.service");
  std::string timer = read_text(examples() / "gofer-nightly-prices.timer");
  expect_timer_settings(timer);
  // This machine's paths for the binary and the job.
  service = std::regex_replace(service, std::regex("/usr/bin/gofer"), gofer_binary().string());
  service = std::regex_replace(service, std::regex("/srv/jobs/nightly.toml"),
                               (examples() / "nightly.toml").string());
  auto service_path = dir_.write("units/gofer-nightly-prices.service", service);
  auto timer_path = dir_.write("units/gofer-nightly-prices.timer", timer);
  verify_units(service_path, timer_path);
}

TEST_F(RecipeTest, ExampleCrontabLineParses) {
  std::string crontab = read_text(examples() / "crontab");
  std::string line = line_starting(crontab, "15 ");
  auto words = split_words(line);
  ASSERT_GE(words.size(), 8u);
  std::regex field(R"([0-9*,/-]+)");
  for (size_t i = 0; i < 5; ++i) EXPECT_TRUE(std::regex_match(words[i], field)) << words[i];
  EXPECT_EQ(words[5], "/usr/bin/gofer");
  EXPECT_EQ(words[6], "run");
}

TEST_F(RecipeTest, PrintSystemdUnitsVerifyAndCarryTheLock) {
  std::string path =
      job("[[step]]\nfetch = { urls = [\"https://example.org/a\"], dir = \"o\" }\n", "my job.toml");
  auto printed = gofer({"run", "--print-systemd", "--on-calendar", "*-*-* 03:30:00", path});
  ASSERT_EQ(printed.exit_code, 0) << printed.err;
  size_t timer_at = printed.out.find("# gofer-my_job.timer\n");
  ASSERT_NE(timer_at, std::string::npos) << printed.out;
  std::string service = printed.out.substr(0, timer_at);
  std::string timer = printed.out.substr(timer_at);
  EXPECT_TRUE(service.starts_with("# gofer-my_job.service\n")) << service;
  EXPECT_TRUE(
      service.find("\"--lock\" \"" + (dir_.path() / "state/gofer/locks/my_job.lock").string()) !=
      std::string::npos)
      << service;
  EXPECT_TRUE(service.find(" \"" + path + "\"\n") != std::string::npos) << service;
  EXPECT_TRUE(timer.find("\nOnCalendar=*-*-* 03:30:00\n") != std::string::npos) << timer;
  expect_timer_settings(timer);
  auto service_path = dir_.write("units/gofer-my_job.service", service);
  auto timer_path = dir_.write("units/gofer-my_job.timer", timer);
  verify_units(service_path, timer_path);
}

TEST_F(RecipeTest, PrintCronGivesALineWithLockAndLogFile) {
  std::string path = job("[[step]]\nfetch = { urls = [\"https://example.org/a\"], dir = \"o\" }\n");
  auto printed = gofer({"run", "--print-cron", "15 2 * * *", path});
  ASSERT_EQ(printed.exit_code, 0) << printed.err;
  std::string state = (dir_.path() / "state/gofer").string();
  EXPECT_EQ(printed.out, "# once, before the first run: mkdir -p '" + state + "/locks' '" + state +
                             "/logs'\n15 2 * * * '" + printed_binary() +
                             "' 'run' '--lock' '" + state + "/locks/job.lock' '--log-file' '" +
                             state + "/logs/job.log' '" + path + "'\n");
  // A job with its own lock and log gets neither option.
  std::string own =
      job("[job]\nlock = true\nlog = \"j.log\"\n[[step]]\nfetch = { urls = [\"https://e/a\"] }\n",
          "own.toml");
  auto plain = gofer({"run", "--print-cron", "@daily", own});
  EXPECT_EQ(plain.out, "@daily '" + printed_binary() + "' 'run' '" + own + "'\n");
}

}  // namespace
}  // namespace gofer::testing
