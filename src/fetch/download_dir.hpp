// The -d directory, held open: every file operation is relative to its descriptor and never
// follows a symlink, so no name, server or race can make gofer write outside it.
#pragma once

#include <time.h>

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <span>
#include <string>

#include "directory_syncs.hpp"
#include "gofer/fetch/fetch.hpp"

#include "gofer/error.hpp"
#include "gofer/fetch/state.hpp"
#include "gofer/fs.hpp"

namespace gofer::fetch {

// Names are relative paths of sanitized components joined by '/' (see PathTemplate); their
// directories are walked one openat(O_NOFOLLOW | O_DIRECTORY) at a time, so a symlink planted
// anywhere on the way is refused, not followed.
class DownloadDir {
 public:
  // `make_subdirectories` (--mkdir): create missing directories of nested names.
  [[nodiscard]] static Result<DownloadDir> open(const std::filesystem::path& path,
                                                bool make_subdirectories = false);

  // True if `name` exists in any form (a symlink counts; it is never followed).
  [[nodiscard]] bool exists(const std::string& name) const;
  // Size and mtime of `name` if it is a regular file (not through a symlink).
  [[nodiscard]] std::optional<FileStamp> stamp(const std::string& name) const;
  // Size of an existing regular "<name>.part", 0 if none.
  [[nodiscard]] int64_t part_size(const std::string& name) const;
  // Opens "<name>.part" read-write: appending to the kept bytes, or truncated. Refuses a
  // symlink or any non-regular file.
  [[nodiscard]] Result<UniqueFd> open_part(const std::string& name, bool append) const;
  // Sets the part's mtime if given (--remote-time), fsyncs it, renames it over `name`, then
  // waits for an fsync of the directory (shared with the other committer threads): all or
  // nothing. Returns the committed file's stamp. kNone: no fsync at all; kBatch: use
  // close_part, and at the end sync_filesystems, rename_part, sync_directories.
  [[nodiscard]] Result<FileStamp> commit(UniqueFd part, const std::string& name,
                                         std::optional<time_t> mtime = std::nullopt,
                                         Durability durability = Durability::kFile) const;
  // The first half of commit: the mtime set, fsync'd if `sync`, closed. Returns its stamp.
  [[nodiscard]] Result<FileStamp> close_part(UniqueFd part, const std::string& name,
                                             std::optional<time_t> mtime, bool sync) const;
  // "<name>.part" renamed over `name`.
  [[nodiscard]] Status rename_part(const std::string& name) const;
  // syncfs of each file system that the directories of `names` are on (each once).
  [[nodiscard]] Status sync_filesystems(std::span<const std::string> names) const;
  // fsync of each directory of `names`, each once.
  [[nodiscard]] Status sync_directories(std::span<const std::string> names) const;
  void remove_part(const std::string& name) const;

 private:
  // The directory that holds a name, and the name's last component.
  struct Place {
    UniqueFd owned;  // open only for a nested name; else `directory` is fd_
    int directory = -1;
    std::string leaf;
  };
  DownloadDir(UniqueFd fd, std::string label, bool make_subdirectories)
      : fd_(std::move(fd)),
        label_(std::move(label)),
        make_subdirectories_(make_subdirectories),
        syncs_(std::make_unique<DirectorySyncs>()) {}
  // fsync of a directory of names ("" is -d itself).
  [[nodiscard]] Status sync_directory(const std::string& directory) const;
  // Walks the directories of `name`; creates missing ones only if `create` and --mkdir.
  [[nodiscard]] Result<Place> place(const std::string& name, bool create) const;
  [[nodiscard]] Result<UniqueFd> enter(int parent, const std::string& component,
                                       const std::string& shown, bool create) const;
  UniqueFd fd_;
  std::string label_;
  bool make_subdirectories_ = false;
  std::unique_ptr<DirectorySyncs> syncs_;  // shared by the committer threads
};

// The directory part of a name ("a/b" of "a/b/c.bin"), "" for a name directly in -d.
[[nodiscard]] std::string directory_of(const std::string& name);

}  // namespace gofer::fetch
