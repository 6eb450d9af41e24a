// `gofer fetch -o`: see fetch_output.hpp.
#include "fetch_output.hpp"

#include <sys/stat.h>

#include <fmt/format.h>

#include "command.hpp"

namespace gofer::cli {
namespace {

bool names_a_symlink(const std::filesystem::path& path) {
  struct stat info {};
  return ::lstat(path.c_str(), &info) == 0 && S_ISLNK(info.st_mode);
}

Result<FetchOutputPlan> plan_stream(const FetchOutputFlags& flags, const OutputTarget& target) {
  if (flags.keeps_state) {
    return fail(
        usage(fmt::format("-o {}: a stream has no file to resume, skip or refresh; "
                          "drop -c/--skip-existing/--refresh, or name a file",
                          flags.output)));
  }
  bool to_stdout = target.kind == OutputKind::kStandardOutput || target.descriptor == 1;
  if (to_stdout && flags.json) {
    return fail(
        usage(fmt::format("-o {} and --json would both write to stdout; pick one", flags.output)));
  }
  return FetchOutputPlan{true, target.path, ""};
}

}  // namespace

Result<std::optional<FetchOutputPlan>> plan_fetch_output(const FetchOutputFlags& flags,
                                                         fetch::FetchOptions& options) {
  if (flags.output.empty()) return std::nullopt;
  // Messages and reports name the path as typed when -d is the default.
  std::filesystem::path where = flags.output == "-" || flags.directory == "."
                                    ? std::filesystem::path(flags.output)
                                    : std::filesystem::path(flags.directory) / flags.output;
  auto target = resolve_output(where);
  if (!target && target.error().category() == ErrorCategory::kInvalidArgument) {
    return fail(usage(fmt::format("-o: {} (or use -d {} to keep the name from the URL)",
                                  target.error().message(), flags.output)));
  }
  if (!target) return fail(std::move(target.error()).with_context("-o"));
  if (target->kind != OutputKind::kReplace) {
    GOFER_TRY_ASSIGN(FetchOutputPlan plan, plan_stream(flags, *target));
    return plan;
  }
  // The link stays; the file it names is replaced (curl writes through a link too).
  std::filesystem::path file = names_a_symlink(where) ? target->path : where;
  if (!file.has_filename()) {
    return fail(usage(fmt::format("-o {}: ends with '/': name a file", flags.output)));
  }
  options.directory = file.has_parent_path() ? file.parent_path() : ".";
  options.replaced_file = target->existing;
  return FetchOutputPlan{false, file, file.filename().string()};
}

Result<OutputFile> open_fetch_stream(const FetchOutputPlan& plan, fetch::FetchOptions& options) {
  GOFER_TRY_ASSIGN(OutputFile output, with_context(OutputFile::open(plan.path), "cannot open -o"));
  options.output_descriptor = output.descriptor();
  options.output_display = plan.path.string();
  return output;
}

}  // namespace gofer::cli
