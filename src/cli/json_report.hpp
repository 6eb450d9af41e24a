// The records every `--json` run shares (docs/gofer-json.schema.json): an error record for
// each failure that has no item record of its own, and the summary that ends every command.
#pragma once

#include <chrono>
#include <string>
#include <string_view>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include "command.hpp"
#include "gofer/error.hpp"
#include "gofer/exit_code.hpp"

namespace gofer::cli {

// {"type":"error","command":…,"error":MESSAGE,"category":…[,"subject":PATH-OR-URL]}
void write_error_record(std::string_view command, const Error& error);

// "csv normalize": the command and subcommand names CLI11 parsed under `root`.
[[nodiscard]] std::string parsed_command_name(const CLI::App& root);

// One command's summary: the counts the command adds, then the time and exit code the caller
// knows at the end. Does nothing unless --json was given.
class JsonReport {
 public:
  JsonReport(bool enabled, std::string command);
  // Merged into the summary; a later call adds keys or replaces them.
  void add_counts(const nlohmann::json& counts);
  // A failure that ended the command, as an error record.
  void fail(const Error& error) const;
  // {"type":"summary","command":…,COUNTS…,"seconds":…,"exit_code":…}. Returns the exit code:
  // `code`, except that "interrupted" becomes 130 or 143 by the signal that came.
  [[nodiscard]] int finish(ExitCode code) const;

 private:
  bool enabled_;
  std::string command_;
  nlohmann::json counts_ = nlohmann::json::object();
  std::chrono::steady_clock::time_point started_ = std::chrono::steady_clock::now();
};

// The summary counts of the command `invocation` runs (nothing without --json).
void add_summary_counts(const Invocation& invocation, const nlohmann::json& counts);
// An error record for one failed input of the command `invocation` runs (only with --json).
void write_error_record(const Invocation& invocation, const Error& error);

}  // namespace gofer::cli
