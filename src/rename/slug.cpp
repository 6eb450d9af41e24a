// The `--slug` transformation: ASCII-only, lowercase, one separator between words.
#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>

#include "gofer/rename/rules.hpp"
#include "unicode_text.hpp"

namespace gofer::rename {
namespace {

// Latin letters that compatibility decomposition leaves alone because they are letters in
// their own right, not a base letter plus a mark. Without these, `Straße` would slug to
// `strae` and `Øresund` to `resund`. Transliterations follow common slug libraries.
struct Fold {
  int32_t codepoint;
  std::string_view ascii;
};
constexpr std::array<Fold, 20> kLatinFolds{{
    {0x00C6, "ae"}, {0x00E6, "ae"},  // Æ æ
    {0x00D0, "d"},  {0x00F0, "d"},   // Ð ð
    {0x00D8, "o"},  {0x00F8, "o"},   // Ø ø
    {0x00DE, "th"}, {0x00FE, "th"},  // Þ þ
    {0x00DF, "ss"}, {0x1E9E, "ss"},  // ß ẞ
    {0x0110, "d"},  {0x0111, "d"},   // Đ đ
    {0x0126, "h"},  {0x0127, "h"},   // Ħ ħ
    {0x0131, "i"},                   // ı
    {0x0141, "l"},  {0x0142, "l"},   // Ł ł
    {0x0152, "oe"}, {0x0153, "oe"},  // Œ œ
    {0x0138, "q"},                   // ĸ
}};

// NFKD can expand one code point into many (U+FDFA into 18); anything longer is dropped.
constexpr utf8proc_ssize_t kMaxDecomposition = 32;

class SlugWriter {
 public:
  explicit SlugWriter(std::string_view separator) : separator_(separator) {}

  void ascii(char c) {
    bool alphanumeric = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    if (!alphanumeric) {
      pending_separator_ = true;
      return;
    }
    // The separator is written lazily, so runs collapse and both ends stay trimmed.
    if (pending_separator_ && !out_.empty()) out_ += separator_;
    pending_separator_ = false;
    out_ += (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
  }
  void ascii(std::string_view text) {
    for (char c : text) ascii(c);
  }
  void word_break() { pending_separator_ = true; }
  [[nodiscard]] std::string take() { return std::move(out_); }

 private:
  std::string_view separator_;
  std::string out_;
  bool pending_separator_ = false;
};

// Letters and digits with no ASCII form (`日`, `ж`) vanish without splitting the word;
// spaces, punctuation and symbols (`—`, `€`) separate words like their ASCII cousins do.
void write_non_ascii(SlugWriter& writer, int32_t codepoint) {
  if (!detail::is_letter(codepoint) && !detail::is_number(codepoint) &&
      !detail::is_mark(codepoint)) {
    writer.word_break();
  }
}

void write_codepoint(SlugWriter& writer, int32_t codepoint) {
  for (const Fold& fold : kLatinFolds) {
    if (fold.codepoint == codepoint) {
      writer.ascii(fold.ascii);
      return;
    }
  }
  std::array<utf8proc_int32_t, kMaxDecomposition> decomposed{};
  auto options =
      static_cast<utf8proc_option_t>(UTF8PROC_DECOMPOSE | UTF8PROC_COMPAT | UTF8PROC_STRIPMARK);
  utf8proc_ssize_t count =
      utf8proc_decompose_char(codepoint, decomposed.data(), kMaxDecomposition, options, nullptr);
  if (count < 0 || count > kMaxDecomposition) {
    writer.word_break();
    return;
  }
  for (utf8proc_ssize_t i = 0; i < count; ++i) {
    int32_t part = decomposed[static_cast<size_t>(i)];
    if (part < 0x80) {
      writer.ascii(static_cast<char>(part));
    } else {
      write_non_ascii(writer, part);
    }
  }
}

}  // namespace

std::string slugify(std::string_view text, std::string_view separator) {
  SlugWriter writer(separator);
  for (const detail::TextUnit& unit : detail::decode_units(text)) {
    if (unit.codepoint < 0) {
      writer.word_break();  // a byte that is not UTF-8 has no letter to keep
    } else if (unit.codepoint < 0x80) {
      writer.ascii(static_cast<char>(unit.codepoint));
    } else {
      write_codepoint(writer, unit.codepoint);
    }
  }
  return writer.take();
}

}  // namespace gofer::rename
