// Decoder per encoding, with fixtures generated here: BOMs, UTF-16, code pages, invalid UTF-8.
#include "gofer/csv/decode.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fmt/format.h>

#include "matchers.hpp"

namespace gofer::csv {
namespace {

using gofer::testing::ErrorIs;
using gofer::testing::IsOk;

struct Decoded {
  std::string name;
  std::string text;
  uint64_t replaced = 0;
};

// Decodes `input` in pieces of `piece` bytes, like blocks read from a file.
Decoded decode_all(std::string_view input, std::string_view forced = "", size_t piece = 0,
                   size_t sample = std::string_view::npos) {
  auto decoder = Decoder::create(input.substr(0, sample), forced);
  EXPECT_THAT(decoder, IsOk());
  if (!decoder) return {};
  std::string out;
  if (piece == 0) piece = input.size() + 1;
  for (size_t at = 0; at < input.size() || at == 0; at += piece) {
    bool last = at + piece >= input.size();
    EXPECT_THAT(decoder->decode(input.substr(std::min(at, input.size()), piece), last, out), IsOk());
    if (last) break;
  }
  return {decoder->name(), out, decoder->replaced()};
}

std::string utf16(std::u16string_view text, bool little, bool bom) {
  std::string out;
  if (bom) out = little ? "\xFF\xFE" : "\xFE\xFF";
  for (char16_t unit : text) {
    char lo = static_cast<char>(unit & 0xFF), hi = static_cast<char>(unit >> 8);
    out += little ? lo : hi;
    out += little ? hi : lo;
  }
  return out;
}

TEST(CsvDecoder, ValidUtf8StaysAsIs) {
  auto d = decode_all("name,city\nJos\xC3\xA9,K\xC3\xB6ln\n");
  EXPECT_EQ(d.name, "UTF-8");
  EXPECT_EQ(d.text, "name,city\nJos\xC3\xA9,K\xC3\xB6ln\n");
}

TEST(CsvDecoder, Utf8BomIsRemoved) {
  auto decoder = Decoder::create("\xEF\xBB\xBF" "a,b\n", "");
  ASSERT_THAT(decoder, IsOk());
  std::string out;
  ASSERT_THAT(decoder->decode("\xEF\xBB\xBF" "a,b\n", true, out), IsOk());
  EXPECT_EQ(out, "a,b\n");
  EXPECT_TRUE(decoder->had_bom());
}

TEST(CsvDecoder, Utf16WithAndWithoutBomInEveryBlockSize) {
  std::u16string text = u"id;name\n1;Jos\u00E9 \U0001F600\n";
  const std::string expected = "id;name\n1;Jos\xC3\xA9 \xF0\x9F\x98\x80\n";
  for (bool little : {true, false}) {
    for (bool bom : {true, false}) {
      std::string bytes = utf16(text, little, bom);
      for (size_t piece : {size_t{0}, size_t{1}, size_t{3}}) {
        auto d = decode_all(bytes, "", piece);
        EXPECT_EQ(d.name, little ? "UTF-16LE" : "UTF-16BE");
        EXPECT_EQ(d.text, expected) << little << bom << piece;
      }
    }
  }
}

TEST(CsvDecoder, Windows1252DetectedFromC1Bytes) {
  // \x80 = EURO SIGN, \x93\x94 = curly quotes: only Windows-1252 has them there.
  std::string text;
  for (int i = 0; i < 20; ++i) text += "Prix;\x80 12,50;\x93" "Caf\xE9\x94 cr\xE8me br\xFBl\xE9" "e\n";
  auto d = decode_all(text);
  EXPECT_EQ(d.name, "WINDOWS-1252");
  EXPECT_NE(d.text.find("\xE2\x82\xAC 12,50"), std::string::npos);
  EXPECT_NE(d.text.find("\xE2\x80\x9C" "Caf\xC3\xA9"), std::string::npos);
}

TEST(CsvDecoder, ForcedIso885915AndKoi8r) {
  EXPECT_EQ(decode_all("\xA4", "iso-8859-15").text, "\xE2\x82\xAC");
  EXPECT_EQ(decode_all("\xA4", "ISO-8859-1").text, "\xC2\xA4");
  // KOI8-R "привет"
  EXPECT_EQ(decode_all("\xD0\xD2\xC9\xD7\xC5\xD4", "KOI8-R").text,
            "\xD0\xBF\xD1\x80\xD0\xB8\xD0\xB2\xD0\xB5\xD1\x82");
  EXPECT_EQ(decode_all("\xA4", "cp1252").name, "WINDOWS-1252");
}

TEST(CsvDecoder, Koi8rDetectedByUchardet) {
  std::string text;
  // "привет мир, как дела" in KOI8-R, repeated so uchardet has enough to go on.
  for (int i = 0; i < 30; ++i) text += "\xD0\xD2\xC9\xD7\xC5\xD4 \xCD\xC9\xD2;\xCB\xC1\xCB \xC4\xC5\xCC\xC1\n";
  auto d = decode_all(text);
  EXPECT_EQ(d.name, "KOI8-R");
}

TEST(CsvDecoder, MultibyteLegacyEncodingIsAClearError) {
  auto decoder = Decoder::create("a", "Shift_JIS");
  ASSERT_THAT(decoder, ErrorIs(ErrorCategory::kUnsupported));
  EXPECT_NE(decoder.error().message().find("SHIFT-JIS"), std::string::npos)
      << decoder.error().message();
  EXPECT_THAT(Decoder::create("a", "klingon-8"), ErrorIs(ErrorCategory::kUnsupported));
}

// UTF-8 -> one byte per character: Latin-1's code points, and Windows-1252's extras.
std::string to_single_byte(std::string_view utf8) {
  static const std::pair<char32_t, char> kCp1252[] = {
      {0x20AC, '\x80'}, {0x201C, '\x93'}, {0x201D, '\x94'}, {0x2018, '\x91'},
      {0x2019, '\x92'}, {0x0153, '\x9C'}, {0x0152, '\x8C'}, {0x2013, '\x96'}};
  std::string out;
  for (size_t i = 0; i < utf8.size();) {
    auto lead = static_cast<unsigned char>(utf8[i]);
    size_t n = lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4;
    char32_t cp = n == 1 ? char32_t{lead} : char32_t{lead} & (char32_t{0x7F} >> n);
    for (size_t k = 1; k < n; ++k) {
      cp = cp << 6 | (char32_t{static_cast<unsigned char>(utf8[i + k])} & char32_t{0x3F});
    }
    i += n;
    if (cp < 0x100) {
      out += static_cast<char>(cp);
      continue;
    }
    for (auto [code_point, byte] : kCp1252) {
      if (code_point == cp) out += byte;
    }
  }
  return out;
}

// Issue 26: a Latin-1 file of Vietnamese names read as windows-1250 (`Tiên` -> `Tięn`).
TEST(CsvDecoder, LatinTextInEachLanguageNormalizesBackToItsUtf8) {
  const std::vector<std::string> texts = {
      "nom;ville\nFrançoise Lefèvre;Besançon\nHélène Dubœuf;Orléans\nJérôme Garçon;Nîmes\n",
      "Name;Ort\nJürgen Größe;München\nBärbel Müßig;Köln\nUlrike Schön;Düsseldorf\n",
      "nombre;ciudad\nJosé Peña;Logroño\nÁngela Núñez;Cádiz\nMaría Ibáñez;León\n",
      "nome;cidade\nJoão Conceição;São Paulo\nLuís Gonçalves;Guimarães\nInês Simões;Évora\n",
      "nafn;bær\nÞórður Guðmundsson;Reykjavík\nSigríður Ólafsdóttir;Ísafjörður\nÆgir Þór;Húsavík\n",
      "tên;thành phố\nTiên Hoàng;Huế\nLê Thành;Cần Thơ\nNgô Quân;Đà Lạt\n",
      "navn;by\nSøren Kierkegård;Århus\nBjørn Æbelø;Ærøskøbing\nMette Frederiksen;Ålborg\n",
      "nome;città\nNiccolò Perù;Forlì\nGiosuè Carducci;Pietrasanta\nLucrezia Borgia;Cantù\n",
  };
  std::string all;
  for (const std::string& text : texts) {
    std::string latin1 = to_single_byte(text);
    if (latin1.size() + 2 * 12 < text.size()) continue;  // Vietnamese beyond Latin-1: below
    auto d = decode_all(latin1);
    EXPECT_EQ(d.text, text) << d.name;
    all += text;
  }
  // The Vietnamese names Latin-1 can spell: the bytes uchardet took for windows-1250.
  std::string vietnamese = "tên;quê\nTiên Hoàng;Nhân\nThúy Hà;Ngô Quân\nLê Thành;Trân Hoàng\n";
  EXPECT_EQ(decode_all(to_single_byte(vietnamese)).text, vietnamese);
  EXPECT_EQ(decode_all(to_single_byte(all)).text, all);
  // Windows-1252's euro sign and curly quotes, beside Latin-1's letters.
  std::string cp1252 = "article;prix\n“Crème brûlée”;4,50 €\nl’œuf;1 €\n";
  auto d = decode_all(to_single_byte(cp1252));
  EXPECT_EQ(d.name, "WINDOWS-1252");
  EXPECT_EQ(d.text, cp1252);
}

TEST(CsvDecoder, CentralEuropeanTextStaysWindows1250) {
  // Polish in windows-1250: in windows-1252 it would read `Wroc³aw`, symbols inside words.
  std::string polish = "miasto;imi\xEA\nWroc\xB3" "aw;Ma\xB3gorzata\n\xA3\xF3" "d\x9F;Krzysztof "
                       "\x9Cwi\xEAty\nGda\xF1sk;\xAF" "aneta\n";
  auto d = decode_all(polish);
  EXPECT_EQ(d.name, "WINDOWS-1250");
  EXPECT_EQ(d.text, "miasto;imię\nWrocław;Małgorzata\nŁódź;Krzysztof święty\nGdańsk;Żaneta\n");
}

TEST(CsvDecoder, ShiftJisAndGb18030AreRefusedByName) {
  // Detected, not forced: the message names the encoding, the iconv line and --encoding.
  const std::pair<std::string, std::string_view> inputs[] = {
      {"\x96\xBC\x91\x4F\x2C\x93\x73\x8E\x73\x0A\x93\x63\x92\x86\x91\xBE\x98\x59\x2C\x93\x8C\x8B\x9E\x93\x73\x90\x56\x8F\x68\x8B\xE6\x0A", "SHIFT-JIS"},
      {"\xD0\xD5\xC3\xFB\x2C\xB3\xC7\xCA\xD0\x0A\xD5\xC5\xCE\xB0\x2C\xB1\xB1\xBE\xA9\xCA\xD0\xB3\xAF\xD1\xF4\xC7\xF8\x0A", "GB18030"}};
  for (const auto& [row, name] : inputs) {
    std::string text;
    for (int i = 0; i < 20; ++i) text += row;
    auto decoder = Decoder::create(text, "");
    ASSERT_THAT(decoder, ErrorIs(ErrorCategory::kUnsupported)) << name;
    EXPECT_NE(decoder.error().message().find(fmt::format("iconv -f {} -t UTF-8", name)),
              std::string::npos)
        << decoder.error().message();
    EXPECT_NE(decoder.error().message().find("--encoding"), std::string::npos);
  }
}

TEST(CsvDecoder, InvalidUtf8LaterIsReplacedAndCounted) {
  std::string text(3000, 'a');
  text += "\n\xFF" "b\xC3\n";  // one stray byte, one truncated sequence at the very end
  auto d = decode_all(text, "", 1000, 1000);  // the first block decides: valid UTF-8
  EXPECT_EQ(d.name, "UTF-8");
  EXPECT_EQ(d.replaced, 2U);
  EXPECT_EQ(d.text.substr(3001), "\xEF\xBF\xBD" "b\xEF\xBF\xBD\n");
}

TEST(CsvDecoder, OneLegacyByteNearTheEndOfAShortFileIsNotUtf8) {
  // Once read as a character cut by the block end: the file came out with U+FFFD.
  auto d = decode_all("a;b\r\n1;\xE9\r\n");
  EXPECT_EQ(d.name, "WINDOWS-1252");
  EXPECT_EQ(d.text, "a;b\r\n1;\xC3\xA9\r\n");
  EXPECT_EQ(d.replaced, 0U);
}

TEST(CsvDecoder, SampleCutInsideACharacterIsStillUtf8) {
  std::string text = std::string(20, 'a') + "\xE2\x82\xAC\n";
  for (size_t sample = 21; sample < 23; ++sample) {  // the sample ends after 1 or 2 of 3 bytes
    auto d = decode_all(text, "", 0, sample);
    EXPECT_EQ(d.name, "UTF-8");
    EXPECT_EQ(d.text, text);
  }
}

TEST(CsvDecoder, CharacterCutByABlockEdgeIsJoined) {
  std::string text = "x\xC3\xA9y\xE2\x82\xACz";
  for (size_t piece = 1; piece < text.size(); ++piece) {
    auto d = decode_all(text, "UTF-8", piece);
    EXPECT_EQ(d.text, text);
    EXPECT_EQ(d.replaced, 0U);
  }
}

TEST(CsvDecoder, StrictEncodingNamesLineAndColumn) {
  auto decoder = Decoder::create("a,b\n", "");
  ASSERT_THAT(decoder, IsOk());
  decoder->set_strict(true);
  std::string out;
  auto status = decoder->decode("a,b\nab\xFF\n", true, out);
  ASSERT_THAT(status, ErrorIs(ErrorCategory::kInvalidData));
  EXPECT_NE(status.error().message().find("2:3:"), std::string::npos) << status.error().message();
}

}  // namespace
}  // namespace gofer::csv
