// strace-based fault injection for blackbox tests (see fault_injection.hpp).
#include "fault_injection.hpp"

#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <map>
#include <stdexcept>

#include <fmt/format.h>

#include "temp_dir.hpp"

namespace gofer::testing {
namespace {

// strace's flags for every run: follow threads and children, quiet about attach/exit.
std::vector<std::string> strace_prefix(const std::string& output) {
  return {"strace", "-f", "-qq", "-y", "-s", "256", "-e", "signal=none", "-o", output};
}

RunOptions without_leak_check(RunOptions options) {
  options.env["ASAN_OPTIONS"] = "detect_leaks=0:abort_on_error=1";
  return options;
}

}  // namespace

bool strace_can_inject() {
  static const bool works =
      run_program({"strace", "-f", "-o", "/dev/null", "-e", "inject=getpid:error=EIO:when=1000",
                   "true"})
          .exit_code == 0;
  return works;
}

bool binary_is_emulated() {
  const char* emulator = std::getenv("GOFER_TEST_EMULATOR");
  return emulator != nullptr && emulator[0] != '\0';
}

std::vector<TracedCall> trace_calls(const std::string& syscall,
                                    const std::vector<std::string>& argv,
                                    const RunOptions& options) {
  TempDir dir;
  std::string log = (dir.path() / "strace.log").string();
  std::vector<std::string> command = strace_prefix(log);
  command.insert(command.end(), {"-e", "trace=" + syscall});
  command.insert(command.end(), argv.begin(), argv.end());
  (void)run_program(command, without_leak_check(options));
  std::ifstream in(log);
  std::vector<TracedCall> calls;
  std::map<int, size_t> per_thread;
  // "TID name(args) = result"; a call cut by another thread's line ends in <unfinished ...>,
  // its "<... name resumed>" line is not a new call.
  for (std::string line; std::getline(in, line);) {
    // The thread id is padded to five columns: "8941  write(...".
    size_t start = line.find_first_not_of(' ', line.find(' '));
    if (start == std::string::npos) continue;
    std::string rest = line.substr(start);
    if (!rest.starts_with(syscall + "(")) continue;
    int thread = std::atoi(line.c_str());
    calls.push_back({thread, ++per_thread[thread], rest});
  }
  return calls;
}

const char* to_string(Which which) {
  switch (which) {
    case Which::kFirst: return "first";
    case Which::kMiddle: return "middle";
    case Which::kLast: return "last";
  }
  return "?";
}

const TracedCall* pick_call(const std::vector<TracedCall>& calls, const std::string& fragment,
                            Which which) {
  std::vector<const TracedCall*> matching;
  for (const TracedCall& call : calls) {
    if (call.text.find(fragment) != std::string::npos) matching.push_back(&call);
  }
  if (matching.empty()) return nullptr;
  switch (which) {
    case Which::kFirst: return matching.front();
    case Which::kMiddle: return matching[matching.size() / 2];
    case Which::kLast: return matching.back();
  }
  return nullptr;
}

std::string first_file(const std::vector<TracedCall>& calls, const std::string& fragment) {
  const TracedCall* call = pick_call(calls, fragment, Which::kFirst);
  if (call == nullptr) return {};
  const std::string& text = call->text;
  size_t open = text.find('<');
  char close = '>';
  if (open == std::string::npos || text.find('"') < open) {
    open = text.find('"');
    close = '"';
  }
  size_t end = open == std::string::npos ? open : text.find(close, open + 1);
  if (end == std::string::npos) return {};
  return text.substr(open, end - open + 1);
}

std::string fault_name(const ::testing::TestParamInfo<Fault>& info) {
  return fmt::format("{}_{}_{}_{}", info.param.syscall, info.param.error,
                     to_string(info.param.which), info.index);
}

void PrintTo(const Fault& fault, std::ostream* out) {
  *out << fault.syscall << ' ' << fault.error << " on the " << to_string(fault.which)
       << " call with '" << fault.fragment << "'";
}

RunResult run_with_fault(const std::string& syscall, const std::string& error, size_t number,
                         const std::vector<std::string>& argv, RunOptions options) {
  std::vector<std::string> command{
      // Injection needs the call traced: `trace=none` would switch it off.
      "strace", "-f", "-qq", "-o", "/dev/null", "-e", "trace=" + syscall, "-e", "signal=none", "-e",
      "inject=" + syscall + ":error=" + error + ":when=" + std::to_string(number)};
  command.insert(command.end(), argv.begin(), argv.end());
  return run_program(command, without_leak_check(std::move(options)));
}

std::optional<RunResult> run_with_fault(const Fault& fault, const std::vector<std::string>& argv,
                                        const RunOptions& options,
                                        const std::function<void()>& reset, bool threaded) {
  std::vector<TracedCall> calls = trace_calls(fault.syscall, argv, options);
  reset();
  std::string fragment = threaded ? first_file(calls, fault.fragment) : fault.fragment;
  const TracedCall* call = fragment.empty() ? nullptr : pick_call(calls, fragment, fault.which);
  if (call == nullptr) return std::nullopt;
  return run_with_fault(fault.syscall, fault.error, call->number, argv, options);
}

std::string error_text(const std::string& error) {
  static const std::map<std::string, int> numbers{
      {"ENOSPC", ENOSPC}, {"EIO", EIO},       {"EXDEV", EXDEV},
      {"EACCES", EACCES}, {"EMFILE", EMFILE}, {"EDQUOT", EDQUOT}};
  auto it = numbers.find(error);
  if (it == numbers.end()) throw std::invalid_argument("unknown errno name " + error);
  return std::strerror(it->second);
}

}  // namespace gofer::testing
