// A CSV dialect: how fields, quotes and lines are spelled in one input (sniffed or forced).
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace gofer::csv {

enum class LineEnding { kNone, kLf, kCrlf, kCr, kMixed };
enum class EscapeStyle { kDoubled, kBackslash };

struct Dialect {
  char delimiter = ',';
  char quote = '"';
  EscapeStyle escape = EscapeStyle::kDoubled;
  bool header = true;
  LineEnding line_ending = LineEnding::kLf;
  bool excel_sep_line = false;  // the first line is Excel's "sep=;" and is not data
  size_t columns = 0;           // the most common field count in the sniffed sample
  // Lines before the header that are not part of the table (`#` comments, a title, an
  // export date), skipped with the sep= line; their bytes in the decoded text.
  size_t skipped_lines = 0;
  size_t skipped_bytes = 0;
  // Lines starting with this byte are comments wherever they are (numpy's `## denormals ##`
  // between data rows, tzdata's 19 `#` lines above its table); '\0': none.
  char comment = '\0';
  // R's write.csv: the header names every column but the first (the row names), so it is
  // one field short of the table; read with an empty first name.
  bool row_names = false;
  // How sure the sniffer is of the delimiter (0..1; 1 when forced) and the next best one.
  double confidence = 1.0;
  std::optional<char> runner_up;
  double runner_up_confidence = 0.0;
  // Why the reading may be wrong (a low confidence, a header guess on thin evidence, lines
  // skipped): said on stderr and in --json, never silently.
  std::vector<std::string> warnings;
};

// Below this confidence the delimiter guess is reported as a warning.
inline constexpr double kLowConfidence = 0.75;

// What the user forced on the command line; unset members are sniffed.
struct DialectOverrides {
  std::optional<char> delimiter;
  std::optional<char> quote;
  std::optional<EscapeStyle> escape;
  std::optional<bool> header;  // --header yes|no; unset: guessed
  std::optional<char> comment;  // --comment CHAR|none ('\0'); unset: sniffed
};

[[nodiscard]] std::string_view to_string(LineEnding ending);
[[nodiscard]] std::string_view to_string(EscapeStyle escape);
// "," -> ",", '\t' -> "\\t": how a delimiter is shown in summaries.
[[nodiscard]] std::string delimiter_name(char delimiter);

// Bytes of Excel's `sep=X` first line with its line break (LF, CRLF or CR); 0 when `text`
// does not start with one.
[[nodiscard]] size_t excel_sep_line_size(std::string_view text);

// The sample is the first decoded block of the input (UTF-8).
[[nodiscard]] Dialect sniff_dialect(std::string_view sample, const DialectOverrides& overrides);

}  // namespace gofer::csv
