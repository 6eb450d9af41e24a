// Levenshtein-based command suggestions.
#include "suggest.hpp"

#include <algorithm>
#include <vector>

#include <fmt/format.h>

namespace gofer::cli {
namespace {

// Typos further than this from every command get no suggestion (git uses a similar bound).
constexpr size_t kMaxSuggestionDistance = 2;

}  // namespace

size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<size_t> row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    size_t diagonal = row[0];
    row[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      size_t above = row[j];
      size_t substitution = diagonal + (a[i - 1] == b[j - 1] ? 0 : 1);
      row[j] = std::min({above + 1, row[j - 1] + 1, substitution});
      diagonal = above;
    }
  }
  return row[b.size()];
}

std::optional<std::string> unknown_command_message(std::string_view word,
                                                   std::span<const CommandEntry> commands) {
  std::string_view best;
  size_t best_distance = kMaxSuggestionDistance + 1;
  for (const CommandEntry& entry : commands) {
    if (entry.name == word) return std::nullopt;
    size_t distance = edit_distance(word, entry.name);
    bool is_prefix = word.size() >= 2 && entry.name.starts_with(word);
    if (is_prefix) distance = 1;
    if (distance < best_distance) {
      best_distance = distance;
      best = entry.name;
    }
  }
  if (best.empty()) return fmt::format("unknown command '{}'", word);
  return fmt::format("unknown command '{}'; did you mean '{}'?", word, best);
}

}  // namespace gofer::cli
