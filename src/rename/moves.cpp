// Steps resolved to names, and the renames themselves: by directory fd and name, never
// replacing a target.
#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>

#include <fmt/format.h>

#include "execution.hpp"
#include "gofer/platform_fs.hpp"
#include "select.hpp"

namespace gofer::rename {
namespace {

// Hard link + unlink cannot replace an existing target either; directories cannot be
// linked, so for them the (racy) check-then-rename is the best the filesystem allows.
Status rename_without_noreplace(DirectoryHandles::At from, DirectoryHandles::At to) {
  if (::linkat(from.directory, from.name, to.directory, to.name, 0) == 0) {
    if (::unlinkat(from.directory, from.name, 0) != 0) return fail_errno(from.name);
    return {};
  }
  if (errno == EEXIST) return fail_errno(to.name);
  struct stat info {};
  if (::fstatat(to.directory, to.name, &info, AT_SYMLINK_NOFOLLOW) == 0) {
    return std::unexpected(Error::from_errno(EEXIST).with_subject(to.name));
  }
  if (::renameat(from.directory, from.name, to.directory, to.name) != 0) {
    return fail_errno(from.name);
  }
  return {};
}

// --mkdir: the directories a new name with '/' goes into (`a/b/` of `a/b/c.txt`), made one
// level at a time. Only while the entry is still there, so that one that vanished since
// planning leaves no empty directories behind; --undo leaves the ones made here (they may
// have held other files by then).
Status make_parent_directories(DirectoryHandles::At from, DirectoryHandles::At to) {
  struct stat info {};
  if (::fstatat(from.directory, from.name, &info, AT_SYMLINK_NOFOLLOW) != 0) return {};
  std::string_view name(to.name);
  for (size_t slash = name.find('/', 1); slash != std::string_view::npos;
       slash = name.find('/', slash + 1)) {
    std::string parent(name.substr(0, slash));
    if (::mkdirat(to.directory, parent.c_str(), 0777) != 0 && errno != EEXIST) {
      return fail(Error::from_errno(errno).with_subject(parent).with_context(
          "cannot create the directory"));
    }
  }
  return {};
}

Status rename_names(DirectoryHandles::At from, DirectoryHandles::At to) {
  if (rename_at_no_replace(from.directory, from.name, to.directory, to.name) == 0) return {};
  if (no_replace_unsupported(errno)) return rename_without_noreplace(from, to);
  if (errno == EXDEV) {
    return fail(Error::from_errno(EXDEV).with_context(
        "refusing to rename across filesystems (gofer never copies and deletes)"));
  }
  Error error = Error::from_errno(errno);
  if (errno == EEXIST || errno == ENOTEMPTY) error.with_context("target exists");
  return fail(std::move(error));
}

}  // namespace

Move StepNames::at(size_t index) {
  const Step& step = steps_[index];
  const PlanItem& item = plan_.items[step.item()];
  Move move{item.directory, plan_.inodes[step.item()], plan_.old_name(item), plan_.new_name(item)};
  if (step.kind() != StepKind::kToTemp && step.kind() != StepKind::kFromTemp) return move;
  // The temp name is numbered by the cycle's first step, which the journal reproduces
  // exactly (plan item numbers it does not keep).
  size_t first = index;
  while (step.kind() == StepKind::kFromTemp && steps_[first].kind() != StepKind::kToTemp) {
    --first;
  }
  temp_ = fmt::format("{}{}-{}", kTempPrefix, run_id_, first);
  (step.kind() == StepKind::kToTemp ? move.to : move.from) = temp_;
  return move;
}

DirectoryHandles::At DirectoryHandles::at(uint32_t directory, std::string_view name, int slot) {
  if (!tried_[directory]) {
    tried_[directory] = true;
    handles_[directory].reset(open_directory_handle(directories_[directory].path.c_str()));
  }
  std::string& text = names_[slot];
  if (!handles_[directory].valid()) {
    text = path(directory, name);
    return {AT_FDCWD, text.c_str()};
  }
  text.assign(name);  // names in the plan's store are not NUL-terminated
  return {handles_[directory].get(), text.c_str()};
}

std::string DirectoryHandles::path(uint32_t directory, std::string_view name) const {
  std::string out = directories_[directory].path.native();
  if (!out.ends_with('/')) out += '/';
  out += name;
  return out;
}

Status rename_no_replace(DirectoryHandles& handles, const Move& move) {
  DirectoryHandles::At from = handles.at(move.directory, move.from, 0);
  DirectoryHandles::At to = handles.at(move.directory, move.to, 1);
  if (move.to.find('/') != std::string_view::npos) GOFER_TRY(make_parent_directories(from, to));
  return rename_names(from, to);
}

Status rename_back(DirectoryHandles& handles, const Move& move) {
  return rename_names(handles.at(move.directory, move.to, 0),
                      handles.at(move.directory, move.from, 1));
}

bool holds(DirectoryHandles& handles, uint32_t directory, std::string_view name, uint64_t inode) {
  DirectoryHandles::At entry = handles.at(directory, name, 0);
  struct stat info {};
  return ::fstatat(entry.directory, entry.name, &info, AT_SYMLINK_NOFOLLOW) == 0 &&
         info.st_ino == inode;
}

}  // namespace gofer::rename
