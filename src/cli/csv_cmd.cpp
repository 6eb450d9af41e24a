// `gofer csv normalize|check|sniff`: flags -> typed options, then run per file and render.
#include "csv_cmd.hpp"

#include <fcntl.h>
#include <sys/stat.h>

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <thread>

#include <fmt/format.h>

#include "command.hpp"
#include "csv_files.hpp"
#include "csv_render.hpp"
#include "gofer/csv/check.hpp"
#include "gofer/csv/decode.hpp"
#include "gofer/fs.hpp"
#include "gofer/json_lines.hpp"
#include "gofer/output_file.hpp"
#include "gofer/shard.hpp"
#include "gofer/signals.hpp"
#include "gofer/std_streams.hpp"
#include "json_report.hpp"
#include "plural.hpp"

namespace gofer::cli {

const std::string_view kCsvExamples = R"(Examples:
  gofer csv normalize --clean export.csv -o clean.csv     Excel export -> clean UTF-8 CSV
  gofer csv normalize --clean --dates iso --numbers --booleans in.csv -o typed.csv
  gofer csv check --max-errors 5 upload.csv               list problems as line:col, exit 3
  gofer csv sniff --json export.csv                       detected encoding and dialect)";

namespace {

// Raw flag values as CLI11 fills them (stage one); validate() makes the library options.
struct CsvFlags {
  std::vector<std::string> files;
  std::string encoding, delimiter, quote, escape, header = "auto", comment;
  bool no_header = false, strict_encoding = false;
  // normalize
  std::string output, out_dir, backup, rejects, report, out_delimiter = ",", shard;
  bool in_place = false, crlf = false, bom = false;
  int jobs = 1;
  std::string ragged = "fix", headers = "keep";
  bool trim = false, squeeze = false, clean = false, dedupe = false;
  std::vector<std::string> nulls, select, drop, rename;
  CLI::Option* nulls_option = nullptr;
  size_t max_field_mib = 16;
  std::string dates, date_order;
  bool numbers = false, decimal_comma = false, booleans = false;
  int64_t infer_rows = csv::kDefaultInferRows;  // signed: CLI11 wraps "-3" into a size_t
  size_t threads = 0;
  // check
  bool strict = false;
  size_t max_errors = 20;
};

Result<std::optional<char>> one_char(std::string_view flag, const std::string& text) {
  if (text.empty()) return std::nullopt;
  if (text == "\\t" || text == "tab") return '\t';
  if (text.size() != 1) return fail(usage(fmt::format("{} must be one character", flag)));
  return text[0];
}

// --comment CHAR, or none ('\0'): never a line break, the delimiter or the quote.
Result<std::optional<char>> comment_char(const std::string& text, const csv::DialectOverrides& o) {
  if (text == "none") return '\0';
  GOFER_TRY_ASSIGN(std::optional<char> mark, one_char("--comment", text));
  if (!mark) return std::nullopt;
  if (*mark == '\n' || *mark == '\r' || *mark == '\t' || mark == o.delimiter || mark == o.quote) {
    return fail(usage(fmt::format(
        "--comment '{}' cannot be a line break, a tab, the delimiter or the quote; "
        "--comment none reads every line as data", csv::delimiter_name(*mark))));
  }
  return mark;
}

// A forced encoding gofer cannot decode is a bad flag value (exit 2), found before any input
// is opened; the decoder knows the names.
Status check_forced_encoding(const std::string& encoding) {
  if (encoding.empty()) return {};
  auto decoder = csv::Decoder::create("", encoding);
  if (!decoder) return fail(usage(fmt::format("--encoding: {}", decoder.error().message())));
  return {};
}

Result<csv::DialectOverrides> dialect_overrides(const CsvFlags& f) {
  GOFER_TRY(check_forced_encoding(f.encoding));
  csv::DialectOverrides o;
  GOFER_TRY_ASSIGN(o.delimiter, one_char("--delimiter", f.delimiter));
  GOFER_TRY_ASSIGN(o.quote, one_char("--quote", f.quote));
  for (const auto& [flag, value] : {std::pair{"--delimiter", o.delimiter}, {"--quote", o.quote}}) {
    if (value == '\n' || value == '\r') {
      return fail(usage(fmt::format("{} cannot be a line break", flag)));
    }
  }
  if (o.delimiter && o.delimiter == o.quote) {
    return fail(usage("--delimiter and --quote must be different characters"));
  }
  GOFER_TRY_ASSIGN(o.comment, comment_char(f.comment, o));
  if (f.escape == "backslash") o.escape = csv::EscapeStyle::kBackslash;
  if (f.escape == "doubled") o.escape = csv::EscapeStyle::kDoubled;
  if (f.no_header && f.header == "yes") {
    return fail(usage("--no-header and --header yes contradict each other"));
  }
  if (f.no_header || f.header == "no") o.header = false;
  if (f.header == "yes") o.header = true;
  return o;
}

// Bounds of --max-field-size (MiB; 4 GiB keeps the byte count far from overflow) and --threads.
constexpr int kMaxFieldMib = 4096;
constexpr int kMaxThreads = 256;

Result<size_t> infer_rows(const CsvFlags& f) {
  if (f.infer_rows < 1) return fail(usage("--infer-rows must be at least 1"));
  return static_cast<size_t>(f.infer_rows);
}

Result<csv::TypeRules> type_rules(const CsvFlags& f) {
  csv::TypeRules t;
  t.dates = !f.dates.empty();
  if (!f.date_order.empty() && !t.dates) return fail(usage("--date-order needs --dates iso"));
  t.date_order = f.date_order == "dmy"   ? csv::DateOrder::kDmy
                 : f.date_order == "mdy" ? csv::DateOrder::kMdy
                 : f.date_order == "ymd" ? csv::DateOrder::kYmd
                                         : csv::DateOrder::kAuto;
  t.numbers = f.numbers;
  if (f.decimal_comma && !f.numbers) return fail(usage("--decimal-comma needs --numbers"));
  t.decimal_comma = f.decimal_comma;
  t.booleans = f.booleans;
  GOFER_TRY_ASSIGN(t.infer_rows, infer_rows(f));
  return t;
}

Result<csv::CleanOptions> clean_options(const CsvFlags& f) {
  csv::CleanOptions c;
  c.trim = f.trim || f.clean;
  c.squeeze = f.squeeze;
  c.headers = f.headers == "snake" || (f.clean && f.headers == "keep") ? csv::HeaderStyle::kSnake
              : f.headers == "safe"                                    ? csv::HeaderStyle::kSafe
                                                                       : csv::HeaderStyle::kKeep;
  if (f.clean || f.nulls_option->count() > 0) {
    // Split here, not by CLI11, so each occurrence adds its own list. A bare --nulls
    // gives an empty list: the defaults.
    std::vector<std::string> tokens;
    for (const std::string& list : f.nulls) {
      if (list.empty()) continue;
      for (size_t start = 0, comma = 0; comma != std::string::npos; start = comma + 1) {
        comma = list.find(',', start);
        tokens.push_back(list.substr(start, comma == std::string::npos ? comma : comma - start));
      }
    }
    c.nulls = tokens.empty() ? csv::default_null_tokens() : std::move(tokens);
  }
  c.select = f.select;
  c.drop = f.drop;
  for (const std::string& pair : f.rename) {
    size_t eq = pair.find('=');
    if (eq == std::string::npos || eq == 0) {
      return fail(usage(fmt::format("--rename expects OLD=NEW, got '{}'", pair)));
    }
    c.rename.emplace_back(pair.substr(0, eq), pair.substr(eq + 1));
  }
  c.dedupe = f.dedupe;
  GOFER_TRY_ASSIGN(c.types, type_rules(f));
  return c;
}

Result<csv::NormalizeOptions> normalize_options(const CsvFlags& f) {
  csv::NormalizeOptions o;
  o.encoding = f.encoding;
  o.strict_encoding = f.strict_encoding;
  GOFER_TRY_ASSIGN(o.dialect, dialect_overrides(f));
  GOFER_TRY_ASSIGN(auto out_delimiter, one_char("--out-delimiter", f.out_delimiter));
  o.out_delimiter = out_delimiter.value_or(',');
  // The output quotes with '"' and ends lines with LF or CRLF: none of them can part fields.
  if (o.out_delimiter == '"' || o.out_delimiter == '\n' || o.out_delimiter == '\r') {
    return fail(usage("--out-delimiter cannot be '\"' or a line break"));
  }
  o.crlf = f.crlf;
  o.bom = f.bom;
  o.ragged = f.ragged == "error"  ? csv::RaggedPolicy::kError
             : f.ragged == "keep" ? csv::RaggedPolicy::kKeep
                                  : csv::RaggedPolicy::kFix;
  GOFER_TRY_ASSIGN(o.clean, clean_options(f));
  o.max_record_bytes = f.max_field_mib << 20;
  o.threads = f.threads;
  return o;
}

// The output flags fit `input_count` inputs; the one check of both a run and `run --check`.
Status check_output_flags(const CsvFlags& f, size_t input_count, bool reads_stdin, bool json) {
  int targets = (f.output.empty() ? 0 : 1) + (f.out_dir.empty() ? 0 : 1) + (f.in_place ? 1 : 0);
  if (targets > 1) return fail(usage("use only one of -o, --out-dir and --in-place"));
  if (input_count > 1 && targets == 0) {
    return fail(usage("several inputs need --out-dir DIR or --in-place"));
  }
  if (input_count > 1 && !f.output.empty()) return fail(usage("-o takes one input; use --out-dir"));
  if (input_count > 1 && !f.rejects.empty()) return fail(usage("--rejects takes one input"));
  if (f.in_place && reads_stdin) {
    return fail(usage("--in-place cannot rewrite stdin"));
  }
  if (!f.backup.empty() && !f.in_place) return fail(usage("--backup needs --in-place"));
  bool to_stdout = targets == 0 || f.output == "-";
  if (json && to_stdout) {
    return fail(usage("--json needs -o, --out-dir or --in-place: stdout carries the CSV"));
  }
  return {};
}

// One output plan per input, after checking the output flags fit the number of inputs.
Result<std::vector<CsvOutputPlan>> output_plans(const CsvFlags& f,
                                                const std::vector<std::string>& files, bool json) {
  bool reads_stdin = std::count(files.begin(), files.end(), "-") > 0;
  GOFER_TRY(check_output_flags(f, files.size(), reads_stdin, json));
  std::vector<CsvOutputPlan> plans;
  for (const std::string& file : files) {
    CsvOutputPlan plan{f.output, f.in_place, f.backup, f.rejects};
    if (!f.out_dir.empty()) {
      std::string name =
          file == "-" ? "stdin.csv" : std::filesystem::path(file).filename().string();
      plan.output = (std::filesystem::path(f.out_dir) / name).string();
    }
    plans.push_back(std::move(plan));
  }
  GOFER_TRY(check_outputs_distinct(files, plans));
  return plans;
}

// The summary of a `csv normalize` run: the reports of every input added up.
struct NormalizeTotals {
  uint64_t failed = 0, rows_in = 0, rows_out = 0, rejected = 0, bytes_in = 0, bytes_out = 0;
  void add(const csv::NormalizeReport& r) {
    rows_in += r.rows_in;
    rows_out += r.rows_out;
    rejected += r.rejected;
    bytes_in += r.bytes_in;
    bytes_out += r.bytes_out;
  }
  [[nodiscard]] nlohmann::json json() const {
    return {{"failed", failed},     {"rows_in", rows_in},   {"rows_out", rows_out},
            {"rejected", rejected}, {"bytes_in", bytes_in}, {"bytes_out", bytes_out}};
  }
};

struct ShardedInputs {
  std::vector<std::string> files;
  std::vector<CsvOutputPlan> plans;  // by file
};

class CsvCommand final : public Command {
 public:
  void configure(CLI::App& app) override;
  Result<ExitCode> execute(const Invocation& invocation) override;

 private:
  void add_input_options(CLI::App& sub);
  void configure_normalize(CLI::App& sub);
  void add_infer_rows_option(CLI::App& sub);
  Result<ExitCode> preview(const Invocation& invocation) override;
  Status check_options() const override;
  [[nodiscard]] Result<ExitCode> run_normalize(const Invocation& invocation);
  [[nodiscard]] Result<ShardedInputs> normalize_inputs(bool json) const;
  [[nodiscard]] Result<ExitCode> run_check(const Invocation& invocation, bool sniff_only);
  [[nodiscard]] std::vector<std::string> inputs() const;

  CsvFlags flags_;
  CLI::App* normalize_ = nullptr;
  CLI::App* check_ = nullptr;
  CLI::App* sniff_ = nullptr;
};

std::vector<std::string> CsvCommand::inputs() const {
  return flags_.files.empty() ? std::vector<std::string>{"-"} : flags_.files;
}

// The inputs and their outputs, checked against all inputs (so one command line is valid in
// every shard) and then cut down to this process's --shard by a stable hash of each path.
Result<ShardedInputs> CsvCommand::normalize_inputs(bool json) const {
  ShardedInputs all{inputs(), {}};
  GOFER_TRY_ASSIGN(all.plans, output_plans(flags_, all.files, json));
  if (flags_.shard.empty()) return all;
  GOFER_TRY_ASSIGN(Shard shard, resolve_shard(flags_.shard, &std::getenv));
  ShardedInputs mine;
  for (size_t i = 0; i < all.files.size(); ++i) {
    if (!in_shard(all.files[i], shard)) continue;
    mine.files.push_back(all.files[i]);
    mine.plans.push_back(all.plans[i]);
  }
  return mine;
}

// A glob operand of a job step may match several files: it counts as two, so `--rejects` or
// `-o` with a glob is refused before any step runs, not after the earlier steps did their work.
Status CsvCommand::check_options() const {
  if (!normalize_->parsed()) return {};
  GOFER_TRY(normalize_options(flags_));
  std::vector<std::string> files = inputs();
  size_t count = files.size();
  for (const std::string& file : files) count += file.find_first_of("*?[") != file.npos ? 1U : 0U;
  bool reads_stdin = std::count(files.begin(), files.end(), "-") > 0;
  return check_output_flags(flags_, count, reads_stdin, false);
}

Result<ExitCode> CsvCommand::preview(const Invocation& invocation) {
  if (!normalize_->parsed()) return execute(invocation);  // check and sniff only read
  // The same flag checks as a run, so a dry run reports what the run would refuse.
  if (auto options = normalize_options(flags_); !options) return fail(std::move(options.error()));
  GOFER_TRY_ASSIGN(ShardedInputs mine, normalize_inputs(invocation.globals.json));
  for (size_t i = 0; i < mine.files.size(); ++i) {
    const CsvOutputPlan& plan = mine.plans[i];
    std::string target = plan.in_place                               ? mine.files[i] + " (in place)"
                         : plan.output.empty() || plan.output == "-" ? std::string("stdout")
                                                                     : plan.output;
    if (invocation.globals.json) {
      JsonLinesWriter(stdout).write(
          {{"type", "preview"}, {"input", mine.files[i]}, {"output", target}});
    } else {
      print_out("{} -> {}\n", escape_for_terminal(mine.files[i]), escape_for_terminal(target));
    }
  }
  if (invocation.items != nullptr) *invocation.items = mine.files.size();
  add_summary_counts(invocation, {{"planned", mine.files.size()}});
  if (!invocation.globals.quiet) {
    print_err("{} would be normalized\n", counted(mine.files.size(), "file"));
  }
  return ExitCode::kOk;
}

Result<ExitCode> CsvCommand::run_normalize(const Invocation& invocation) {
  GOFER_TRY_ASSIGN(csv::NormalizeOptions options, normalize_options(flags_));
  GOFER_TRY_ASSIGN(ShardedInputs mine, normalize_inputs(invocation.globals.json));
  std::vector<std::string> files = std::move(mine.files);
  std::vector<CsvOutputPlan> plans = std::move(mine.plans);
  if (invocation.items != nullptr) *invocation.items = files.size();
  add_summary_counts(invocation, {{"files", files.size()}});
  if (files.empty()) {
    if (!invocation.globals.quiet) print_err("no input in this shard\n");
    return ExitCode::kOk;
  }
  if (!flags_.out_dir.empty()) GOFER_TRY(make_directories(flags_.out_dir));
  std::vector<std::optional<CsvFileResult>> results(files.size());
  size_t threads =
      std::clamp<size_t>(static_cast<size_t>(std::max(flags_.jobs, 1)), 1, files.size());
  options.threads = threads_per_file(options.threads, threads, std::thread::hardware_concurrency());
  std::atomic<size_t> next{0};
  auto worker = [&] {
    for (size_t i = next++; i < files.size() && !stop_requested(); i = next++) {
      results[i] = normalize_file(files[i], plans[i], options);
    }
  };
  std::vector<std::jthread> pool;
  for (size_t t = 1; t < threads; ++t) pool.emplace_back(worker);
  worker();
  pool.clear();
  if (stop_requested()) return ExitCode::kInterrupted;
  ExitCode code = ExitCode::kOk;
  nlohmann::json reports = nlohmann::json::array();
  NormalizeTotals totals;
  for (auto& result : results) {
    if (!result->report) {
      if (files.size() == 1) return fail(std::move(result->report.error()));
      print_err("gofer: csv: {}: {}\n", escape_for_terminal(result->input),
                escape_for_terminal(result->report.error().message()));
      Error error = result->report.error();
      if (error.subject().empty()) error.with_subject(result->input);
      write_error_record(invocation, error);
      ++totals.failed;
      code = ExitCode::kPartialFailure;
      continue;
    }
    render_normalize(result->input, *result->report, result->seconds, invocation);
    reports.push_back(normalize_json(result->input, *result->report, result->seconds));
    totals.add(*result->report);
    if (result->report->rejected > 0) code = ExitCode::kPartialFailure;
  }
  add_summary_counts(invocation, totals.json());
  if (!flags_.report.empty()) {
    GOFER_TRY(write_output_file(flags_.report, reports.dump(2) + "\n"));
  }
  return code;
}

Result<ExitCode> CsvCommand::run_check(const Invocation& invocation, bool sniff_only) {
  csv::CheckOptions options;
  options.encoding = flags_.encoding;
  GOFER_TRY_ASSIGN(options.dialect, dialect_overrides(flags_));
  options.strict = flags_.strict;
  options.max_errors = flags_.max_errors;
  GOFER_TRY_ASSIGN(options.infer_rows, infer_rows(flags_));
  uint64_t problems = 0, failed = 0;
  for (const std::string& file : inputs()) {
    UniqueFd owned;
    if (file != "-") {
      auto fd = open_input(file);
      if (!fd && fd.error().category() == ErrorCategory::kInterrupted) {
        return fail(std::move(fd.error()));  // Ctrl-C at a silent FIFO ends the run: 130/143
      }
      if (!fd) {
        print_err("gofer: csv: {}\n", escape_for_terminal(fd.error().message()));
        write_error_record(invocation, fd.error());
        ++failed;
        continue;
      }
      owned = std::move(*fd);
    }
    int fd = owned.valid() ? owned.get() : 0;
    if (sniff_only) {
      struct stat st {};
      uint64_t size =
          ::fstat(fd, &st) == 0 && S_ISREG(st.st_mode) ? static_cast<uint64_t>(st.st_size) : 0;
      auto report = csv::sniff(fd, size, options);
      if (!report) return fail(std::move(report.error()).with_subject(file));
      render_sniff(file, *report, invocation);
      continue;
    }
    auto report = csv::check(fd, options);
    if (!report) return fail(std::move(report.error()).with_subject(file));
    render_check(file, *report, invocation);
    problems += report->total_problems;
  }
  add_summary_counts(invocation, {{"files", inputs().size()}, {"failed", failed}});
  if (!sniff_only) add_summary_counts(invocation, {{"problems", problems}});
  // When no input could be read, its error line says it all (as in coreutils).
  bool checked_any = failed < inputs().size();
  if (!sniff_only && checked_any && !invocation.globals.json && !invocation.globals.quiet) {
    print_err("{} found\n", counted(problems, "problem"));
  }
  if (failed > 0) return ExitCode::kPartialFailure;
  return problems > 0 ? ExitCode::kRefused : ExitCode::kOk;
}

Result<ExitCode> CsvCommand::execute(const Invocation& invocation) {
  if (normalize_->parsed()) return run_normalize(invocation);
  if (check_->parsed()) return run_check(invocation, false);
  return run_check(invocation, true);
}

void CsvCommand::add_input_options(CLI::App& sub) {
  CsvFlags& f = flags_;
  sub.fallthrough();  // global options after the subcommand reach the root app
  sub.add_option("files", f.files, "Input files ('-' or none: stdin)")->type_name("FILE");
  sub.add_option("--encoding", f.encoding,
                 "Force the input encoding (UTF-8, UTF-16LE, WINDOWS-1252, ISO-8859-15, KOI8-R…)")
      ->type_name("NAME");
  sub.add_option("--delimiter", f.delimiter,
                 "Force the delimiter: one character, or tab (default: sniffed among , ; tab | ^ :)")
      ->type_name("CHAR");
  sub.add_option("--quote", f.quote, "Force the quote character")->type_name("CHAR");
  sub.add_option("--escape", f.escape, "How a quote is escaped inside quotes (default: sniffed)")
      ->check(CLI::IsMember({"doubled", "backslash"}));
  sub.add_option("--header", f.header,
                 "yes: the first row is the header, no: it is data, auto (default): guessed, "
                 "with a warning when the guess is close")
      ->check(CLI::IsMember({"yes", "no", "auto"}));
  sub.add_flag("--no-header", f.no_header, "= --header no");
  sub.add_option("--comment", f.comment,
                 "Lines starting with CHAR are comments, left out (default: # when its lines "
                 "are not table rows; none: no comments)")
      ->type_name("CHAR|none");
}

void CsvCommand::add_infer_rows_option(CLI::App& sub) {
  sub.add_option("--infer-rows", flags_.infer_rows,
                 "Column types are decided from the first N rows (default 10000)");
}

void CsvCommand::configure_normalize(CLI::App& sub) {
  CsvFlags& f = flags_;
  add_input_options(sub);
  sub.add_option("-o,--output", f.output, "Output file (atomic; default stdout)")
      ->type_name("FILE");
  sub.add_option("--out-dir", f.out_dir, "Write each input to DIR/<its name>")->type_name("DIR");
  sub.add_option("-j,--jobs", f.jobs, "Files processed in parallel with --out-dir/--in-place");
  sub.add_flag("--in-place", f.in_place, "Replace each input atomically");
  sub.add_option("--backup", f.backup, "With --in-place, keep the original as NAME+SUFFIX")
      ->type_name("SUFFIX");
  sub.add_flag("--strict-encoding", f.strict_encoding, "Invalid UTF-8 is an error, not U+FFFD");
  sub.add_option("--out-delimiter", f.out_delimiter, "Output delimiter (default ,)")
      ->type_name("CHAR");
  sub.add_flag("--crlf", f.crlf, "End lines with CRLF (default LF)");
  sub.add_flag("--bom", f.bom, "Start the output with a UTF-8 BOM");
  sub.add_option("--ragged", f.ragged, "Rows of the wrong width: fix (default), error, keep")
      ->check(CLI::IsMember({"fix", "error", "keep"}));
  sub.add_option("--rejects", f.rejects, "Write rejected rows here (line number first)")
      ->type_name("FILE");
  sub.add_flag("--trim", f.trim, "Strip white space (incl. NBSP, tabs) around values");
  sub.add_flag("--squeeze", f.squeeze, "Collapse inner runs of white space");
  sub.add_option("--headers", f.headers, "keep, snake or safe (unique, column_N for empty)")
      ->check(CLI::IsMember({"keep", "snake", "safe"}));
  // A flag whose value must be attached (--nulls=NA,-), as with GNU getopt's optional
  // arguments: `--nulls in.csv` keeps in.csv an input.
  f.nulls_option = sub.add_flag("--nulls{}", f.nulls,
                                "Null tokens become empty (default NA,N/A,NULL,null,None,-,nan; "
                                "--nulls=TOKENS sets them)")
                       ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
  sub.add_flag("--clean", f.clean, "= --trim --headers snake --nulls");
  // One value per occurrence: otherwise `--select a,b data.csv` takes data.csv as a column.
  sub.add_option("--select", f.select, "Keep only these columns, in this order")
      ->type_name("COLUMN")
      ->delimiter(',')
      ->allow_extra_args(false);
  sub.add_option("--drop", f.drop, "Drop these columns")
      ->type_name("COLUMN")
      ->delimiter(',')
      ->allow_extra_args(false);
  sub.add_option("--rename", f.rename, "Rename a column: OLD=NEW (repeatable)")
      ->type_name("OLD=NEW")
      ->allow_extra_args(false);
  sub.add_flag("--dedupe", f.dedupe, "Drop exact duplicate rows (a hash per row in memory)");
  sub.add_option("--dates", f.dates, "iso: dates and datetimes of date columns become ISO 8601")
      ->check(CLI::IsMember({"iso"}));
  sub.add_option("--date-order", f.date_order,
                 "auto (default: proved per column, ambiguous columns untouched), dmy, mdy, ymd")
      ->check(CLI::IsMember({"auto", "dmy", "mdy", "ymd"}));
  sub.add_flag("--numbers", f.numbers,
               "Number columns: strip currency and digit grouping, decimal comma -> point");
  sub.add_flag("--decimal-comma", f.decimal_comma, "With --numbers: ',' is the decimal mark");
  sub.add_flag("--booleans", f.booleans, "Columns of yes/no, Y/N, true/FALSE… -> true/false");
  add_infer_rows_option(sub);
  // Range checks run on the text, before CLI11 would wrap "-1" into a huge size_t.
  sub.add_option("--max-field-size", f.max_field_mib,
                 fmt::format("Largest record, 1 to {} MiB (default 16)", kMaxFieldMib))
      ->check(CLI::Range(1, kMaxFieldMib))
      ->type_name("MiB");
  sub.add_option("--report", f.report, "Also write the summary as JSON to FILE")->type_name("FILE");
  sub.add_option("--shard", f.shard,
                 "Only the inputs whose path's stable hash (FNV-1a) mod N is K-1; auto: K and N "
                 "from the array job's environment")
      ->type_name("K/N|auto");
  sub.add_option("--threads", f.threads,
                 fmt::format("Threads parsing one input in chunks, 1 to {} (default: one per "
                             "core; 1 = serial)",
                             kMaxThreads))
      ->check(CLI::Range(1, kMaxThreads));
}

void CsvCommand::configure(CLI::App& app) {
  app.require_subcommand(1, 1);
  normalize_ = app.add_subcommand("normalize", "Messy CSV -> RFC 4180 UTF-8, one canonical form");
  configure_normalize(*normalize_);
  check_ = app.add_subcommand("check", "Report problems as file:line:col; exit 3 if any");
  add_input_options(*check_);
  check_->add_flag("--strict", flags_.strict, "Also report quotes inside unquoted fields");
  check_->add_option("--max-errors", flags_.max_errors, "Problems listed per file (default 20)");
  sniff_ = app.add_subcommand("sniff", "Print the detected encoding, dialect and column types");
  add_input_options(*sniff_);
  add_infer_rows_option(*sniff_);
}

}  // namespace

std::unique_ptr<Command> make_csv_command() { return std::make_unique<CsvCommand>(); }

}  // namespace gofer::cli
