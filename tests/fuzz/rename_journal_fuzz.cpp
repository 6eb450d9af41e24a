// Fuzz target for the rename journal reader: a damaged or foreign journal must end in a value
// or an error, never a crash, so that --undo and --history keep working. Read-only on
// purpose: undoing a fuzzed journal would rename whatever paths it names.
#include <sys/mman.h>
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "execution.hpp"

namespace {

// One memory file for the whole run, rewritten per input; read through its /proc path
// because read_journal() takes a path, as --undo does.
int journal_fd() {
  static const int fd = ::memfd_create("rename-journal-fuzz", 0);
  if (fd < 0) std::abort();
  return fd;
}

volatile size_t g_sink = 0;  // keeps the work observable to the optimiser

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const int fd = journal_fd();
  if (::ftruncate(fd, 0) != 0 ||
      ::pwrite(fd, data, size, 0) != static_cast<ssize_t>(size)) {
    std::abort();
  }
  const std::string path = "/proc/self/fd/" + std::to_string(fd);
  size_t sink = 0;
  for (auto part : {gofer::rename::JournalPart::kSummary, gofer::rename::JournalPart::kAll}) {
    auto journal = gofer::rename::read_journal(path, part);
    if (!journal) {
      sink += journal.error().message().size();
      continue;
    }
    // What --undo relies on: every step names an item of the plan, every item a directory
    // of its table.
    const gofer::rename::Plan& plan = journal->plan;
    for (const auto& step : journal->steps) {
      if (step.item() >= plan.items.size()) std::abort();
      const auto& item = plan.items[step.item()];
      if (item.directory >= plan.directories.size()) std::abort();
      sink += plan.old_path(item).native().size() + plan.new_name(item).size();
    }
    sink += journal->id.size() + journal->command_line.size() + journal->time.size();
  }
  g_sink = g_sink + sink;
  return 0;
}
