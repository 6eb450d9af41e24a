// File plumbing of `csv normalize`: atomic outputs, backups, stdin and stdout.
#include "csv_files.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>

#include "gofer/atomic_file.hpp"
#include "gofer/fs.hpp"

namespace gofer::cli {
namespace {

Result<csv::NormalizeReport> run_normalize(int fd, const std::string& input,
                                           const CsvOutputPlan& plan,
                                           const csv::NormalizeOptions& options) {
  std::optional<AtomicFile> out, rejects;
  std::string target = plan.in_place ? input : plan.output;
  if (!target.empty() && target != "-") {
    mode_t mode = 0644;
    if (auto st = lstat_path(input); st && plan.in_place) mode = st->st_mode & 07777;
    GOFER_TRY_ASSIGN(AtomicFile file,
                     with_context(AtomicFile::create(target, mode), "cannot create " + target));
    out.emplace(std::move(file));
  }
  if (!plan.rejects.empty()) {
    GOFER_TRY_ASSIGN(AtomicFile file, with_context(AtomicFile::create(plan.rejects),
                                                   "cannot create " + plan.rejects));
    rejects.emplace(std::move(file));
  }
  csv::WriteFn write_out = [&](std::string_view data) -> Status {
    if (out) return out->write(data);
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

}  // namespace

CsvFileResult normalize_file(const std::string& input, const CsvOutputPlan& plan,
                             const csv::NormalizeOptions& options) {
  auto started = std::chrono::steady_clock::now();
  CsvFileResult result{input, fail(ErrorCategory::kInternal, "not run"), 0};
  if (input == "-") {
    result.report = run_normalize(STDIN_FILENO, input, plan, options);
  } else if (auto fd = open_file(input, O_RDONLY | O_CLOEXEC); !fd) {
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
