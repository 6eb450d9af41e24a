// `gofer csv` with its subcommands normalize, check and sniff.
#pragma once

#include <memory>
#include <string_view>

#include "command.hpp"

namespace gofer::cli {

[[nodiscard]] std::unique_ptr<Command> make_csv_command();
extern const std::string_view kCsvExamples;

}  // namespace gofer::cli
