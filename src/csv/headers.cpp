// Header names: snake/safe styling through utf8proc, uniqueness, and column selection.
#include <utf8proc.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <memory>
#include <set>

#include <fmt/format.h>

#include "gofer/csv/clean.hpp"

namespace gofer::csv {
namespace {

// NFKD + case fold + accents stripped: "Größe" -> "grosse", "Café" -> "cafe".
std::string fold(std::string_view name, bool casefold) {
  utf8proc_uint8_t* mapped = nullptr;
  int flags = UTF8PROC_COMPAT | UTF8PROC_DECOMPOSE | UTF8PROC_STRIPMARK;
  if (casefold) flags |= UTF8PROC_CASEFOLD;
  auto n = utf8proc_map(reinterpret_cast<const utf8proc_uint8_t*>(name.data()),
                        static_cast<utf8proc_ssize_t>(name.size()), &mapped,
                        static_cast<utf8proc_option_t>(flags));
  if (n < 0) return std::string(name);
  std::unique_ptr<utf8proc_uint8_t, void (*)(void*)> owned(mapped, &std::free);
  return std::string(reinterpret_cast<const char*>(mapped), static_cast<size_t>(n));
}

// ASCII letters and digits kept, every other run becomes one '_', none at the ends.
std::string underscore_words(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (std::isalnum(static_cast<unsigned char>(c)) != 0 && static_cast<unsigned char>(c) < 0x80) {
      out += c;
    } else if (!out.empty() && out.back() != '_') {
      out += '_';
    }
  }
  while (!out.empty() && out.back() == '_') out.pop_back();
  return out;
}

}  // namespace

std::string snake_header(std::string_view name) { return underscore_words(fold(name, true)); }

std::string safe_header(std::string_view name) {
  std::string out = underscore_words(fold(name, false));
  if (!out.empty() && std::isdigit(static_cast<unsigned char>(out[0])) != 0) out.insert(0, "_");
  return out;
}

std::vector<std::string> clean_headers(const std::vector<std::string>& names, HeaderStyle style) {
  std::vector<std::string> out;
  std::set<std::string> used;
  for (size_t i = 0; i < names.size(); ++i) {
    std::string name = style == HeaderStyle::kSnake  ? snake_header(names[i])
                       : style == HeaderStyle::kSafe ? safe_header(names[i])
                                                     : names[i];
    if (style != HeaderStyle::kKeep && name.empty()) name = fmt::format("column_{}", i + 1);
    if (style != HeaderStyle::kKeep && used.count(name) > 0) {
      int n = 2;
      while (used.count(fmt::format("{}_{}", name, n)) > 0) ++n;
      name = fmt::format("{}_{}", name, n);
    }
    used.insert(name);
    out.push_back(std::move(name));
  }
  return out;
}

Result<std::vector<size_t>> select_columns(const std::vector<std::string>& header,
                                           const CleanOptions& options) {
  auto index_of = [&](const std::string& name) -> Result<size_t> {
    auto it = std::find(header.begin(), header.end(), name);
    if (it == header.end()) {
      return fail(ErrorCategory::kInvalidArgument, fmt::format("no column named '{}'", name));
    }
    return static_cast<size_t>(it - header.begin());
  };
  std::vector<size_t> columns;
  if (options.select.empty()) {
    for (size_t i = 0; i < header.size(); ++i) columns.push_back(i);
  }
  for (const std::string& name : options.select) {
    GOFER_TRY_ASSIGN(size_t index, index_of(name));
    columns.push_back(index);
  }
  for (const std::string& name : options.drop) {
    GOFER_TRY_ASSIGN(size_t index, index_of(name));
    std::erase(columns, index);
  }
  return columns;
}

}  // namespace gofer::csv
