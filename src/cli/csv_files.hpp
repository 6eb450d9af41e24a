// Where `csv normalize` reads and writes one input: stdin/stdout, -o, --out-dir, --in-place.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "gofer/csv/normalize.hpp"

namespace gofer::cli {

struct CsvOutputPlan {
  std::string output;  // empty: stdout
  bool in_place = false;
  std::string backup_suffix;  // with in_place: keep the original under name + suffix
  std::string rejects;        // empty: rejected rows are only counted
};

struct CsvFileResult {
  std::string input;
  Result<csv::NormalizeReport> report;
  double seconds = 0;
};

// Threads for each input when `files_in_parallel` inputs run at once (-j): an explicit
// --threads wins; otherwise the cores are shared out, so -j 2 on 2 cores runs 2 threads, not
// 2 x 2 (0 = let the job decide, as for a single input).
[[nodiscard]] size_t threads_per_file(size_t requested, size_t files_in_parallel, size_t cores);

// Refuses, before anything is written, plans where two inputs would write one output (two
// a/d.csv, b/d.csv into one --out-dir) or where an output (or --rejects) is one of the inputs
// without --in-place: either would lose data silently. Paths are compared as the files they
// name (device and inode), so `./d.csv`, `d.csv` and a symlink to it are the same.
[[nodiscard]] Status check_outputs_distinct(const std::vector<std::string>& inputs,
                                            const std::vector<CsvOutputPlan>& plans);

// Normalizes one input; the output appears under its final name only if everything succeeded.
[[nodiscard]] CsvFileResult normalize_file(const std::string& input, const CsvOutputPlan& plan,
                                           const csv::NormalizeOptions& options);

}  // namespace gofer::cli
