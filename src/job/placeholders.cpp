// Placeholders of job files: {job}, {date:FMT}, {time:FMT}, {env:NAME[:-default]}, vars.
#include <algorithm>
#include <array>
#include <cctype>
#include <ctime>

#include <fmt/format.h>

#include "gofer/job/arguments.hpp"

namespace gofer::job {
namespace {

// Longest strftime output accepted; a format that needs more is a mistake.
constexpr size_t kMaxFormattedTime = 256;

Error usage(std::string message) {
  return Error(ErrorCategory::kInvalidArgument, std::move(message));
}

bool starts_name(char c) { return std::isalpha(static_cast<unsigned char>(c)) != 0 || c == '_'; }

Result<std::string> format_time(std::string_view format, std::time_t start) {
  if (format.empty()) return fail(usage("{date:FMT} and {time:FMT} need a strftime format"));
  std::tm local{};
  ::tzset();  // localtime_r need not read TZ itself
  if (::localtime_r(&start, &local) == nullptr) return fail(usage("cannot convert the start time"));
  char buffer[kMaxFormattedTime];
  std::string fmt_text(format);
  size_t length = std::strftime(buffer, sizeof buffer, fmt_text.c_str(), &local);
  if (length == 0) {
    return fail(usage(fmt::format("the time format '{}' gives nothing (or too much)", format)));
  }
  return std::string(buffer, length);
}

Result<std::string> environment_value(std::string_view spec, const PlaceholderContext& context) {
  size_t dash = spec.find(":-");
  std::string name(spec.substr(0, dash));
  if (name.empty()) return fail(usage("{env:NAME} needs a variable name"));
  const char* value = context.env ? context.env(name.c_str()) : nullptr;
  if (value != nullptr) return std::string(value);
  if (dash != spec.npos) return std::string(spec.substr(dash + 2));
  return fail(
      usage(fmt::format("environment variable {} is not set (give a default with "
                        "{{env:{}:-DEFAULT}})",
                        name, name)));
}

// The value of one closed placeholder body, or nullopt when it is none of gofer run's.
Result<std::optional<std::string>> placeholder_value(std::string_view body,
                                                     const PlaceholderContext& context) {
  if (body == "job") return std::optional(context.job);
  if (body == "date") return format_time("%Y-%m-%d", context.start);
  if (body == "time") return format_time("%H:%M:%S", context.start);
  if (body.starts_with("date:") || body.starts_with("time:")) {
    return format_time(body.substr(5), context.start);
  }
  if (body.starts_with("env:")) return environment_value(body.substr(4), context);
  for (const JobVariable& var : context.vars) {
    if (var.name == body) return std::optional(var.value);
  }
  // The fields of rename's --template ({n:03}, {stem}) and fetch's --name-template ({host}):
  // those commands expand and check them.
  static constexpr std::array<std::string_view, 12> kCommandFields{
      "name", "stem", "ext", "parent", "size", "n", "mtime", "hash", "host", "port", "path", "dir"};
  std::string_view key = body.substr(0, body.find_first_of(":|"));
  if (std::find(kCommandFields.begin(), kCommandFields.end(), key) != kCommandFields.end()) {
    return std::optional<std::string>();
  }
  // Rename's metadata placeholders ({exif.date:%Y|undated}, NS.KEY): rename checks the names.
  if (key.find('.') != std::string_view::npos) return std::optional<std::string>();
  // Taken literally, a typo such as {ouy} would become a directory named "{ouy}".
  return fail(
      usage(fmt::format("unknown placeholder '{{{}}}' (known: {{job}}, {{date:FMT}}, "
                        "{{time:FMT}}, {{env:NAME}} and the job's vars)",
                        body)));
}

}  // namespace

Result<std::string> expand_placeholders(std::string_view text, const PlaceholderContext& context) {
  std::string out;
  size_t i = 0;
  while (i < text.size()) {
    size_t open = text.find('{', i);
    if (open == text.npos || open + 1 >= text.size() || !starts_name(text[open + 1])) {
      size_t end = open == text.npos ? text.size() : open + 1;
      out.append(text.substr(i, end - i));
      i = end;
      continue;
    }
    size_t close = text.find('}', open);
    if (close == text.npos) {
      return fail(usage(
          fmt::format("placeholder '{}' never closes (missing '}}')", text.substr(open, 24))));
    }
    out.append(text.substr(i, open - i));
    std::string_view body = text.substr(open + 1, close - open - 1);
    GOFER_TRY_ASSIGN(std::optional<std::string> value, placeholder_value(body, context));
    out.append(value ? *value : text.substr(open, close - open + 1));
    i = close + 1;
  }
  return out;
}

Result<PlaceholderContext> make_placeholder_context(const JobFile& job, std::time_t start,
                                                    EnvironmentLookup env) {
  PlaceholderContext context{job.job.name, start, {}, std::move(env)};
  for (const JobVariable& var : job.job.vars) {
    auto value = expand_placeholders(var.value, context);
    if (!value) {
      return fail(
          error_at(var.position, fmt::format("var '{}': {}", var.name, value.error().message())));
    }
    context.vars.push_back({var.name, std::move(*value), var.position});
  }
  return context;
}

}  // namespace gofer::job
