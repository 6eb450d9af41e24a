// Steps of `gofer run`: job::Step -> CLI11 (the command line's own parser) -> Command.
#include "job_steps.hpp"

#include <algorithm>
#include <array>
#include <chrono>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "command_set.hpp"
#include "gofer/job/arguments.hpp"
#include "gofer/json_lines.hpp"
#include "json_report.hpp"

namespace gofer::cli {
namespace {

// Commands that make no sense as a step: a job inside a job, a shell completion script.
constexpr std::array<std::string_view, 2> kNotSteps = {"run", "completions"};

std::string subcommand_names(const CLI::App& app) {
  std::vector<std::string> names;
  for (const CLI::App* sub : app.get_subcommands({})) names.push_back(sub->get_name());
  return fmt::format("{}", fmt::join(names, ", "));
}

// CLI11 2.1's get_subcommand() throws for an unknown name.
CLI::App* find_subcommand(CLI::App& app, const std::string& name) {
  for (CLI::App* sub : app.get_subcommands({})) {
    if (sub->get_name() == name) return sub;
  }
  return nullptr;
}

// The CLI11 app of the step's command ("csv normalize" -> the normalize subcommand).
Result<CLI::App*> command_app(CommandSet& set, const job::Step& step) {
  CLI::App* app = &set.app;
  std::string path;
  for (const std::string& word : step.command) {
    CLI::App* sub = find_subcommand(*app, word);
    bool forbidden =
        app == &set.app && std::find(kNotSteps.begin(), kNotSteps.end(), word) != kNotSteps.end();
    if (sub == nullptr || forbidden) {
      std::string known = app == &set.app ? "fetch, csv, rename" : subcommand_names(*app);
      return fail(
          job::error_at(step.command_position,
                        fmt::format("unknown command '{}{}' (one of: {})", path, word, known)));
    }
    path += word + ".";
    app = sub;
  }
  if (app->get_require_subcommand_min() > 0) {
    return fail(job::error_at(step.command_position,
                              fmt::format("'{}' needs a subcommand table: {}", step.command.front(),
                                          subcommand_names(*app))));
  }
  return app;
}

CLI::Option* operand_option(CLI::App& app) {
  for (CLI::Option* option : app.get_options()) {
    if (option->get_positional()) return option;
  }
  return nullptr;
}

Status check_value_type(const job::StepOption& option, const CLI::Option& cli) {
  bool is_flag = cli.get_expected_max() == 0;
  bool value_optional = cli.get_expected_min() == 0;  // e.g. --nulls [TOKENS]
  bool is_bool = option.type == job::ValueType::kBool;
  bool flag_takes_text = !cli.get_fnames().empty();  // e.g. --slug{-}: --slug=_ sets it
  if (is_flag && !is_bool && !flag_takes_text) {
    return fail(
        job::error_at(option.position, fmt::format("'{}' is a flag: true or false", option.key)));
  }
  if (!is_flag && is_bool && !value_optional) {
    return fail(
        job::error_at(option.position, fmt::format("'{}' takes a value ({}), not true or false",
                                                   option.key, cli.get_type_name())));
  }
  if (option.is_array && (is_flag || cli.get_items_expected_max() <= 1)) {
    return fail(job::error_at(option.position,
                              fmt::format("'{}' takes one value, not an array", option.key)));
  }
  return {};
}

Status check_option(CommandSet& set, CLI::App& app, const job::StepOption& option,
                    const std::string& command) {
  if (option.positional) {
    if (operand_option(app) == nullptr) {
      return fail(job::error_at(option.position, fmt::format("'{}': this command takes no "
                                                             "operands",
                                                             option.key)));
    }
    return {};
  }
  const CLI::Option* cli = app.get_option_no_throw("--" + option.name);
  if (cli == nullptr && set.app.get_option_no_throw("--" + option.name) != nullptr) {
    return fail(job::error_at(option.position,
                              fmt::format("'{}' is a global option: give it to gofer run (or "
                                          "in [job])",
                                          option.key)));
  }
  if (cli == nullptr || option.name.size() < 2) {
    return fail(job::error_at(
        option.position, fmt::format("unknown option '{}' for {} (see 'gofer help {}')", option.key,
                                     command, command)));
  }
  return check_value_type(option, *cli);
}

// Where a CLI11 message points: the key whose option it names ("--jobs"), else the command.
const job::SourcePosition& error_position(const job::Step& step, std::string_view message) {
  for (const job::StepOption& option : step.options) {
    std::string flag = "--" + option.name;
    size_t at = message.find(flag);
    bool whole = at != message.npos && (at + flag.size() == message.size() ||
                                        std::string_view(" =:,").find(message[at + flag.size()]) !=
                                            std::string_view::npos);
    if (whole && !option.positional) return option.position;
  }
  return step.command_position;
}

// Parses a step's arguments with the command line's parser. CLI11 reports by exception.
Status parse_arguments(CommandSet& set, const std::vector<std::string>& args,
                       const job::Step& step) {
  try {
    parse_command_line(set.app, args);
  } catch (const CLI::ParseError& error) {
    std::string message = parse_error_message(error);
    return fail(job::error_at(error_position(step, message),
                              fmt::format("{}: {}", fmt::join(step.command, " "), message)));
  }
  return {};
}

}  // namespace

std::string step_command_line(const job::Step& step) {
  return quote_command_line(job::step_arguments(step));
}

Result<job::Step> check_step(const job::Step& step, std::string_view job_shard) {
  auto set = make_command_set();
  GOFER_TRY_ASSIGN(CLI::App * app, command_app(*set, step));
  job::Step checked = step;
  bool has_shard = std::any_of(step.options.begin(), step.options.end(),
                               [](const job::StepOption& o) { return o.name == "shard"; });
  if (!job_shard.empty() && !has_shard && app->get_option_no_throw("--shard") != nullptr) {
    checked.options.push_back({"shard",
                               "shard",
                               false,
                               job::ValueType::kString,
                               false,
                               {std::string(job_shard)},
                               step.command_position});
  }
  std::string command = fmt::format("{}", fmt::join(step.command, " "));
  for (const job::StepOption& option : checked.options) {
    GOFER_TRY(check_option(*set, *app, option, command));
  }
  GOFER_TRY(parse_arguments(*set, job::step_arguments(checked), checked));
  // The command's own option checks, so no step runs when a later one would be refused.
  if (auto valid = set->chosen()->command->check_options(); !valid) {
    return fail(job::error_at(
        step.command_position,
        fmt::format("step '{}': {}: {}", step.name, command, valid.error().message())));
  }
  return checked;
}

StepOutcome run_step(const job::Step& checked, const StepRun& run) {
  auto started = std::chrono::steady_clock::now();
  StepOutcome outcome;
  outcome.command_line = step_command_line(checked);
  bool command_ran = false;
  auto finish = [&](ExitCode code, std::optional<Error> error) {
    if (error && !command_ran && run.globals.json) {  // else the command's report has it
      JsonLinesWriter::tag_with_step(checked.name);
      write_error_record(fmt::format("{}", fmt::join(checked.command, " ")), *error);
      JsonLinesWriter::tag_with_step("");
    }
    outcome.code = code;
    outcome.error = std::move(error);
    outcome.seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    return outcome;
  };
  std::vector<std::string> unmatched;
  auto expanded = job::expand_operand_globs(checked, run.dry_run ? &unmatched : nullptr);
  if (!expanded) return finish(ExitCode::kPartialFailure, expanded.error());
  for (const std::string& pattern : unmatched) {
    spdlog::warn("{}: '{}' matches nothing yet (an earlier step may make these files)",
                 checked.name, pattern);
  }
  if (!unmatched.empty() &&
      std::none_of(expanded->options.begin(), expanded->options.end(),
                   [](const job::StepOption& o) { return o.positional && !o.values.empty(); })) {
    return finish(ExitCode::kPartialFailure,
                  Error(ErrorCategory::kNotFound, "no input exists yet: nothing to preview"));
  }
  outcome.command_line = step_command_line(*expanded);
  auto set = make_command_set();
  if (auto parsed = parse_arguments(*set, job::step_arguments(*expanded), *expanded); !parsed) {
    return finish(ExitCode::kUsage, parsed.error());
  }
  const ParsedCommand* command = set->chosen();
  // The step's records, its own summary included, carry "step": NAME.
  JsonLinesWriter::tag_with_step(checked.name);
  JsonReport report(run.globals.json, parsed_command_name(set->app));
  Invocation invocation{run.globals,          run.color_stdout, run.color_stderr, set->app,
                        outcome.command_line, &outcome.items,   &report};
  auto result =
      run.dry_run ? command->command->preview(invocation) : command->command->execute(invocation);
  command_ran = true;
  ExitCode code = result ? *result : exit_code_for(result.error());
  if (!result) report.fail(result.error());
  (void)report.finish(code);  // the step's exit code is decided by run_steps
  JsonLinesWriter::tag_with_step("");
  if (!result) return finish(code, result.error());
  return finish(code, std::nullopt);
}

}  // namespace gofer::cli
