// Splitting a file name into stem and extension, shared by every scoped rename rule.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace gofer::rename::detail {

struct NameParts {
  std::string_view stem;
  std::string_view ext;  // without the dot
  bool has_ext = false;  // false when no dot follows the leading dots
};

// `archive.tar.gz` → {archive.tar, gz}. Leading dots (`.bashrc`, `..x`) mark hidden files,
// not extensions, so they always belong to the stem. `file.` has an empty extension.
[[nodiscard]] inline NameParts split_name(std::string_view name) {
  size_t first = name.find_first_not_of('.');
  size_t dot = name.rfind('.');
  if (first == std::string_view::npos || dot == std::string_view::npos || dot < first) {
    return {name, {}, false};
  }
  return {name.substr(0, dot), name.substr(dot + 1), true};
}

[[nodiscard]] inline std::string join_name(std::string_view stem, std::string_view ext,
                                           bool has_ext) {
  std::string name(stem);
  if (has_ext) {
    name += '.';
    name += ext;
  }
  return name;
}

// The leading dots of a hidden file's stem, which slug and word-case rules keep so that
// `.My Config` stays hidden (`.my-config`) instead of losing its dot.
[[nodiscard]] inline size_t hidden_prefix_length(std::string_view stem) {
  size_t first = stem.find_first_not_of('.');
  return first == std::string_view::npos ? 0 : first;
}

}  // namespace gofer::rename::detail
