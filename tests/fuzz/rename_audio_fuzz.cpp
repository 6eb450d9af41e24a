// Fuzz target for the audio tag reader (TagLib behind read_audio_tags): any bytes must end in
// tags, warnings, nullopt or an error, never a crash, a hang or a huge allocation.
#include <sys/mman.h>
#include <unistd.h>

#include <array>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <string>

#include "audio_tags.hpp"

namespace {

namespace fs = std::filesystem;

// The extensions the reader falls back on when the content has no signature.
constexpr std::array<const char*, 6> kExtensions = {".mp3", ".flac", ".ogg", ".opus", ".m4a",
                                                    ".bin"};

// One memory file for the whole run, rewritten per input, reached through symlinks named
// with each extension (the input's size picks one, so seed files need no prefix byte).
struct Input {
  int fd = -1;
  fs::path dir;
};

const Input& input() {
  static const Input state = [] {
    Input made;
    made.fd = ::memfd_create("rename-audio-fuzz", 0);
    if (made.fd < 0) std::abort();
    made.dir = fs::temp_directory_path() / ("gofer-audio-fuzz-" + std::to_string(::getpid()));
    std::error_code error;
    fs::create_directories(made.dir, error);
    const std::string target = "/proc/self/fd/" + std::to_string(made.fd);
    for (const char* extension : kExtensions) {
      fs::create_symlink(target, made.dir / (std::string("in") + extension), error);
    }
    return made;
  }();
  return state;
}

volatile size_t g_sink = 0;  // keeps the work observable to the optimiser

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const Input& in = input();
  if (::ftruncate(in.fd, 0) != 0 ||
      ::pwrite(in.fd, data, size, 0) != static_cast<ssize_t>(size)) {
    std::abort();
  }
  const fs::path path = in.dir / (std::string("in") + kExtensions[size % kExtensions.size()]);
  auto tags = gofer::rename::detail::read_audio_tags(path);
  size_t sink = 0;
  if (!tags) {
    sink += tags.error().message().size();
  } else if (*tags) {
    const auto& t = **tags;
    for (const auto* text : {&t.artist, &t.album, &t.title, &t.genre}) sink += text->value_or("").size();
    sink += t.track.value_or(0) + t.disc.value_or(0) + t.year.value_or(0) + t.warnings.size();
  }
  g_sink = g_sink + sink;
  return 0;
}
