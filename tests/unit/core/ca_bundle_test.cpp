#include "gofer/ca_bundle.hpp"

#include <unistd.h>

#include <cstdlib>

#include <gtest/gtest.h>

namespace gofer {
namespace {

TEST(CaBundleTest, ExplicitPathWins) {
  ::setenv("SSL_CERT_FILE", "/env/bundle.pem", 1);
  EXPECT_EQ(find_ca_bundle("/flag/bundle.pem"), "/flag/bundle.pem");
  EXPECT_EQ(find_ca_bundle(""), "/env/bundle.pem");
  ::unsetenv("SSL_CERT_FILE");
}

TEST(CaBundleTest, ProbesWellKnownLocations) {
  ::unsetenv("SSL_CERT_FILE");
  auto found = find_ca_bundle("");
  if (::access("/etc/ssl/certs/ca-certificates.crt", R_OK) == 0) {
    EXPECT_EQ(found, "/etc/ssl/certs/ca-certificates.crt");
  } else {
    GTEST_SKIP() << "no Debian CA bundle on this machine";
  }
}

}  // namespace
}  // namespace gofer
