// Every library in the gofer binary and the version it reports, from the library itself where
// it can tell (runtime calls), else from its headers, else from the build's configure step.
#include "linked_libraries.hpp"

#include <curl/curl.h>
#include <gnu/libc-version.h>
#include <libxml/parser.h>
#include <openssl/crypto.h>
#include <utf8proc.h>
#include <zlib.h>

#include <fmt/format.h>
#include <spdlog/version.h>
#include <taglib/taglib.h>
#include <toml++/impl/version.h>
#include <CLI/Version.hpp>
#include <nlohmann/json.hpp>

#include "gofer/build_info.hpp"

namespace gofer::cli {
namespace {

// "MAJOR.MINOR.PATCH" from a library's integer version macros.
std::string dotted(int major, int minor, int patch) {
  return fmt::format("{}.{}.{}", major, minor, patch);
}

// libxml2 reports its runtime version as one number, 20914 for 2.9.14.
std::string libxml2_runtime_version() {
  const int number = std::atoi(xmlParserVersion);
  return dotted(number / 10000, number / 100 % 100, number % 100);
}

// curl's view of the libraries it was built with: the same code, as they are linked into it.
void add_curl_libraries(std::vector<LinkedLibrary>& out) {
  const curl_version_info_data* info = curl_version_info(CURLVERSION_NOW);
  out.push_back({"libcurl", info->version, VersionSource::kRuntime});
  if (info->nghttp2_version != nullptr) {
    out.push_back({"nghttp2", info->nghttp2_version, VersionSource::kRuntime});
  }
  if (info->ares != nullptr) out.push_back({"c-ares", info->ares, VersionSource::kRuntime});
  if (info->zstd_version != nullptr) {
    out.push_back({"zstd", info->zstd_version, VersionSource::kRuntime});
  }
  if (info->brotli_version != nullptr) {
    out.push_back({"brotli", info->brotli_version, VersionSource::kRuntime});
  }
}

}  // namespace

const char* to_string(VersionSource source) {
  switch (source) {
    case VersionSource::kRuntime: return "runtime";
    case VersionSource::kHeaders: return "headers";
    case VersionSource::kConfigure: return "configure";
  }
  return "unknown";
}

std::vector<LinkedLibrary> linked_libraries() {
  std::vector<LinkedLibrary> out;
  add_curl_libraries(out);
  out.push_back({"openssl", OpenSSL_version(OPENSSL_VERSION_STRING), VersionSource::kRuntime});
  out.push_back({"zlib", zlibVersion(), VersionSource::kRuntime});
  out.push_back({"libxml2", libxml2_runtime_version(), VersionSource::kRuntime});
  out.push_back({"utf8proc", utf8proc_version(), VersionSource::kRuntime});
  // TagLib 1.13 has no runtime version call (2.0 added one).
  out.push_back({"taglib", dotted(TAGLIB_MAJOR_VERSION, TAGLIB_MINOR_VERSION, TAGLIB_PATCH_VERSION),
                 VersionSource::kHeaders});
  // RE2 and uchardet have no version API (and Debian's re2.pc says 0.0.0).
  out.push_back({"re2", build_info::kRe2Version, VersionSource::kConfigure});
  out.push_back({"uchardet", build_info::kUchardetVersion, VersionSource::kConfigure});
  // libexif has no version API either.
  out.push_back({"libexif", build_info::kLibexifVersion, VersionSource::kConfigure});
  out.push_back({"fmt", dotted(FMT_VERSION / 10000, FMT_VERSION / 100 % 100, FMT_VERSION % 100),
                 VersionSource::kHeaders});
  out.push_back({"spdlog", dotted(SPDLOG_VER_MAJOR, SPDLOG_VER_MINOR, SPDLOG_VER_PATCH),
                 VersionSource::kHeaders});
  out.push_back({"cli11", CLI11_VERSION, VersionSource::kHeaders});
  out.push_back({"tomlplusplus", dotted(TOML_LIB_MAJOR, TOML_LIB_MINOR, TOML_LIB_PATCH),
                 VersionSource::kHeaders});
  out.push_back({"nlohmann-json",
                 dotted(NLOHMANN_JSON_VERSION_MAJOR, NLOHMANN_JSON_VERSION_MINOR,
                        NLOHMANN_JSON_VERSION_PATCH),
                 VersionSource::kHeaders});
  out.push_back({"glibc", gnu_get_libc_version(), VersionSource::kRuntime});
  // libstdc++ and libgcc come with the compiler that built gofer (linked statically in release).
  out.push_back({"libstdc++", dotted(__GNUC__, __GNUC_MINOR__, __GNUC_PATCHLEVEL__),
                 VersionSource::kHeaders});
  return out;
}

}  // namespace gofer::cli
