// Version, build and library facts, as text or one JSON object.
#include "version_cmd.hpp"

#include <curl/curl.h>
#include <openssl/crypto.h>
#include <utf8proc.h>

#include <string>
#include <vector>

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <nlohmann/json.hpp>

#include "gofer/build_info.hpp"
#include "gofer/ca_bundle.hpp"
#include "gofer/exit_code.hpp"
#include "gofer/json_lines.hpp"
#include "gofer/scrape/extract.hpp"
#include "gofer/std_streams.hpp"
#include "linked_libraries.hpp"

namespace gofer::cli {
namespace {

struct CurlFeature {
  int bit;
  const char* name;
};

// The libcurl features gofer fetch relies on, by the names `curl --version` uses.
constexpr CurlFeature kCurlFeatures[] = {
    {CURL_VERSION_SSL, "HTTPS"},     {CURL_VERSION_HTTP2, "HTTP2"},
    {CURL_VERSION_ZSTD, "zstd"},     {CURL_VERSION_BROTLI, "brotli"},
    {CURL_VERSION_LIBZ, "libz"},     {CURL_VERSION_ASYNCHDNS, "AsynchDNS"},
    {CURL_VERSION_IPV6, "IPv6"},
};

nlohmann::json curl_facts() {
  const curl_version_info_data* info = curl_version_info(CURLVERSION_NOW);
  std::vector<std::string> features;
  for (const CurlFeature& feature : kCurlFeatures) {
    if ((info->features & feature.bit) != 0) features.emplace_back(feature.name);
  }
  nlohmann::json curl = {{"version", info->version},
                         {"ssl", info->ssl_version ? info->ssl_version : ""},
                         {"features", features}};
  if (info->ares != nullptr) curl["c-ares"] = info->ares;
  if (info->nghttp2_version != nullptr) curl["nghttp2"] = info->nghttp2_version;
  return curl;
}

// Every linked library, also those the fields above leave out: the list the SBOM is checked
// against (scripts/lib/sbom.py).
nlohmann::json libraries_facts() {
  nlohmann::json out = nlohmann::json::array();
  for (const LinkedLibrary& library : linked_libraries()) {
    out.push_back({{"name", library.name},
                   {"version", library.version},
                   {"version_from", to_string(library.source)}});
  }
  return out;
}

nlohmann::json version_facts() {
  auto ca_bundle = find_ca_bundle("");
  return {{"version", build_info::kVersion},
          {"commit", build_info::kCommit},
          {"build_date", build_info::kBuildDate},
          {"target", build_info::kTarget},
          {"static", build_info::kStatic},
          {"compiler", build_info::kCompiler},
          {"libcurl", curl_facts()},
          {"openssl", OpenSSL_version(OPENSSL_VERSION)},
          {"re2", build_info::kRe2Version},
          {"utf8proc", utf8proc_version()},
          {"uchardet", build_info::kUchardetVersion},
          {"libxml2", {{"version", scrape::libxml2_facts().version},
                       {"thread_safe", scrape::libxml2_facts().thread_safe}}},
          {"libraries", libraries_facts()},
          {"ca_bundle", ca_bundle ? *ca_bundle : ""}};
}

// The JSON form leaves out a value it does not have (no CA bundle found), as every record does.
nlohmann::json version_record(nlohmann::json facts) {
  facts["type"] = "version";
  if (facts["ca_bundle"] == "") facts.erase("ca_bundle");
  return facts;
}

void print_text(const nlohmann::json& facts) {
  const auto& curl = facts["libcurl"];
  std::string curl_extra;
  if (curl.contains("c-ares")) curl_extra += fmt::format(", c-ares {}", curl["c-ares"].get<std::string>());
  if (curl.contains("nghttp2")) curl_extra += fmt::format(", nghttp2 {}", curl["nghttp2"].get<std::string>());
  print_out("gofer {}\n", facts["version"].get<std::string>());
  print_out("commit:    {} (built {})\n", facts["commit"].get<std::string>(),
            facts["build_date"].get<std::string>());
  print_out("target:    {}{}\n", facts["target"].get<std::string>(),
            facts["static"].get<bool>() ? ", fully static" : "");
  print_out("compiler:  {}\n", facts["compiler"].get<std::string>());
  print_out("libcurl:   {} ({}{}) [{}]\n", curl["version"].get<std::string>(),
            curl["ssl"].get<std::string>(), curl_extra,
            fmt::join(curl["features"].get<std::vector<std::string>>(), " "));
  print_out("openssl:   {}\n", facts["openssl"].get<std::string>());
  print_out("re2:       {}\n", facts["re2"].get<std::string>());
  print_out("utf8proc:  {}\n", facts["utf8proc"].get<std::string>());
  print_out("uchardet:  {}\n", facts["uchardet"].get<std::string>());
  // Pages are parsed on several threads, which needs libxml2's per-thread state.
  print_out("libxml2:   {} ({})\n", facts["libxml2"]["version"].get<std::string>(),
            facts["libxml2"]["thread_safe"].get<bool>() ? "thread-safe" : "NOT thread-safe");
  std::vector<std::string> libraries;
  for (const auto& library : facts["libraries"]) {
    libraries.push_back(fmt::format("{} {}", library["name"].get<std::string>(),
                                    library["version"].get<std::string>()));
  }
  print_out("linked:    {}\n", fmt::join(libraries, ", "));
  std::string ca = facts.value("ca_bundle", "");
  print_out("CA bundle: {}\n", ca.empty() ? "none found (set SSL_CERT_FILE or --cacert)" : ca);
}

}  // namespace

int print_version(bool json) {
  nlohmann::json facts = version_facts();
  if (json) {
    JsonLinesWriter(stdout).write(version_record(std::move(facts)));
  } else {
    print_text(facts);
  }
  return to_int(ExitCode::kOk);
}

}  // namespace gofer::cli
