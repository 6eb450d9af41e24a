// The one JSON-lines writer behind every --json: one object per line on stdout.
#pragma once

#include <cstdio>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace gofer {

class JsonLinesWriter {
 public:
  explicit JsonLinesWriter(std::FILE* out) : out_(out) {}
  void write(const nlohmann::json& object);
  // `gofer run --json`: while a step runs, every object written carries "step": NAME, so the
  // lines of a whole job can be told apart. An empty name stops the tagging.
  static void tag_with_step(std::string name);

 private:
  std::FILE* out_;
};

// Sets object[key] to `text`. JSON strings must be UTF-8, so invalid bytes become U+FFFD and
// the exact bytes go to object[key + "_raw_b64"] (base64), so no information is lost.
void set_bytes_field(nlohmann::json& object, std::string_view key, std::string_view text);

}  // namespace gofer
