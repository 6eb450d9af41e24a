// Runs a fuzz target without libFuzzer: every corpus file plus seeded random mutations of it.
//
//   gofer_fuzz_<target> [--mutations N | --total N] [--seed S] DIR_OR_FILE...
//
// --mutations: that many per corpus file; --total: that many in all, spread over the files,
// so that a corpus grown by libFuzzer merges does not multiply the replay's time.
//
// Deterministic for a given corpus, N and S, so a CI failure reproduces locally. When an
// input crashes, it is written to ./fuzz-crash-input before the process dies; pass that
// file back as the only argument (with --mutations 0) to replay just it.
#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <optional>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#if defined(__SANITIZE_ADDRESS__)
#include <sanitizer/common_interface_defs.h>
#endif

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);

namespace {

constexpr const char* kCrashFile = "fuzz-crash-input";
constexpr size_t kDefaultMutations = 1000;
constexpr uint64_t kDefaultSeed = 0x6f666572;  // "ofer"
// Mutated inputs are capped so that repeated insertions cannot grow them without bound.
constexpr size_t kMaxMutatedSize = 4096;
constexpr size_t kMaxStackedMutations = 4;

// Fragments of the grammars under test (templates, RE2, replacements) and awkward UTF-8,
// inserted whole so that mutations reach past the first syntax check.
// clang-format off
constexpr std::array<std::string_view, 40> kDictionary{
    "{", "}", "{{", "}}", "{n:0", "{n:03}", "{n}", "{hash:", "{hash}", "{hash:md5:8}",
    "{hash:sha1:", "{mtime:", "{mtime}", "%Y", "%", "{ext}", "{stem}", "{name}", "{parent}",
    "{size}", "$", "$$", "${", "$1", "${name}", "(?P<name>", "(", ")", "*", "\\", "\n", ".",
    "\xC3\x9F", "\xC4\xB0", "\xCE\xA3", "\xFF", "\xE2\x80\x99", "\xC7\x86", "\xEF\xB7\xBA",
    "e\xCC\x81"};
// clang-format on

// What the crash handlers write out; set before each run.
const uint8_t* g_current = nullptr;
size_t g_current_size = 0;

// Async-signal-safe: only open/write/close.
void write_crash_input() {
  int fd = ::open(kCrashFile, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) return;
  size_t done = 0;
  while (done < g_current_size) {
    ssize_t written = ::write(fd, g_current + done, g_current_size - done);
    if (written <= 0) break;
    done += static_cast<size_t>(written);
  }
  ::close(fd);
  constexpr std::string_view kNote = "\nfuzz: crashing input written to fuzz-crash-input\n";
  [[maybe_unused]] ssize_t ignored = ::write(STDERR_FILENO, kNote.data(), kNote.size());
}

void on_fatal_signal(int signal_number) {
  write_crash_input();
  ::signal(signal_number, SIG_DFL);
  ::raise(signal_number);
}

void install_crash_handlers() {
#if defined(__SANITIZE_ADDRESS__)
  // ASan and UBSan report and exit through their own path, not through a signal.
  __sanitizer_set_death_callback(write_crash_input);
#endif
  for (int signal_number : {SIGSEGV, SIGABRT, SIGBUS, SIGFPE, SIGILL}) {
    ::signal(signal_number, on_fatal_signal);
  }
}

size_t below(std::mt19937_64& random, size_t bound) {
  return bound == 0 ? 0 : static_cast<size_t>(random() % bound);
}

void mutate_once(std::string& data, std::mt19937_64& random,
                 const std::vector<std::string>& corpus) {
  size_t pos = below(random, data.size() + 1);
  switch (below(random, 8)) {
    case 0:
      if (!data.empty()) data[pos % data.size()] ^= static_cast<char>(1u << below(random, 8));
      break;
    case 1: data.insert(pos, 1, static_cast<char>(below(random, 256))); break;
    case 2: data.erase(pos, below(random, 8) + 1); break;
    case 3:
    case 4: data.insert(pos, kDictionary[below(random, kDictionary.size())]); break;
    case 5: {
      size_t from = below(random, data.size() + 1);
      data.insert(pos, data.substr(from, below(random, 16) + 1));
      break;
    }
    case 6: {
      const std::string& other = corpus[below(random, corpus.size())];
      size_t from = below(random, other.size() + 1);
      data.insert(pos, other.substr(from, below(random, 32) + 1));
      break;
    }
    default: data.resize(pos); break;
  }
}

void run_one(const std::string& data) {
  g_current = reinterpret_cast<const uint8_t*>(data.data());
  g_current_size = data.size();
  LLVMFuzzerTestOneInput(g_current, g_current_size);
}

struct Arguments {
  size_t mutations = kDefaultMutations;
  std::optional<size_t> total;
  uint64_t seed = kDefaultSeed;
  std::vector<std::filesystem::path> inputs;
};

bool parse_arguments(int argc, char** argv, Arguments& arguments) {
  std::vector<std::string_view> args(argv + 1, argv + argc);
  for (size_t i = 0; i < args.size(); ++i) {
    bool has_value = i + 1 < args.size();
    if (args[i] == "--mutations" && has_value) {
      arguments.mutations = std::strtoull(argv[++i + 1], nullptr, 10);
    } else if (args[i] == "--total" && has_value) {
      arguments.total = std::strtoull(argv[++i + 1], nullptr, 10);
    } else if (args[i] == "--seed" && has_value) {
      arguments.seed = std::strtoull(argv[++i + 1], nullptr, 0);
    } else if (args[i].starts_with("--")) {
      return false;
    } else {
      arguments.inputs.emplace_back(args[i]);
    }
  }
  return !arguments.inputs.empty();
}

// Regular files directly in each directory (or the file itself), in a stable order.
std::vector<std::string> load_corpus(const std::vector<std::filesystem::path>& inputs) {
  std::vector<std::filesystem::path> files;
  for (const auto& input : inputs) {
    std::error_code error;
    if (std::filesystem::is_regular_file(input, error)) files.push_back(input);
    for (std::filesystem::directory_iterator it(input, error), end; !error && it != end;
         it.increment(error)) {
      if (it->is_regular_file(error)) files.push_back(it->path());
    }
  }
  std::sort(files.begin(), files.end());
  std::vector<std::string> corpus;
  for (const auto& file : files) {
    std::ifstream stream(file, std::ios::binary);
    corpus.emplace_back(std::istreambuf_iterator<char>(stream), std::istreambuf_iterator<char>());
  }
  return corpus;
}

}  // namespace

int main(int argc, char** argv) {
  Arguments arguments;
  if (!parse_arguments(argc, argv, arguments)) {
    std::fprintf(stderr, "usage: %s [--mutations N | --total N] [--seed S] DIR_OR_FILE...\n",
                 argv[0]);
    return 2;
  }
  std::vector<std::string> corpus = load_corpus(arguments.inputs);
  if (corpus.empty()) {
    std::fprintf(stderr, "fuzz: no corpus files found\n");
    return 1;
  }
  if (arguments.total) arguments.mutations = *arguments.total / corpus.size() + 1;
  install_crash_handlers();
  auto started = std::chrono::steady_clock::now();
  size_t runs = 0;
  for (size_t index = 0; index < corpus.size(); ++index) {
    run_one(corpus[index]);
    ++runs;
    std::mt19937_64 random(arguments.seed + index);
    for (size_t m = 0; m < arguments.mutations; ++m) {
      std::string data = corpus[index];
      size_t stacked = below(random, kMaxStackedMutations) + 1;
      for (size_t k = 0; k < stacked; ++k) mutate_once(data, random, corpus);
      if (data.size() > kMaxMutatedSize) data.resize(kMaxMutatedSize);
      run_one(data);
      ++runs;
    }
  }
  auto elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(
      std::chrono::steady_clock::now() - started);
  std::printf("fuzz: %zu inputs (%zu corpus files) in %lld ms\n", runs, corpus.size(),
              static_cast<long long>(elapsed.count()));
  return 0;
}
