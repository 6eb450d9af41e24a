// The one table of gofer's commands: name, summary, help examples, factory.
#include <array>

#include "command.hpp"
#include "completions_cmd.hpp"
#include "csv_cmd.hpp"
#include "fetch_cmd.hpp"
#include "rename_cmd.hpp"
#include "run_cmd.hpp"
#include "scrape_cmd.hpp"

namespace gofer::cli {
namespace {

constexpr std::string_view kCompletionsExamples = R"(Examples:
  gofer completions bash > /etc/bash_completion.d/gofer
  gofer completions zsh > "${fpath[1]}/_gofer"
  gofer completions fish > ~/.config/fish/completions/gofer.fish)";

const std::array kCommands = {
    CommandEntry{"rename", "Batch rename: preview first, refuse conflicts, undo with --undo",
                 kRenameExamples, &make_rename_command},
    CommandEntry{"csv", "Messy CSV -> clean RFC 4180 UTF-8: normalize, check, sniff",
                 kCsvExamples, &make_csv_command},
    CommandEntry{"fetch", "Concurrent downloads that retry, resume, verify and never leave a half file",
                 kFetchExamples, &make_fetch_command},
    CommandEntry{"scrape", "Extract links or fields from web pages or HTML files (CSS or XPath); crawl a site politely",
                 kScrapeExamples, &make_scrape_command},
    CommandEntry{"run", "Run a job file (TOML): steps of the commands above, one lock, one log",
                 kRunExamples, &make_run_command},
    CommandEntry{"completions", "Print a shell completion script (bash, zsh, fish)",
                 kCompletionsExamples, &make_completions_command},
};

}  // namespace

std::span<const CommandEntry> command_table() { return kCommands; }

}  // namespace gofer::cli
