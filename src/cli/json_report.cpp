// Error and summary records of --json; see json_report.hpp.
#include "json_report.hpp"

#include <cstdio>

#include "gofer/json_lines.hpp"
#include "gofer/signals.hpp"

namespace gofer::cli {

void write_error_record(std::string_view command, const Error& error) {
  nlohmann::json object{{"type", "error"},
                        {"command", command},
                        {"error", error.message()},
                        {"category", to_string(error.category())}};
  if (!error.subject().empty()) set_bytes_field(object, "subject", error.subject());
  JsonLinesWriter(stdout).write(object);
}

std::string parsed_command_name(const CLI::App& root) {
  std::string name;
  for (const CLI::App* app = &root; !app->get_subcommands().empty();) {
    app = app->get_subcommands().front();
    if (!name.empty()) name += ' ';
    name += app->get_name();
  }
  return name;
}

JsonReport::JsonReport(bool enabled, std::string command)
    : enabled_(enabled), command_(std::move(command)) {}

void JsonReport::add_counts(const nlohmann::json& counts) {
  if (enabled_) counts_.update(counts);
}

void JsonReport::fail(const Error& error) const {
  if (enabled_) write_error_record(command_, error);
}

int JsonReport::finish(ExitCode code) const {
  int exit_code = to_int(code == ExitCode::kInterrupted ? interrupted_exit_code() : code);
  if (!enabled_) return exit_code;
  nlohmann::json object = counts_;
  object["type"] = "summary";
  object["command"] = command_;
  object["seconds"] =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started_).count();
  object["exit_code"] = exit_code;
  JsonLinesWriter(stdout).write(object);
  return exit_code;
}

void add_summary_counts(const Invocation& invocation, const nlohmann::json& counts) {
  if (invocation.json_report != nullptr) invocation.json_report->add_counts(counts);
}

void write_error_record(const Invocation& invocation, const Error& error) {
  if (invocation.json_report != nullptr) invocation.json_report->fail(error);
}

}  // namespace gofer::cli
