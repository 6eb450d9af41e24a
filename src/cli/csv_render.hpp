// Human and JSON output of `gofer csv`: normalize summaries, check problems, sniff facts.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "command.hpp"
#include "gofer/csv/check.hpp"
#include "gofer/csv/normalize.hpp"

namespace gofer::cli {

[[nodiscard]] nlohmann::json normalize_json(const std::string& file,
                                            const csv::NormalizeReport& report, double seconds);
void render_normalize(const std::string& file, const csv::NormalizeReport& report, double seconds,
                      const Invocation& invocation);
void render_check(const std::string& file, const csv::CheckReport& report,
                  const Invocation& invocation);
void render_sniff(const std::string& file, const csv::SniffReport& report,
                  const Invocation& invocation);

}  // namespace gofer::cli
