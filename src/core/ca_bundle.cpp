// CA bundle probing; see ca_bundle.hpp.
#include "gofer/ca_bundle.hpp"

#include <unistd.h>

#include <array>
#include <cstdlib>

namespace gofer {
namespace {

// The same list Go's crypto/x509 (root_linux.go, root_darwin.go) probes.
constexpr std::array<const char*, 7> kWellKnownBundles = {
    "/etc/ssl/certs/ca-certificates.crt",                 // Debian, Ubuntu, Gentoo, Arch
    "/etc/pki/tls/certs/ca-bundle.crt",                   // Fedora, RHEL 6
    "/etc/ssl/ca-bundle.pem",                             // openSUSE
    "/etc/pki/tls/cacert.pem",                            // OpenELEC
    "/etc/pki/ca-trust/extracted/pem/tls-ca-bundle.pem",  // CentOS, RHEL 7+
    "/etc/ssl/cert.pem",                                  // Alpine, macOS, BSDs
    "/usr/local/etc/openssl/cert.pem",                    // Homebrew OpenSSL on macOS
};

bool readable(const char* path) { return ::access(path, R_OK) == 0; }

}  // namespace

std::optional<std::string> find_ca_bundle(std::string_view explicit_path) {
  if (!explicit_path.empty()) return std::string(explicit_path);
  if (const char* env = std::getenv("SSL_CERT_FILE"); env != nullptr && env[0] != '\0') {
    return std::string(env);
  }
  for (const char* candidate : kWellKnownBundles) {
    if (readable(candidate)) return std::string(candidate);
  }
  return std::nullopt;
}

}  // namespace gofer
