// Encoding detection (BOM, UTF-8 validity, UTF-16 zero bytes, uchardet) and transcoding.
#include "gofer/csv/decode.hpp"

#include <uchardet.h>

#include <algorithm>
#include <cctype>
#include <memory>
#include <optional>

#include <fmt/format.h>

#include "codepages.hpp"
#include "latin_pages.hpp"
#include "utf8.hpp"

namespace gofer::csv {
namespace {

constexpr char32_t kReplacement = 0xFFFD;
constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";
constexpr std::string_view kUtf16LeBom = "\xFF\xFE";
constexpr std::string_view kUtf16BeBom = "\xFE\xFF";

std::string upper(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    c = c == '_' ? '-' : static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  }
  return out;
}

// ASCII text in UTF-16 has a zero in every other byte: the side tells the byte order.
std::optional<SourceEncoding> utf16_by_zero_bytes(std::string_view sample) {
  size_t pairs = std::min<size_t>(sample.size(), 4096) / 2;
  if (pairs < 2) return std::nullopt;
  size_t even_zeros = 0, odd_zeros = 0;
  for (size_t i = 0; i < pairs; ++i) {
    even_zeros += sample[2 * i] == '\0' ? 1U : 0U;
    odd_zeros += sample[2 * i + 1] == '\0' ? 1U : 0U;
  }
  if (odd_zeros * 2 > pairs && even_zeros * 10 < pairs) return SourceEncoding::kUtf16Le;
  if (even_zeros * 2 > pairs && odd_zeros * 10 < pairs) return SourceEncoding::kUtf16Be;
  return std::nullopt;
}

// Valid UTF-8, or valid up to a last character cut by the end of the sample (a block of a
// longer file). One stray byte near the end (a short Latin-1 file: `1;\xe9\r\n`) is neither.
bool utf8_valid_or_cut(std::string_view sample) {
  size_t valid = utf8_valid_prefix(sample);
  size_t bad = 0;
  return valid == sample.size() || utf8_sequence_length(sample.substr(valid), &bad) == kTruncated;
}

// uchardet's answer, except among the Latin-script pages, where it often names a sibling of
// the right one (windows-1250 for a Latin-1 file of Vietnamese names, turning `Tiên` into
// `Tięn`) or a page gofer has no table for: there the decoding that reads as text in the
// fewest languages wins (latin_pages.cpp).
std::string uchardet_guess(std::string_view sample) {
  std::unique_ptr<std::remove_pointer_t<uchardet_t>, void (*)(uchardet_t)> detector(
      uchardet_new(), &uchardet_delete);
  std::string name;
  if (uchardet_handle_data(detector.get(), sample.data(), sample.size()) == 0) {
    uchardet_data_end(detector.get());
    name = upper(uchardet_get_charset(detector.get()));
  }
  if (name == "UTF-8" || name == "ASCII" || is_multibyte_legacy(name)) return name;
  if (!name.empty() && !may_be_latin_page(name)) return name;
  return choose_latin_page(sample, name);
}

// Text in any encoding gofer reads has no NUL byte (UTF-16 aside, which its zero-byte
// pattern tells) and few control bytes. An executable or image has many of both. One stray
// NUL in a database dump stays a CSV (kept, and reported by `csv check`), so it takes a NUL
// and at least 8 control bytes making up 1% of the first block.
Status refuse_binary(std::string_view sample) {
  size_t nul = sample.find('\0');
  if (nul == std::string_view::npos || utf16_by_zero_bytes(sample)) return {};
  size_t controls = static_cast<size_t>(std::count_if(sample.begin(), sample.end(), [](char c) {
    auto byte = static_cast<unsigned char>(c);
    return byte < 0x20 && byte != '\t' && byte != '\n' && byte != '\r' && byte != '\f' &&
           byte != '\v';
  }));
  if (controls < 8 || controls * 100 < sample.size()) return {};
  return fail(ErrorCategory::kInvalidData,
              fmt::format("looks like a binary file, not CSV text ({} control bytes in the "
                          "first {}, a NUL at offset {}); pass --encoding to read it anyway",
                          controls, sample.size(), nul));
}

}  // namespace

void append_utf8(std::string& out, char32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

std::vector<std::string_view> single_byte_encoding_names() { return code_page_names(); }

Result<Decoder> Decoder::create(std::string_view sample, std::string_view forced) {
  Decoder decoder;
  std::string name = forced.empty() ? std::string() : upper(forced);
  if (sample.starts_with(kUtf8Bom) && (name.empty() || name == "UTF-8" || name == "UTF8")) {
    decoder.bom_size_ = kUtf8Bom.size();
  } else if (sample.starts_with(kUtf16LeBom) && (name.empty() || name.starts_with("UTF-16"))) {
    decoder.bom_size_ = 2;
    decoder.encoding_ = SourceEncoding::kUtf16Le;
  } else if (sample.starts_with(kUtf16BeBom) && (name.empty() || name.starts_with("UTF-16"))) {
    decoder.bom_size_ = 2;
    decoder.encoding_ = SourceEncoding::kUtf16Be;
  } else if (name == "UTF-16LE" || name == "UTF-16") {
    decoder.encoding_ = SourceEncoding::kUtf16Le;
  } else if (name == "UTF-16BE") {
    decoder.encoding_ = SourceEncoding::kUtf16Be;
  } else if (name.empty()) {
    GOFER_TRY(refuse_binary(sample));
    // ASCII in UTF-16 is valid UTF-8 too (NUL is a character): the zero bytes decide first.
    if (auto utf16 = utf16_by_zero_bytes(sample)) {
      decoder.encoding_ = *utf16;
    } else if (utf8_valid_or_cut(sample)) {
      // UTF-8 stays UTF-8.
    } else {
      name = uchardet_guess(sample);
      if (name == "UTF-8" || name == "ASCII") name.clear();
    }
  }
  decoder.bom_left_ = decoder.bom_size_;
  if (decoder.encoding_ == SourceEncoding::kUtf16Le) decoder.name_ = "UTF-16LE";
  if (decoder.encoding_ == SourceEncoding::kUtf16Be) decoder.name_ = "UTF-16BE";
  if (decoder.encoding_ != SourceEncoding::kUtf8 || decoder.bom_size_ > 0 || name.empty() ||
      name == "UTF-8" || name == "UTF8") {
    return decoder;
  }
  if (is_multibyte_legacy(name)) {
    // Detected, the guess may be wrong: --encoding is the way past it.
    std::string_view way_out = forced.empty() ? ", or pass --encoding if it is not " : "";
    return fail(ErrorCategory::kUnsupported,
                fmt::format("input is in {}, a multibyte legacy encoding gofer does not "
                            "transcode; convert it first (iconv -f {} -t UTF-8){}{}",
                            name, name, way_out, forced.empty() ? name : ""));
  }
  decoder.table_ = find_code_page(name, &decoder.name_);
  if (decoder.table_ == nullptr) {
    return fail(ErrorCategory::kUnsupported,
                fmt::format("unknown or unsupported encoding '{}'", name));
  }
  decoder.encoding_ = SourceEncoding::kSingleByte;
  return decoder;
}

std::string_view Decoder::strip_bom(std::string_view input) {
  if (bom_left_ > 0) {
    size_t skip = std::min(bom_left_, input.size());
    input.remove_prefix(skip);
    bom_left_ -= skip;
  }
  return input;
}

// Line bookkeeping for the positions of invalid sequences (strict mode and `csv check`).
void Decoder::count_lines(std::string_view produced) {
  if (!strict_ && track_limit_ == 0) return;
  auto newlines = static_cast<uint64_t>(std::count(produced.begin(), produced.end(), '\n'));
  size_t last_newline = produced.rfind('\n');
  line_start_carry_ = last_newline == std::string_view::npos ? line_start_carry_ + produced.size()
                                                             : produced.size() - last_newline - 1;
  lines_before_ += newlines;
}

Status Decoder::decode(std::string_view input, bool last, std::string& out) {
  input = strip_bom(input);
  size_t out_start = out.size();
  switch (encoding_) {
    case SourceEncoding::kUtf8: GOFER_TRY(decode_utf8(input, last, out)); break;
    case SourceEncoding::kUtf16Le:
    case SourceEncoding::kUtf16Be: decode_utf16(input, last, out); break;
    case SourceEncoding::kSingleByte: decode_single_byte(input, out); break;
  }
  count_lines(std::string_view(out).substr(out_start));
  return {};
}

Result<std::string_view> Decoder::decode_view(std::string_view input, bool last, std::string& out) {
  input = strip_bom(input);
  if (encoding_ == SourceEncoding::kUtf8 && carry_.empty()) {
    // Valid UTF-8 (nearly every block of a UTF-8 file) is its own decoded form: no copy.
    size_t valid = utf8_valid_prefix(input);
    std::string_view rest = input.substr(valid);
    size_t bad = 0;
    bool cut = !rest.empty() && !last && utf8_sequence_length(rest, &bad) == kTruncated;
    if (rest.empty() || cut) {
      carry_.assign(rest);
      std::string_view produced = input.substr(0, valid);
      count_lines(produced);
      return produced;
    }
  }
  out.clear();
  GOFER_TRY(decode(input, last, out));
  return std::string_view(out);
}

// Records an invalid sequence met at out[offset] (the text produced so far in this block).
Status Decoder::note_invalid(std::string_view produced, size_t offset) {
  ++replaced_;
  if (!strict_ && invalid_.size() >= track_limit_) return {};
  std::string_view before = produced.substr(0, offset);
  uint64_t line =
      lines_before_ + 1 + static_cast<uint64_t>(std::count(before.begin(), before.end(), '\n'));
  size_t newline = before.rfind('\n');
  uint64_t column = newline == std::string_view::npos ? line_start_carry_ + before.size() + 1
                                                      : before.size() - newline;
  if (strict_) {
    return fail(ErrorCategory::kInvalidData,
                fmt::format("{}:{}: invalid {} byte sequence", line, column, name_));
  }
  invalid_.push_back({line, column});
  return {};
}

Status Decoder::decode_utf8(std::string_view input, bool last, std::string& out) {
  std::string joined;
  if (!carry_.empty()) {
    // A character cut by the previous block end: rare, so a copy is fine.
    joined = carry_ + std::string(input);
    carry_.clear();
    input = joined;
  }
  size_t out_start = out.size();
  while (!input.empty()) {
    size_t valid = utf8_valid_prefix(input);
    out.append(input.data(), valid);
    input.remove_prefix(valid);
    if (input.empty()) break;
    size_t bad = 0;
    if (utf8_sequence_length(input, &bad) == kTruncated && !last) {
      carry_.assign(input);
      break;
    }
    if (utf8_sequence_length(input, &bad) == kTruncated) bad = input.size();
    size_t offset = out.size() - out_start;
    append_utf8(out, kReplacement);
    GOFER_TRY(note_invalid(std::string_view(out).substr(out_start), offset));
    input.remove_prefix(bad);
  }
  return {};
}

void Decoder::decode_utf16(std::string_view input, bool last, std::string& out) {
  std::string joined;
  if (!carry_.empty()) {
    joined = carry_ + std::string(input);
    carry_.clear();
    input = joined;
  }
  bool little = encoding_ == SourceEncoding::kUtf16Le;
  auto unit_at = [&](size_t i) {
    auto a = static_cast<unsigned char>(input[i]);
    auto b = static_cast<unsigned char>(input[i + 1]);
    return static_cast<char32_t>(little ? (b << 8 | a) : (a << 8 | b));
  };
  size_t out_start = out.size();
  size_t i = 0;
  while (i + 1 < input.size()) {
    char32_t unit = unit_at(i);
    if (unit < 0xD800 || unit > 0xDFFF) {
      append_utf8(out, unit);
      i += 2;
      continue;
    }
    if (unit <= 0xDBFF && i + 3 < input.size()) {
      char32_t low = unit_at(i + 2);
      if (low >= 0xDC00 && low <= 0xDFFF) {
        append_utf8(out, 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00));
        i += 4;
        continue;
      }
    } else if (unit <= 0xDBFF && !last) {
      break;  // the low surrogate is in the next block
    }
    size_t offset = out.size() - out_start;
    append_utf8(out, kReplacement);
    (void)note_invalid(std::string_view(out).substr(out_start), offset);
    i += 2;
  }
  if (i < input.size()) {
    if (last) {
      append_utf8(out, kReplacement);
      ++replaced_;
    } else {
      carry_.assign(input.substr(i));
    }
  }
}

void Decoder::decode_single_byte(std::string_view input, std::string& out) {
  out.reserve(out.size() + input.size() + input.size() / 4);
  for (char c : input) {
    auto byte = static_cast<unsigned char>(c);
    if (byte < 0x80) {
      out += c;
      continue;
    }
    char32_t cp = (*table_)[byte - 0x80U];
    if (cp == kReplacement) ++replaced_;
    append_utf8(out, cp);
  }
}

}  // namespace gofer::csv
