// Parses the JSON lines a command printed on stdout (one object per line) for blackbox tests.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace gofer::testing {

inline std::vector<nlohmann::json> parse_json_lines(const std::string& out) {
  std::vector<nlohmann::json> lines;
  size_t start = 0;
  while (start < out.size()) {
    size_t end = out.find('\n', start);
    lines.push_back(nlohmann::json::parse(out.substr(start, end - start)));
    start = end == std::string::npos ? out.size() : end + 1;
  }
  return lines;
}

}  // namespace gofer::testing
