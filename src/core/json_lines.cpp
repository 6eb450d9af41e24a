// JSON-lines output; see json_lines.hpp.
#include "gofer/json_lines.hpp"

#include <openssl/evp.h>

#include <string>

#include "gofer/std_streams.hpp"
#include "gofer/terminal.hpp"

namespace gofer {
namespace {

std::string base64(std::string_view bytes) {
  std::string out(4 * ((bytes.size() + 2) / 3) + 1, '\0');
  int length = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                               reinterpret_cast<const unsigned char*>(bytes.data()),
                               static_cast<int>(bytes.size()));
  out.resize(static_cast<size_t>(length));
  return out;
}

// Written by the main thread between steps only, read while a step writes.
std::string g_step_tag;

}  // namespace

void JsonLinesWriter::tag_with_step(std::string name) { g_step_tag = std::move(name); }

void JsonLinesWriter::write(const nlohmann::json& object) {
  if (!g_step_tag.empty() && object.is_object() && !object.contains("step")) {
    nlohmann::json tagged = object;
    tagged["step"] = g_step_tag;
    return write(tagged);
  }
  std::string line = object.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  line += '\n';
  if (out_ == stdout) {
    write_stdout(line);
    flush_stdout();  // each line reaches a reader (tail -f, a pipe) as soon as it is known
    return;
  }
  std::fwrite(line.data(), 1, line.size(), out_);
  std::fflush(out_);
}

void set_bytes_field(nlohmann::json& object, std::string_view key, std::string_view text) {
  if (is_valid_utf8(text)) {
    object[std::string(key)] = std::string(text);
    return;
  }
  object[std::string(key)] = to_valid_utf8(text);
  object[std::string(key) + "_raw_b64"] = base64(text);
}

}  // namespace gofer
