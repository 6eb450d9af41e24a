// Blackbox tests of bad job files: each kind of error names FILE:LINE:COLUMN, exits 2, and
// nothing runs (no file written, no request made).
#include "run_fixture.hpp"

namespace gofer::testing {
namespace {

class RunErrorsTest : public RunCliTest {
 protected:
  // Runs the job (and --check) and expects exit 2 with `message` on stderr and nothing done.
  void expect_refused(const std::string& text, const std::string& message) {
    std::string path = job(text);
    auto before = dir_.snapshot();
    for (bool check : {false, true}) {
      auto result = check ? gofer({"run", "--check", path}) : gofer({"run", path});
      EXPECT_EQ(result.exit_code, 2) << text << "\n" << result.err;
      EXPECT_TRUE(contains(result.err, "gofer: run: " + path + message))
          << "expected: " << message << "\ngot: " << result.err;
      EXPECT_EQ(result.out, "");
    }
    EXPECT_EQ(dir_.snapshot(), before) << text;
    EXPECT_EQ(server_.hits("/file/10/x"), 0) << text;
  }
  // A first step that would write and fetch if anything ran before the error was found.
  std::string first_step() const {
    return "[[step]]\nfetch = { urls = [\"" + server_.url("/file/10/x") + "\"], dir = \"o\" }\n";
  }
};

TEST_F(RunErrorsTest, EachKindOfJobFileErrorGivesFileLineColumnAndExit2) {
  expect_refused(first_step() + "[[step]]\nfetch = { input = \"u\", bogus = 1 }\n",
                 ":4:24: unknown option 'bogus' for fetch");
  expect_refused(first_step() + "[[step]]\nfetch = { input = \"u\", jobs = \"many\" }\n",
                 ":4:24: fetch: Could not convert: --jobs = many");
  expect_refused(first_step() + "[[step]]\nrename = { paths = [\".\"], apply = \"yes\" }\n",
                 ":4:27: 'apply' is a flag: true or false");
  expect_refused(first_step() + "[[step]]\nfetch = { dir = [\"a\", \"b\"] }\n",
                 ":4:11: 'dir' takes one value, not an array");
  expect_refused(first_step() + "[[step]]\nfetch = {}\nrename = {}\n",
                 ":5:1: a step names two commands: 'fetch' and 'rename'");
  expect_refused(first_step() + "[[step]]\ncsv = { normalize = {}, check = {} }\n",
                 ":4:25: a step names two commands: 'csv.normalize' and 'csv.check'");
  expect_refused(first_step() + "[job]\nlock = 3\n",
                 ":4:8: 'lock' must be a string, not an integer");
  expect_refused(first_step() + "[job]\non_failure = \"maybe\"\n", ":4:14: on_failure must be");
  expect_refused(first_step() + "[job]\nvars = { d = \"{env:GOFER_TEST_UNSET_VAR}\" }\n",
                 ":4:10: var 'd': environment variable GOFER_TEST_UNSET_VAR is not set");
}

TEST_F(RunErrorsTest, BadInputsGiveClearErrorsAndRunNothing) {
  expect_refused("", ":1:1: no steps: add at least one [[step]] table");
  expect_refused("this is not TOML at all\n", ":1:6: not valid TOML");
  expect_refused("\xff\xfe[[step]]\n", ":1:1: not valid TOML");
  expect_refused(first_step() + "[[step]]\nfrobnicate = { x = 1 }\n",
                 ":4:1: unknown command 'frobnicate' (one of: fetch, csv, rename)");
  expect_refused(first_step() + "[[step]]\nfetch = { dir = \"{job\" }\n",
                 ":4:11: step 'fetch #2': 'dir': placeholder '{job' never closes");
  std::string big = first_step() + "[[step]]\nfetch = { urls = [";
  while (big.size() < 10 * 1024 * 1024) big += "\"https://example.org/a\", ";
  expect_refused(big + "] }\n", ":1:1: the job file is 10485");
}

// Issue 25 item 5: what a step would refuse at run time, --check refuses, naming the step,
// and the run refuses it before the first step (the download) runs.
TEST_F(RunErrorsTest, CheckRefusesWhatAStepWouldRefuseAtRunTime) {
  expect_refused(first_step() +
                     "[[step]]\nname = \"ren\"\n"
                     "rename = { paths = [\".\"], find = \"(\", replace = \"x\" }\n",
                 ":5:1: step 'ren': rename: invalid pattern '(': missing ): (");
  expect_refused(first_step() +
                     "[[step]]\nname = \"ren\"\n"
                     "rename = { paths = [\".\"], template = \"{n:x}\" }\n",
                 ":5:1: step 'ren': rename: ");
  expect_refused(first_step() + "[[step]]\nname = \"ren\"\nrename = { paths = [\".\"] }\n",
                 ":5:1: step 'ren': rename: no rule given");
  expect_refused(
      first_step() + "[[step]]\nname = \"put\"\nfetch = { input = \"u\", dir = \"{ouy}\" }\n",
      ":5:24: step 'put': 'dir': unknown placeholder '{ouy}'");
  expect_refused(first_step() +
                     "[[step]]\nname = \"norm\"\ncsv.normalize = { inputs = "
                     "[\"o/*.csv\"], out_dir = \"c\", rejects = \"r.csv\" }\n",
                 ":5:1: step 'norm': csv normalize: --rejects takes one input");
  expect_refused(first_step() +
                     "[[step]]\nname = \"norm\"\ncsv.normalize = { inputs = "
                     "[\"o/*.csv\"], output = \"all.csv\" }\n",
                 ":5:1: step 'norm': csv normalize: -o takes one input");
  expect_refused(first_step() +
                     "[[step]]\nname = \"norm\"\ncsv.normalize = { inputs = "
                     "[\"a.csv\"], backup = \"~\" }\n",
                 ":5:1: step 'norm': csv normalize: --backup needs --in-place");
  const std::string url = "\"" + server_.url("/file/10/x") + "\"";
  expect_refused(first_step() + "[[step]]\nname = \"get\"\nfetch = { urls = [" + url +
                     "], sha256 = \"abc\" }\n",
                 ":5:1: step 'get': fetch: --sha256: expected 64 hex digits");
  expect_refused(first_step() + "[[step]]\nname = \"get\"\nfetch = { urls = [" + url + ", " +
                     url + "], output = \"one\" }\n",
                 ":5:1: step 'get': fetch: -o needs exactly one URL (and no -i)");
  expect_refused(first_step() + "[[step]]\nname = \"get\"\nfetch = { urls = [" + url +
                     "], shard = \"3/2\" }\n",
                 ":5:1: step 'get': fetch: --shard: expected K/N with 1 <= K <= N");
  expect_refused(first_step() + "[[step]]\nname = \"get\"\nfetch = { urls = [" + url +
                     "], durable = \"btach\" }\n",
                 ":5:1: step 'get': fetch: --durable: expected file, batch or none, got 'btach'; "
                 "did you mean '--durable=batch'?");
}

TEST_F(RunErrorsTest, RenameTemplateFieldsAreNoJobPlaceholders) {
  std::string path =
      job("[[step]]\nrename = { paths = [\".\"], template = \"{stem}-{n:03}.{ext}\" }\n");
  auto before = dir_.snapshot();
  auto result = gofer({"run", "--check", path});
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(dir_.snapshot(), before);
}

TEST_F(RunErrorsTest, AMissingJobFileIsAnError) {
  auto result = gofer({"run", (dir_.path() / "job/none.toml").string()});
  EXPECT_EQ(result.exit_code, 1) << result.err;
  EXPECT_TRUE(contains(result.err, "cannot read the job file")) << result.err;
  EXPECT_EQ(gofer({"run"}).exit_code, 2);
}

TEST_F(RunErrorsTest, CheckSaysTheJobIsValid) {
  auto result = gofer({"run", "--check", job(first_step())});
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_TRUE(contains(result.err, "job 'job' is valid: 1 step")) << result.err;
  EXPECT_EQ(server_.hits("/file/10/x"), 0);
}

}  // namespace
}  // namespace gofer::testing
