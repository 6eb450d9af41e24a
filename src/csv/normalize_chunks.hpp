// Chunked normalize: a skimming parser finds record boundaries, worker threads parse and
// write the chunks between them, and the output is put back in input order.
#pragma once

#include <cstdint>

#include "gofer/csv/normalize.hpp"
#include "input.hpp"
#include "normalize_sink.hpp"

namespace gofer::csv {

// How many threads a normalize may use (NormalizeOptions::threads, 0 = one per core).
[[nodiscard]] size_t normalize_threads(const NormalizeOptions& options);

// Normalizes the rest of `input` like a serial parse into `head` would, byte for byte:
// same output, rejects, counts and errors (the first error in input order wins).
[[nodiscard]] Status normalize_in_chunks(DecodedInput& input, NormalizeSink& head,
                                         NormalizeReport& report, uint64_t first_line,
                                         const NormalizeOptions& options, const WriteFn& output,
                                         const WriteFn& rejects);

}  // namespace gofer::csv
