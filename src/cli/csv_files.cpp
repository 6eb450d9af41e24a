// File plumbing of `csv normalize`: atomic outputs, backups, stdin and stdout.
#include "csv_files.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <map>
#include <optional>

#include <fmt/format.h>

#include "gofer/fs.hpp"
#include "gofer/output_file.hpp"

namespace gofer::cli {
namespace {

Result<csv::NormalizeReport> run_normalize(int fd, const std::string& input,
                                           const CsvOutputPlan& plan,
                                           const csv::NormalizeOptions& options) {
  std::optional<OutputFile> out, rejects;
  std::string target = plan.in_place ? input : plan.output;
  if (!target.empty() && target != "-") {
    // A replaced file keeps its own mode, so --in-place keeps the input's.
    GOFER_TRY_ASSIGN(OutputFile file,
                     with_context(OutputFile::open(target), "cannot create " + target));
    out.emplace(std::move(file));
  }
  if (!plan.rejects.empty()) {
    GOFER_TRY_ASSIGN(OutputFile file,
                     with_context(OutputFile::open(plan.rejects), "cannot create " + plan.rejects));
    rejects.emplace(std::move(file));
  }
  csv::WriteFn write_out = [&](std::string_view data) -> Status {
    if (out) return out->write(data);
    // Unbuffered: a full disk or closed pipe behind stdout stops the run at once.
    auto written = write_all(STDOUT_FILENO, data);
    if (!written) written.error().with_context("write error").with_subject("standard output");
    return written;
  };
  csv::WriteFn write_rejects;
  if (rejects) write_rejects = [&](std::string_view data) { return rejects->write(data); };
  GOFER_TRY_ASSIGN(csv::NormalizeReport report,
                   csv::normalize(fd, write_out, write_rejects, options));
  if (rejects) GOFER_TRY(rejects->commit());
  if (plan.in_place && !plan.backup_suffix.empty()) {
    // A hard link keeps the original inode as the backup; the rename below then swaps the
    // new content in atomically, so the original name never points at a missing file.
    std::string backup = input + plan.backup_suffix;
    if (::unlink(backup.c_str()) != 0 && errno != ENOENT) return fail_errno(backup);
    if (::link(input.c_str(), backup.c_str()) != 0) return fail_errno(backup);
  }
  if (out) GOFER_TRY(out->commit());
  return report;
}

// What a path names, for telling whether two paths are one file: the inode when it exists
// (hard links, symlinks, ./x and x alike), else the lexically normal absolute path. None for
// stdout/stdin ("-") and special files (/dev/null, a FIFO), which any number may share.
std::optional<std::string> file_identity(const std::string& path) {
  if (path == "-") return std::nullopt;
  struct stat status {};
  if (::stat(path.c_str(), &status) == 0) {
    if (!S_ISREG(status.st_mode)) return std::nullopt;
    return fmt::format("inode {}:{}", status.st_dev, status.st_ino);
  }
  std::error_code error;
  return "path " + std::filesystem::weakly_canonical(path, error).lexically_normal().string();
}

Error collision(const std::string& first, const std::string& second, const std::string& target) {
  return Error(ErrorCategory::kInvalidArgument,
               fmt::format("{} and {} would both be written to {}; name the outputs apart "
                           "(-o for one input, separate --out-dir runs)",
                           first, second, target));
}

}  // namespace

Status check_outputs_distinct(const std::vector<std::string>& inputs,
                              const std::vector<CsvOutputPlan>& plans) {
  std::map<std::string, std::string> input_by_identity, writer_by_identity;
  for (const std::string& input : inputs) {
    if (auto identity = file_identity(input)) input_by_identity.emplace(*identity, input);
  }
  for (size_t i = 0; i < plans.size(); ++i) {
    const std::string& main_output = plans[i].in_place ? inputs[i] : plans[i].output;
    for (const std::string* output : {&main_output, &plans[i].rejects}) {
      std::optional<std::string> identity = output->empty() ? std::nullopt : file_identity(*output);
      if (!identity) continue;
      bool rewrites_own_input = plans[i].in_place && output == &main_output;
      if (auto input = input_by_identity.find(*identity);
          input != input_by_identity.end() && !rewrites_own_input) {
        return fail(Error(ErrorCategory::kInvalidArgument,
                          fmt::format("output {} is the input {}; use --in-place to rewrite "
                                      "an input",
                                      *output, input->second)));
      }
      auto [writer, added] = writer_by_identity.emplace(*identity, inputs[i]);
      if (!added) return fail(collision(writer->second, inputs[i], *output));
    }
  }
  return {};
}

CsvFileResult normalize_file(const std::string& input, const CsvOutputPlan& plan,
                             const csv::NormalizeOptions& options) {
  auto started = std::chrono::steady_clock::now();
  CsvFileResult result{input, fail(ErrorCategory::kInternal, "not run"), 0};
  if (input == "-") {
    result.report = run_normalize(STDIN_FILENO, input, plan, options);
  } else if (auto fd = open_input(input); !fd) {
    result.report = fail(fd.error());
  } else {
    result.report = run_normalize(fd->get(), input, plan, options);
  }
  result.seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return result;
}

size_t threads_per_file(size_t requested, size_t files_in_parallel, size_t cores) {
  if (requested > 0 || files_in_parallel <= 1) return requested;
  return std::max<size_t>(1, cores / files_in_parallel);
}

}  // namespace gofer::cli
