// Where `gofer fetch -o` puts the body, decided by curl's rules before any request is made:
// "-" is stdout; an existing FIFO, device or /dev/fd/N is written through (no .part file);
// a relative path is inside -d (an absolute one stands alone); a symlink is followed; an
// existing directory is a usage error; a replaced file keeps its mode and owner.
#pragma once

#include <filesystem>
#include <optional>
#include <string>

#include "gofer/error.hpp"
#include "gofer/fetch/fetch.hpp"
#include "gofer/output_file.hpp"

namespace gofer::cli {

struct FetchOutputPlan {
  bool stream = false;         // -o -, a FIFO, a device: written as the body arrives
  std::filesystem::path path;  // stream: what to open; else the file that is replaced
  std::string name;            // the file's name inside options.directory (not a stream)
};

struct FetchOutputFlags {
  std::string output, directory;
  bool json = false;
  bool keeps_state = false;  // -c, --skip-existing or --refresh: they need a file to look at
};

// Empty `flags.output`: nullopt (names come from the URLs). Sets options.directory and
// options.replaced_file for a file target.
[[nodiscard]] Result<std::optional<FetchOutputPlan>> plan_fetch_output(
    const FetchOutputFlags& flags, fetch::FetchOptions& options);

// A stream target, opened (a FIFO waits for its reader, as a shell redirection does); its
// descriptor goes to options.output_descriptor.
[[nodiscard]] Result<OutputFile> open_fetch_stream(const FetchOutputPlan& plan,
                                                   fetch::FetchOptions& options);

}  // namespace gofer::cli
