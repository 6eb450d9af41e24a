// Latin page choice (see latin_pages.hpp): decode the sample with each candidate and score it.
#include "latin_pages.hpp"

#include <algorithm>
#include <array>
#include <tuple>
#include <utility>
#include <vector>

#include "codepages.hpp"

namespace gofer::csv {
namespace {

struct Language {
  std::u32string_view letters;  // the lowercase non-ASCII letters of its alphabet
};

// The accented letters each language writes with. A decoding whose letters need many of
// them at once (ę next to â and ŕ) is the wrong page for the bytes.
constexpr Language kLanguages[] = {
    {U"àâæçéèêëîïôœùûüÿ"},    // French
    {U"äöüß"},                // German
    {U"áéíñóúü"},             // Spanish
    {U"áâãàçéêíóôõú"},        // Portuguese
    {U"àèéìíîòóùú"},          // Italian
    {U"áðéíóúýþæö"},          // Icelandic
    {U"æøåéóôü"},             // Danish, Norwegian
    {U"åäöéü"},               // Swedish, Finnish
    {U"áéëïóöüèíú"},          // Dutch
    {U"àçèéíïòóúü"},          // Catalan
    {U"àáâãèéêìíòóôõùúý"},    // Vietnamese names written with Latin-1's letters
    {U"çë"},                  // Albanian
    {U"äõöüšž"},              // Estonian
    {U"ąćęłńóśźż"},           // Polish
    {U"áčďéěíňóřšťúůýž"},     // Czech
    {U"áäčďéíĺľňóôŕšťúýž"},   // Slovak
    {U"áéíóöőúüű"},           // Hungarian
    {U"čćđšž"},               // Croatian, Slovenian, Bosnian
    {U"ăâîșțşţ"},             // Romanian
    {U"çğıöşü"},              // Turkish
    {U"ąčęėįšųūž"},           // Lithuanian
    {U"āčēģīķļņšūž"},         // Latvian
};

// Enough text to meet a file's accented letters many times; the scoring stays a few
// milliseconds per candidate.
constexpr size_t kChooserSampleBytes = size_t{256} << 10;
constexpr std::string_view kFallback = "WINDOWS-1252";
constexpr std::string_view kCandidates[] = {"ISO-8859-15", "WINDOWS-1250", "ISO-8859-2"};

char32_t lower(char32_t c) {
  if ((c >= 0xC0 && c <= 0xDE && c != 0xD7)) return c + 0x20;
  if (c == 0x178) return 0xFF;
  bool even_upper = (c >= 0x100 && c <= 0x137) || (c >= 0x14A && c <= 0x177) ||
                    (c >= 0x218 && c <= 0x21B);
  bool odd_upper = (c >= 0x139 && c <= 0x148) || (c >= 0x179 && c <= 0x17E);
  if ((even_upper && c % 2 == 0) || (odd_upper && c % 2 == 1)) return c + 1;
  return c;
}

bool is_letter(char32_t c) {
  return (c >= 0xC0 && c <= 0x24F && c != 0xD7 && c != 0xF7) || c == 0xAA || c == 0xBA;
}

bool is_ascii_letter(unsigned char byte) {
  return (byte >= 'a' && byte <= 'z') || (byte >= 'A' && byte <= 'Z');
}

// What one decoding of the sample looks like: bytes that cannot be text, and its letters.
struct Reading {
  size_t implausible = 0;  // C1 controls, unassigned bytes, symbols between two letters
  std::vector<std::pair<char32_t, size_t>> letters;  // lowercase letter, occurrences
};

Reading read_with(std::string_view sample, const std::array<uint16_t, 128>& page) {
  Reading reading;
  auto decoded = [&](size_t i) -> char32_t {
    auto byte = static_cast<unsigned char>(sample[i]);
    return byte < 0x80 ? byte : page[byte - 0x80U];
  };
  auto letter_at = [&](size_t i) {
    auto byte = static_cast<unsigned char>(sample[i]);
    return byte < 0x80 ? is_ascii_letter(byte) : is_letter(decoded(i));
  };
  for (size_t i = 0; i < sample.size(); ++i) {
    if (static_cast<unsigned char>(sample[i]) < 0x80) continue;
    char32_t c = decoded(i);
    if (c == 0xFFFD || (c >= 0x80 && c <= 0x9F)) {
      ++reading.implausible;
    } else if (is_letter(c)) {
      char32_t key = lower(c);
      auto it = std::find_if(reading.letters.begin(), reading.letters.end(),
                             [&](const auto& entry) { return entry.first == key; });
      if (it == reading.letters.end()) reading.letters.emplace_back(key, 1);
      else ++it->second;
    } else if (i > 0 && i + 1 < sample.size() && letter_at(i - 1) && letter_at(i + 1)) {
      ++reading.implausible;  // "c½ur", "Wroc³aw": a symbol no language puts inside a word
    }
  }
  return reading;
}

// Greedy set cover: the languages it takes to write all the letters, and the occurrences of
// letters no language writes (counted as implausible).
std::pair<size_t, size_t> languages_needed(std::vector<std::pair<char32_t, size_t>> letters) {
  size_t languages = 0;
  while (!letters.empty()) {
    size_t best_cover = 0;
    const Language* best = nullptr;
    for (const Language& language : kLanguages) {
      size_t cover = 0;
      for (const auto& [letter, n] : letters) {
        if (language.letters.find(letter) != std::u32string_view::npos) cover += n;
      }
      if (cover > best_cover) {
        best_cover = cover;
        best = &language;
      }
    }
    if (best == nullptr) break;
    ++languages;
    std::erase_if(letters, [&](const auto& entry) {
      return best->letters.find(entry.first) != std::u32string_view::npos;
    });
  }
  size_t unwritten = 0;
  for (const auto& entry : letters) unwritten += entry.second;
  return {languages, unwritten};
}

}  // namespace

bool may_be_latin_page(std::string_view name) {
  static constexpr std::string_view kLatin[] = {
      "WINDOWS-1250", "WINDOWS-1252", "WINDOWS-1254", "WINDOWS-1257", "WINDOWS-1258",
      "ISO-8859-1",   "ISO-8859-2",   "ISO-8859-3",   "ISO-8859-4",   "ISO-8859-9",
      "ISO-8859-10",  "ISO-8859-13",  "ISO-8859-14",  "ISO-8859-15",  "ISO-8859-16",
      "MAC-CENTRALEUROPE"};
  std::string canonical;
  if (find_code_page(name, &canonical) == nullptr) return true;
  return std::find(std::begin(kLatin), std::end(kLatin), canonical) != std::end(kLatin);
}

std::string choose_latin_page(std::string_view sample, std::string_view hint) {
  std::vector<std::string> order{std::string(kFallback)};
  std::string canonical;
  if (!hint.empty() && find_code_page(hint, &canonical) != nullptr) order.push_back(canonical);
  order.insert(order.end(), std::begin(kCandidates), std::end(kCandidates));
  sample = sample.substr(0, kChooserSampleBytes);
  std::string best;
  std::pair<size_t, size_t> best_score;
  for (size_t i = 0; i < order.size(); ++i) {
    const std::string& name = order[i];
    if (std::find(order.begin(), order.begin() + static_cast<std::ptrdiff_t>(i), name) !=
        order.begin() + static_cast<std::ptrdiff_t>(i)) {
      continue;  // the hint was one of the fixed candidates
    }
    const auto* page = find_code_page(name, nullptr);
    if (page == nullptr) continue;
    Reading reading = read_with(sample, *page);
    auto [languages, unwritten] = languages_needed(std::move(reading.letters));
    std::pair<size_t, size_t> score{reading.implausible + unwritten, languages};
    if (best.empty() || score < best_score) {
      best = name;
      best_score = score;
    }
  }
  return best;
}

}  // namespace gofer::csv
