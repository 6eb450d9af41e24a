// `gofer scrape`.
#pragma once

#include <memory>
#include <string_view>

#include "command.hpp"

namespace gofer::cli {

[[nodiscard]] std::unique_ptr<Command> make_scrape_command();
extern const std::string_view kScrapeExamples;

}  // namespace gofer::cli
