// Where the system keeps its CA certificates; a static binary cannot ask its libc or OpenSSL
// build, which point at the build machine's layout.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace gofer {

// Order: `explicit_path` (--cacert), then $SSL_CERT_FILE, then the first readable well-known
// bundle (Debian/Ubuntu, Fedora/RHEL, openSUSE, Alpine, macOS). nullopt if none exists.
[[nodiscard]] std::optional<std::string> find_ca_bundle(std::string_view explicit_path);

}  // namespace gofer
