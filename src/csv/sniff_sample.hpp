// The sniffer's view of the sample: its first records under one candidate dialect.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "gofer/csv/dialect.hpp"

namespace gofer::csv {

struct SampleRow {
  std::vector<std::string> fields;
  uint64_t line = 0;  // where the record starts, 1-based in the sample
};

struct SampleParse {
  std::vector<SampleRow> rows;  // at most kSampleRecords; a record cut by the sample's end dropped
  uint64_t lines = 0;           // lines the parser went through
  uint64_t open_quote_line = 0;  // a quote still open at the sample's end was opened here; 0: none
  bool sole_record_cut = false;  // the sample ends inside its first record: its width is unknown
                                 // (a file of one row without a final line break alike: no
                                 // harm, its first record gives the width)
};


[[nodiscard]] SampleParse parse_sample(std::string_view sample, const Dialect& dialect);

// A number as data spells it: digits with signs, separators, units (`-1.5e3`, `12:30`, `$4`).
[[nodiscard]] bool looks_numeric(std::string_view text);

// The most common field count and the share of rows that have it.
[[nodiscard]] std::pair<size_t, double> regularity(const std::vector<SampleRow>& rows);

struct HeaderGuess {
  bool header = false;
  std::string doubt;  // not empty: why the guess may be wrong (said as a warning)
};

// Is the first row a header? Columns vote (see sniff_header.cpp); a guess made on no
// evidence, or against evidence, says so.
[[nodiscard]] HeaderGuess guess_header(const std::vector<SampleRow>& rows);

}  // namespace gofer::csv
