// Fuzz target for download naming: whatever a URL or a server says, the name stays one safe
// path component inside -d.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "gofer/fetch/naming.hpp"

namespace {

void check_safe(const std::string& name, bool may_be_empty) {
  bool bad = (!may_be_empty && name.empty()) || name == "." || name == ".." ||
             name.find('/') != std::string::npos || name.size() > gofer::fetch::kMaxNameBytes ||
             (!name.empty() && name[0] == '-');
  for (char c : name) bad = bad || static_cast<unsigned char>(c) < 0x20 || c == 0x7f;
  if (bad) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  check_safe(gofer::fetch::sanitize_name(input), true);
  check_safe(gofer::fetch::name_from_url("http://example.org/dir/" + std::string(input)), false);
  if (auto name = gofer::fetch::name_from_content_disposition(input)) check_safe(*name, false);
  gofer::fetch::NameRegistry names;
  bool renamed = false;
  std::string first = gofer::fetch::name_from_url(std::string(input));
  check_safe(names.claim(first, renamed), false);
  if (names.claim(first, renamed) == first) std::abort();  // a second claim must differ
  // --name-template: every component of the nested path is itself a safe name.
  static const auto path_template =
      gofer::fetch::PathTemplate::parse("{host}/{port}/{dir}/{path}/{name}");
  std::string path = path_template->expand("http://" + std::string(input));
  if (path.empty() || path.front() == '/') std::abort();
  for (size_t start = 0, slash = 0; slash != std::string::npos; start = slash + 1) {
    slash = path.find('/', start);
    check_safe(path.substr(start, slash == std::string::npos ? slash : slash - start), false);
  }
  return 0;
}
