// A job file (`gofer run JOB.toml`): settings and steps, each step a command and its options,
// kept with their file:line:column so every error points into the file.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "gofer/error.hpp"

namespace gofer::job {

struct SourcePosition {
  std::string file;
  uint32_t line = 0;
  uint32_t column = 0;
};

// "FILE:LINE:COLUMN: message" as a usage error (exit 2): the job file must change.
[[nodiscard]] Error error_at(const SourcePosition& position, std::string_view message);

enum class ValueType { kBool, kInteger, kFloat, kString };

// One key of a step's command table, in file order (TOML tables are unordered; the order of
// rename's rules is not). The entries of a `rules = [{...}, ...]` array come flattened, in order.
struct StepOption {
  std::string key;          // as written, e.g. "out_dir"
  std::string name;         // the long option it means, e.g. "out-dir"; the key for positionals
  bool positional = false;  // inputs, paths, urls, files: the command's operands
  ValueType type = ValueType::kString;
  bool is_array = false;
  std::vector<std::string>
      values;  // text as written (placeholders unresolved); bools "true"/"false"
  SourcePosition position;
};

struct Step {
  std::string name;
  SourcePosition position;
  std::vector<std::string> command;  // {"fetch"}, {"csv", "normalize"}
  SourcePosition command_position;
  std::vector<StepOption> options;
};

enum class OnFailure { kStop, kContinue };

struct JobVariable {
  std::string name;
  std::string value;
  SourcePosition position;
};

struct JobSettings {
  std::string name;       // default: the file's stem
  bool lock = false;      // lock = true: a lock file in the state directory
  std::string lock_path;  // lock = "PATH"
  std::string log;        // appended log file ("" = none)
  OnFailure on_failure = OnFailure::kStop;
  std::vector<JobVariable> vars;  // file order: a variable may use the ones before it
  std::string ping;               // healthchecks.io-style URL ("" = none)
  std::optional<double> timeout_seconds;
  std::string shard;  // "auto" or "K/N", passed to every step whose command takes --shard
  SourcePosition position;
};

struct JobFile {
  std::filesystem::path path;
  JobSettings job;
  std::vector<Step> steps;
};

// Job files are small hand-written files; a bigger one is a mistake (or not a job file), and
// refusing it early keeps the parser's memory bounded.
inline constexpr size_t kMaxJobFileBytes = 1 << 20;

// Parses a job file's text; `file_name` is used in error positions and for the default name.
[[nodiscard]] Result<JobFile> parse_job_text(std::string_view text, const std::string& file_name);
[[nodiscard]] Result<JobFile> read_job_file(const std::filesystem::path& path);

// "45s", "15m", "2h", "1d", "1h30m" or plain seconds.
[[nodiscard]] Result<double> parse_duration(std::string_view text);

}  // namespace gofer::job
