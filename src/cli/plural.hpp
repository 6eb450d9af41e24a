// Counts in human output with the noun in the right number: "1 page", "2 pages".
// English only: gofer's messages are not translated.
#pragma once

#include <concepts>
#include <string>
#include <string_view>

#include <fmt/format.h>

namespace gofer::cli {

// `singular` for a count of exactly 1, `plural` otherwise (0 pages, 2 pages).
template <std::integral Count>
[[nodiscard]] std::string_view noun_for(Count count, std::string_view singular,
                                        std::string_view plural) {
  return count == 1 ? singular : plural;
}

// "1 entry", "3 entries".
template <std::integral Count>
[[nodiscard]] std::string counted(Count count, std::string_view singular, std::string_view plural) {
  return fmt::format("{} {}", count, noun_for(count, singular, plural));
}

// "1 page", "3 pages": for nouns whose plural adds an s.
template <std::integral Count>
[[nodiscard]] std::string counted(Count count, std::string_view singular) {
  return count == 1 ? fmt::format("1 {}", singular) : fmt::format("{} {}s", count, singular);
}

}  // namespace gofer::cli
