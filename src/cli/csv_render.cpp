// Rendering of csv reports; stdout carries data (problems, sniff facts), stderr summaries.
#include "csv_render.hpp"

#include <cstdio>

#include <fmt/format.h>

#include "gofer/json_lines.hpp"
#include "gofer/std_streams.hpp"
#include "gofer/terminal.hpp"
#include "plural.hpp"

namespace gofer::cli {
namespace {

constexpr double kMegabyte = 1e6;

std::string dialect_text(const csv::Dialect& dialect) {
  return fmt::format("delimiter '{}', quote {}, {} escapes, {}, {} line endings{}{}",
                     csv::delimiter_name(dialect.delimiter), dialect.quote,
                     csv::to_string(dialect.escape), dialect.header ? "header" : "no header",
                     csv::to_string(dialect.line_ending),
                     dialect.excel_sep_line ? ", Excel sep= line" : "",
                     dialect.comment != '\0' ? fmt::format(", {} comments", dialect.comment)
                                              : std::string());
}

nlohmann::json dialect_json(const csv::Dialect& dialect) {
  return {{"delimiter", std::string(1, dialect.delimiter)},
          {"quote", std::string(1, dialect.quote)},
          {"escape", csv::to_string(dialect.escape)},
          {"header", dialect.header},
          {"line_ending", csv::to_string(dialect.line_ending)},
          {"excel_sep_line", dialect.excel_sep_line},
          {"row_names", dialect.row_names},
          {"comment", dialect.comment != '\0' ? nlohmann::json(std::string(1, dialect.comment))
                                               : nlohmann::json(nullptr)}};
}

std::string cleaning_text(const csv::CleanCounts& c) {
  std::string text;
  auto add = [&](std::string_view name, uint64_t n) {
    if (n > 0) text += fmt::format(", {} {}", name, n);
  };
  add("trimmed values", c.trimmed);
  add("squeezed values", c.squeezed);
  add("nulls", c.nulled);
  add("headers renamed", c.headers_renamed);
  add("duplicates dropped", c.duplicates_dropped);
  add("dates", c.dates);
  add("numbers", c.numbers);
  add("booleans", c.booleans);
  add("dates not fitting", c.dates_not_fitting);
  add("numbers not fitting", c.numbers_not_fitting);
  add("booleans not fitting", c.booleans_not_fitting);
  return text;
}

// A reading that may be wrong is said on stderr, whatever else goes to stdout.
void print_dialect_warnings(const std::string& file, const csv::Dialect& dialect) {
  for (const std::string& warning : dialect.warnings) {
    print_err("{}: warning: {}\n", escape_for_terminal(file), escape_for_terminal(warning));
  }
}

}  // namespace

nlohmann::json normalize_json(const std::string& file, const csv::NormalizeReport& r,
                              double seconds) {
  nlohmann::json object = {{"type", "file"},
                           {"encoding", r.encoding},
                           {"bom", r.bom},
                           {"dialect", dialect_json(r.dialect)},
                           {"columns", r.columns},
                           {"rows_in", r.rows_in},
                           {"rows_out", r.rows_out},
                           {"padded", r.padded},
                           {"trimmed", r.trimmed},
                           {"rejected", r.rejected},
                           {"reject_lines", r.reject_lines},
                           {"blank_lines", r.blank_lines},
                           {"replaced_chars", r.replaced_chars},
                           {"bytes_in", r.bytes_in},
                           {"bytes_out", r.bytes_out},
                           {"seconds", seconds}};
  object["cleaning"] = {{"trimmed", r.clean.trimmed},
                        {"squeezed", r.clean.squeezed},
                        {"nulls", r.clean.nulled},
                        {"headers_renamed", r.clean.headers_renamed},
                        {"duplicates_dropped", r.clean.duplicates_dropped},
                        {"dates", r.clean.dates},
                        {"numbers", r.clean.numbers},
                        {"booleans", r.clean.booleans},
                        {"dates_not_fitting", r.clean.dates_not_fitting},
                        {"numbers_not_fitting", r.clean.numbers_not_fitting},
                        {"booleans_not_fitting", r.clean.booleans_not_fitting},
                        {"inferred_rows", r.inferred_rows}};
  object["warnings"] = r.warnings;
  set_bytes_field(object, "file", file);
  return object;
}

void render_normalize(const std::string& file, const csv::NormalizeReport& r, double seconds,
                      const Invocation& invocation) {
  if (invocation.globals.json) {
    JsonLinesWriter(stdout).write(normalize_json(file, r, seconds));
    return;
  }
  if (invocation.globals.quiet) return;
  std::string rejects;
  if (r.rejected > 0) {
    rejects = fmt::format(" (line {}{})", fmt::join(r.reject_lines, ", line "),
                          r.rejected > r.reject_lines.size() ? ", ..." : "");
  }
  double mb = static_cast<double>(r.bytes_in) / kMegabyte;
  print_err(
      "{}: {}{}, {}\n  rows {} in, {} out, {} padded, {} trimmed, {} rejected{}, {} dropped, {} "
      "replaced{}; {:.1f} MB in {:.2f} s ({:.0f} MB/s)\n",
      escape_for_terminal(file), r.encoding, r.bom ? " with BOM" : "", dialect_text(r.dialect),
      r.rows_in, r.rows_out, r.padded, r.trimmed, r.rejected, rejects,
      counted(r.blank_lines, "blank line"), counted(r.replaced_chars, "char"),
      cleaning_text(r.clean), mb, seconds, seconds > 0 ? mb / seconds : 0.0);
  for (const std::string& warning : r.warnings) {
    print_err("  warning: {}\n", escape_for_terminal(warning));
  }
}

void render_check(const std::string& file, const csv::CheckReport& report,
                  const Invocation& invocation) {
  if (invocation.globals.json) {
    for (const std::string& warning : report.dialect.warnings) {
      nlohmann::json object = {{"type", "warning"}, {"message", warning}};
      set_bytes_field(object, "file", file);
      JsonLinesWriter(stdout).write(object);
    }
  } else if (!invocation.globals.quiet) {
    print_dialect_warnings(file, report.dialect);
  }
  for (const csv::Problem& problem : report.problems) {
    if (invocation.globals.json) {
      nlohmann::json object = {{"type", "problem"},
                               {"line", problem.line},
                               {"column", problem.column},
                               {"message", problem.message}};
      set_bytes_field(object, "file", file);
      JsonLinesWriter(stdout).write(object);
    } else {
      print_out("{}:{}:{}: {}\n", escape_for_terminal(file), problem.line, problem.column,
                escape_for_terminal(problem.message));
    }
  }
  if (invocation.globals.json || report.total_problems <= report.problems.size()) return;
  print_out("{}: {} more {} ({} in total)\n", escape_for_terminal(file),
            report.total_problems - report.problems.size(),
            noun_for(report.total_problems - report.problems.size(), "problem", "problems"),
            report.total_problems);
}

void render_sniff(const std::string& file, const csv::SniffReport& r,
                  const Invocation& invocation) {
  if (invocation.globals.json) {
    nlohmann::json columns = nlohmann::json::array();
    for (const auto& column : r.columns) {
      nlohmann::json entry = {{"type", column.type}};
      set_bytes_field(entry, "name", column.name);
      columns.push_back(entry);
    }
    nlohmann::json object = {{"type", "sniff"},
                             {"encoding", r.encoding},
                             {"bom", r.bom},
                             {"dialect", dialect_json(r.dialect)},
                             {"columns", columns},
                             {"estimated_rows", r.estimated_rows},
                             {"sampled_rows", r.sampled_rows},
                             {"confidence", r.dialect.confidence},
                             {"warnings", r.dialect.warnings}};
    if (r.dialect.runner_up) {
      object["runner_up"] = {{"delimiter", std::string(1, *r.dialect.runner_up)},
                             {"confidence", r.dialect.runner_up_confidence}};
    }
    set_bytes_field(object, "file", file);
    JsonLinesWriter(stdout).write(object);
    return;
  }
  const csv::Dialect& d = r.dialect;
  print_out(
      "file: {}\nencoding: {}\nbom: {}\ndelimiter: {}\nquote: {}\nescape: {}\n"
      "header: {}\ncomments: {}\nline ending: {}\ncolumns: {}\nestimated rows: {}\n"
      "types from: {}\nconfidence: {:.2f}\nrunner-up: {}\n",
      escape_for_terminal(file), r.encoding, r.bom ? "yes" : "no", csv::delimiter_name(d.delimiter),
      d.quote, csv::to_string(d.escape), d.header ? "yes" : "no",
      d.comment != '\0' ? fmt::format("lines starting with {}", d.comment) : std::string("none"),
      csv::to_string(d.line_ending),
      r.columns.size(), r.estimated_rows, counted(r.sampled_rows, "row"), d.confidence,
      d.runner_up ? fmt::format("{} ({:.2f})", csv::delimiter_name(*d.runner_up),
                                d.runner_up_confidence)
                  : std::string("none"));
  for (size_t i = 0; i < r.columns.size(); ++i) {
    print_out("  {:>3}  {}  {}\n", i + 1, escape_for_terminal(r.columns[i].name),
              r.columns[i].type);
  }
  if (!invocation.globals.quiet) print_dialect_warnings(file, d);
}

}  // namespace gofer::cli
