// Small pieces of job files that need no TOML parser: durations.
#include <charconv>

#include <fmt/format.h>

#include "gofer/job/job.hpp"

namespace gofer::job {

Result<double> parse_duration(std::string_view text) {
  auto bad = [&] {
    return fail(ErrorCategory::kInvalidArgument,
                fmt::format("expected a duration like 90s, 15m, 2h, 1d or 1h30m, got '{}'", text));
  };
  double total = 0;
  std::string_view rest = text;
  if (rest.empty()) return bad();
  while (!rest.empty()) {
    double value = 0;
    auto [end, error] = std::from_chars(rest.data(), rest.data() + rest.size(), value);
    if (error != std::errc{} || value < 0) return bad();
    rest.remove_prefix(static_cast<size_t>(end - rest.data()));
    double unit = 1;
    if (!rest.empty()) {
      char c = rest.front();
      unit = c == 's' ? 1 : c == 'm' ? 60 : c == 'h' ? 3600 : c == 'd' ? 86400 : -1;
      if (unit < 0) return bad();
      rest.remove_prefix(1);
    } else if (total > 0) {
      return bad();  // "1h30": a unit is required after the first part
    }
    total += value * unit;
  }
  if (total <= 0) return bad();
  return total;
}

}  // namespace gofer::job
