// Job files: TOML (toml++) -> JobFile, every error at the file:line:column it concerns.
// The only translation unit that includes toml++ (a heavy header, used header-only).
#include <algorithm>
#include <map>
#include <set>

#include <fmt/format.h>

#include "tomlplusplus.hpp"

#include "gofer/fs.hpp"
#include "gofer/job/job.hpp"

namespace gofer::job {
namespace {

// Operand keys: their values are the command's positionals, not options.
const std::set<std::string, std::less<>> kOperandKeys = {"inputs", "paths", "urls", "files"};
// An array of tables whose entries become options in order (rename's ordered rules).
constexpr std::string_view kRulesKey = "rules";

struct Walker {
  std::string file;

  SourcePosition at(const toml::source_region& region) const {
    return {file, region.begin.line, region.begin.column};
  }
};

// Entries of a table in file order: toml++ keeps them sorted by key.
std::vector<std::pair<const toml::key*, const toml::node*>> in_file_order(const toml::table& t) {
  std::vector<std::pair<const toml::key*, const toml::node*>> entries;
  for (auto&& [key, node] : t) entries.emplace_back(&key, &node);
  std::sort(entries.begin(), entries.end(), [](const auto& a, const auto& b) {
    const auto& x = a.first->source().begin;
    const auto& y = b.first->source().begin;
    return std::tie(x.line, x.column) < std::tie(y.line, y.column);
  });
  return entries;
}

std::string_view type_name(const toml::node& node) {
  switch (node.type()) {
    case toml::node_type::table: return "a table";
    case toml::node_type::array: return "an array";
    case toml::node_type::string: return "a string";
    case toml::node_type::integer: return "an integer";
    case toml::node_type::floating_point: return "a number";
    case toml::node_type::boolean: return "a boolean";
    default: return "a date or time";
  }
}

Result<std::string> string_value(const Walker& w, const toml::key& key, const toml::node& node) {
  if (auto text = node.value<std::string>(); text && node.is_string()) return *text;
  return fail(error_at(w.at(node.source()),
                       fmt::format("'{}' must be a string, not {}", key.str(), type_name(node))));
}

// A scalar option value as text, with its type for the command-side checks.
Result<std::pair<ValueType, std::string>> scalar(const Walker& w, const toml::key& key,
                                                 const toml::node& node) {
  if (node.is_boolean())
    return std::pair{ValueType::kBool, std::string(*node.value<bool>() ? "true" : "false")};
  if (node.is_integer())
    return std::pair{ValueType::kInteger, std::to_string(*node.value<int64_t>())};
  if (node.is_floating_point())
    return std::pair{ValueType::kFloat, fmt::format("{}", *node.value<double>())};
  if (node.is_string()) return std::pair{ValueType::kString, *node.value<std::string>()};
  return fail(error_at(w.at(node.source()),
                       fmt::format("'{}' must be a string, number or boolean (or an array of "
                                   "them), not {}",
                                   key.str(), type_name(node))));
}

Result<StepOption> option_from(const Walker& w, const toml::key& key, const toml::node& node) {
  StepOption option;
  option.key = std::string(key.str());
  option.name = option.key;
  std::replace(option.name.begin(), option.name.end(), '_', '-');
  option.positional = kOperandKeys.contains(option.name);
  option.position = w.at(key.source());
  const toml::array* array = node.as_array();
  if (array == nullptr) {
    GOFER_TRY_ASSIGN(auto value, scalar(w, key, node));
    option.type = value.first;
    option.values.push_back(std::move(value.second));
    return option;
  }
  option.is_array = true;
  for (const toml::node& element : *array) {
    GOFER_TRY_ASSIGN(auto value, scalar(w, key, element));
    if (!option.values.empty() && value.first != option.type) {
      return fail(error_at(w.at(element.source()),
                           fmt::format("'{}' mixes value types in one array", key.str())));
    }
    option.type = value.first;
    option.values.push_back(std::move(value.second));
  }
  return option;
}

Status add_options(const Walker& w, const toml::table& table, std::vector<StepOption>& out,
                   bool in_rules);

// rules = [{ find = " ", replace = "_" }, { case = "lower" }]: options in the order written.
Status add_rules(const Walker& w, const toml::key& key, const toml::node& node,
                 std::vector<StepOption>& out) {
  const toml::array* array = node.as_array();
  if (array == nullptr) {
    return fail(error_at(w.at(node.source()), "'rules' must be an array of tables"));
  }
  for (const toml::node& element : *array) {
    const toml::table* rule = element.as_table();
    if (rule == nullptr) {
      return fail(
          error_at(w.at(element.source()), fmt::format("'{}' must be an array of tables, not of {}",
                                                       key.str(), type_name(element))));
    }
    GOFER_TRY(add_options(w, *rule, out, true));
  }
  return {};
}

Status add_options(const Walker& w, const toml::table& table, std::vector<StepOption>& out,
                   bool in_rules) {
  for (const auto& [key, node] : in_file_order(table)) {
    if (key->str() == kRulesKey && !in_rules) {
      GOFER_TRY(add_rules(w, *key, *node, out));
      continue;
    }
    if (node->is_table()) {
      return fail(error_at(w.at(key->source()),
                           fmt::format("'{}' is a table; options take strings, numbers, "
                                       "booleans or arrays",
                                       key->str())));
    }
    GOFER_TRY_ASSIGN(StepOption option, option_from(w, *key, *node));
    out.push_back(std::move(option));
  }
  return {};
}

// `csv.normalize = {...}` is {"csv": {"normalize": {...}}}: descend while the table holds just
// one table, which names a subcommand.
Status read_command(const Walker& w, const toml::key& key, const toml::table& table, Step& step) {
  step.command = {std::string(key.str())};
  step.command_position = w.at(key.source());
  const toml::table* options = &table;
  while (options->size() == 1 && options->cbegin()->second.is_table()) {
    step.command.push_back(std::string(options->cbegin()->first.str()));
    options = options->cbegin()->second.as_table();
  }
  const toml::key* first_table = nullptr;
  for (const auto& [sub_key, node] : in_file_order(*options)) {
    if (node->is_table() && first_table == nullptr) {
      first_table = sub_key;
    } else if (node->is_table()) {
      return fail(error_at(w.at(sub_key->source()),
                           fmt::format("a step names two commands: '{}.{}' and '{}.{}'; use one "
                                       "step per command",
                                       fmt::join(step.command, "."), first_table->str(),
                                       fmt::join(step.command, "."), sub_key->str())));
    }
  }
  for (const auto& [sub_key, node] : in_file_order(*options)) {
    if (node->is_table()) {
      return fail(error_at(w.at(sub_key->source()),
                           fmt::format("'{}' is a table; a step's command table holds its "
                                       "options (or one subcommand table)",
                                       sub_key->str())));
    }
  }
  return add_options(w, *options, step.options, false);
}

Result<Step> read_step(const Walker& w, const toml::table& table) {
  Step step;
  step.position = w.at(table.source());
  for (const auto& [key, node] : in_file_order(table)) {
    if (key->str() == "name") {
      GOFER_TRY_ASSIGN(step.name, string_value(w, *key, *node));
      continue;
    }
    const toml::table* command = node->as_table();
    if (command == nullptr) {
      return fail(error_at(w.at(key->source()),
                           fmt::format("unknown key '{}' in a step: a step has a name and one "
                                       "command table, e.g. fetch = {{ input = \"urls.txt\" }}",
                                       key->str())));
    }
    if (!step.command.empty()) {
      return fail(error_at(w.at(key->source()),
                           fmt::format("a step names two commands: '{}' and '{}'; use one step "
                                       "per command",
                                       step.command.front(), key->str())));
    }
    GOFER_TRY(read_command(w, *key, *command, step));
  }
  if (step.command.empty()) {
    return fail(
        error_at(step.position, "a step names no command (fetch, csv.normalize, rename...)"));
  }
  return step;
}

Status read_lock(const Walker& w, const toml::key& key, const toml::node& node, JobSettings& job) {
  if (node.is_boolean()) {
    job.lock = *node.value<bool>();
    return {};
  }
  GOFER_TRY_ASSIGN(job.lock_path, string_value(w, key, node));
  job.lock = !job.lock_path.empty();
  return {};
}

Status read_vars(const Walker& w, const toml::node& node, JobSettings& job) {
  const toml::table* vars = node.as_table();
  if (vars == nullptr) {
    return fail(
        error_at(w.at(node.source()), "'vars' must be a table, e.g. vars = { out = \"/srv\" }"));
  }
  for (const auto& [key, value] : in_file_order(*vars)) {
    GOFER_TRY_ASSIGN(auto text, scalar(w, *key, *value));
    if (text.first == ValueType::kBool) {
      return fail(error_at(w.at(value->source()),
                           fmt::format("var '{}' must be a string or number", key->str())));
    }
    job.vars.push_back({std::string(key->str()), std::move(text.second), w.at(key->source())});
  }
  return {};
}

Status read_setting(const Walker& w, const toml::key& key, const toml::node& node,
                    JobSettings& job) {
  std::string_view name = key.str();
  if (name == "lock") return read_lock(w, key, node, job);
  if (name == "vars") return read_vars(w, node, job);
  GOFER_TRY_ASSIGN(std::string text, string_value(w, key, node));
  if (name == "name") {
    job.name = text;
  } else if (name == "log") {
    job.log = text;
  } else if (name == "ping") {
    job.ping = text;
  } else if (name == "shard") {
    job.shard = text;
  } else if (name == "on_failure" || name == "on-failure") {
    if (text != "stop" && text != "continue") {
      return fail(error_at(w.at(node.source()), "on_failure must be \"stop\" or \"continue\""));
    }
    job.on_failure = text == "stop" ? OnFailure::kStop : OnFailure::kContinue;
  } else if (name == "timeout") {
    auto seconds = parse_duration(text);
    if (!seconds) return fail(error_at(w.at(node.source()), seconds.error().message()));
    job.timeout_seconds = *seconds;
  } else {
    return fail(error_at(w.at(key.source()),
                         fmt::format("unknown key '{}' in [job] (name, lock, log, on_failure, "
                                     "vars, ping, timeout, shard)",
                                     name)));
  }
  return {};
}

Status read_settings(const Walker& w, const toml::node& node, JobSettings& job) {
  const toml::table* table = node.as_table();
  if (table == nullptr) return fail(error_at(w.at(node.source()), "'job' must be a table: [job]"));
  job.position = w.at(table->source());
  for (const auto& [key, value] : in_file_order(*table))
    GOFER_TRY(read_setting(w, *key, *value, job));
  return {};
}

Status read_steps(const Walker& w, const toml::node& node, std::vector<Step>& steps) {
  const toml::array* array = node.as_array();
  if (array == nullptr || !array->is_array_of_tables()) {
    return fail(error_at(w.at(node.source()), "'step' must be an array of tables: [[step]]"));
  }
  for (const toml::node& element : *array) {
    GOFER_TRY_ASSIGN(Step step, read_step(w, *element.as_table()));
    steps.push_back(std::move(step));
  }
  return {};
}

// Unnamed steps are called after their command; names must be unique (JSON lines and logs
// tell steps apart by name).
Status name_steps(std::vector<Step>& steps) {
  std::map<std::string, int> seen;
  for (Step& step : steps) {
    bool given = !step.name.empty();
    if (!given) {
      step.name = fmt::format("{}", fmt::join(step.command, " "));
      if (int n = seen[step.name]++; n > 0) step.name += fmt::format(" #{}", n + 1);
      continue;
    }
    if (seen[step.name]++ > 0) {
      return fail(error_at(step.position, fmt::format("two steps are named '{}'", step.name)));
    }
  }
  return {};
}

}  // namespace

Result<JobFile> parse_job_text(std::string_view text, const std::string& file_name) {
  Walker w{file_name};
  toml::parse_result parsed = toml::parse(text, file_name);
  if (!parsed) {
    const toml::parse_error& error = parsed.error();
    return fail(
        error_at(w.at(error.source()), fmt::format("not valid TOML: {}", error.description())));
  }
  JobFile job;
  job.path = file_name;
  for (const auto& [key, node] : in_file_order(parsed.table())) {
    if (key->str() == "job") {
      GOFER_TRY(read_settings(w, *node, job.job));
    } else if (key->str() == "step") {
      GOFER_TRY(read_steps(w, *node, job.steps));
    } else {
      return fail(error_at(w.at(key->source()),
                           fmt::format("unknown key '{}': a job file has [job] and [[step]] "
                                       "tables",
                                       key->str())));
    }
  }
  if (job.steps.empty()) {
    return fail(error_at({file_name, 1, 1}, "no steps: add at least one [[step]] table"));
  }
  if (job.job.name.empty()) job.job.name = std::filesystem::path(file_name).stem().string();
  GOFER_TRY(name_steps(job.steps));
  return job;
}

Result<JobFile> read_job_file(const std::filesystem::path& path) {
  std::error_code error;
  if (auto size = std::filesystem::file_size(path, error); !error && size > kMaxJobFileBytes) {
    return fail(error_at({path.string(), 1, 1},
                         fmt::format("the job file is {} bytes; job files are limited to {} "
                                     "bytes",
                                     size, kMaxJobFileBytes)));
  }
  GOFER_TRY_ASSIGN(std::string text, with_context(read_file(path), "cannot read the job file"));
  if (text.size() > kMaxJobFileBytes) {  // not a regular file (a pipe): checked after reading
    return fail(error_at({path.string(), 1, 1}, "the job file is too large"));
  }
  return parse_job_text(text, path.string());
}

}  // namespace gofer::job
