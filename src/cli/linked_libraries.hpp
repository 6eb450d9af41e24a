// The libraries linked into this gofer, each with its version, for `gofer --version` and the
// release SBOM (scripts/lib/sbom.py reads this list from `gofer --version --json`).
#pragma once

#include <string>
#include <vector>

namespace gofer::cli {

// Where a version was read: what a security team needs to judge how far to trust it.
enum class VersionSource {
  kRuntime,    // the library's own version call, answered by the code actually linked
  kHeaders,    // the version macros of the headers compiled in (header-only or static code)
  kConfigure,  // no version API: the Debian package version CMake recorded at configure time
};

struct LinkedLibrary {
  std::string name;  // the name the SBOM's package carries, e.g. "libcurl", "c-ares"
  std::string version;
  VersionSource source;
};

[[nodiscard]] std::vector<LinkedLibrary> linked_libraries();
[[nodiscard]] const char* to_string(VersionSource source);

}  // namespace gofer::cli
