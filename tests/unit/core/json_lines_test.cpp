#include "gofer/json_lines.hpp"

#include <cstdio>

#include <gtest/gtest.h>

namespace gofer {
namespace {

std::string capture(const std::function<void(JsonLinesWriter&)>& body) {
  char* buffer = nullptr;
  size_t size = 0;
  std::FILE* stream = ::open_memstream(&buffer, &size);
  JsonLinesWriter writer(stream);
  body(writer);
  std::fclose(stream);
  std::string out(buffer, size);
  std::free(buffer);
  return out;
}

TEST(JsonLinesWriterTest, OneCompactObjectPerLine) {
  std::string out = capture([](JsonLinesWriter& writer) {
    writer.write({{"old", "a b.txt"}, {"n", 1}});
    writer.write({{"type", "summary"}});
  });
  EXPECT_EQ(out, "{\"n\":1,\"old\":\"a b.txt\"}\n{\"type\":\"summary\"}\n");
}

TEST(JsonLinesWriterTest, ControlCharactersAreEscapedNotRaw) {
  std::string out = capture([](JsonLinesWriter& writer) { writer.write({{"p", "a\nb"}}); });
  EXPECT_EQ(out, "{\"p\":\"a\\nb\"}\n");
}

TEST(SetBytesFieldTest, ValidUtf8IsExact) {
  nlohmann::json object;
  set_bytes_field(object, "old", "ärger.txt");
  EXPECT_EQ(object["old"], "ärger.txt");
  EXPECT_FALSE(object.contains("old_raw_b64"));
}

TEST(SetBytesFieldTest, InvalidUtf8GetsReplacementAndRawBase64) {
  nlohmann::json object;
  set_bytes_field(object, "old", "caf\xe9");
  EXPECT_EQ(object["old"], "caf\xEF\xBF\xBD");
  EXPECT_EQ(object["old_raw_b64"], "Y2Fm6Q==");
}

}  // namespace
}  // namespace gofer
