// Entry selection: walk PATHs, filter by type/glob/hidden, sort for {n}.
#include "select.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <memory>

#include "gofer/fs.hpp"

namespace gofer::rename {
namespace {

bool matches_any(const std::vector<std::string>& globs, const std::string& name) {
  return std::any_of(globs.begin(), globs.end(), [&](const std::string& glob) {
    // Case-insensitive, so the everyday `--glob '*.csv'` also catches Excel's `.CSV`.
    return ::fnmatch(glob.c_str(), name.c_str(), FNM_CASEFOLD) == 0;
  });
}

bool wanted_type(const Entry& entry, EntryType type) {
  if (type == EntryType::kAny) return true;
  // Symlinks count as files, whatever they point to: they are renamed as links.
  return entry.is_directory() == (type == EntryType::kDirectory);
}

bool wanted(const Entry& entry, const SelectOptions& options) {
  if (!wanted_type(entry, options.type)) return false;
  if (!options.include_globs.empty() && !matches_any(options.include_globs, entry.name)) {
    return false;
  }
  return !matches_any(options.exclude_globs, entry.name);
}

struct DirCloser {
  void operator()(DIR* dir) const { ::closedir(dir); }
};

Status walk_directory(const std::filesystem::path& directory, int depth,
                      const SelectOptions& options, std::vector<Entry>& out) {
  std::unique_ptr<DIR, DirCloser> dir(::opendir(directory.c_str()));
  if (!dir) return fail(Error::from_errno(errno).with_context("cannot list directory")
                            .with_subject(directory.string()));
  int dir_fd = ::dirfd(dir.get());
  std::vector<std::filesystem::path> subdirectories;
  errno = 0;
  while (const dirent* item = ::readdir(dir.get())) {
    std::string name = item->d_name;
    if (name == "." || name == "..") continue;
    if (name.starts_with(kTempPrefix) || (!options.hidden && name[0] == '.')) continue;
    Entry entry{directory, std::move(name), {}, depth};
    if (::fstatat(dir_fd, entry.name.c_str(), &entry.info, AT_SYMLINK_NOFOLLOW) != 0) continue;
    bool descend = entry.is_directory() && options.recursive &&
                   (options.max_depth < 0 || depth < options.max_depth);
    if (descend) subdirectories.push_back(directory / entry.name);
    if (wanted(entry, options)) out.push_back(std::move(entry));
  }
  for (const auto& subdirectory : subdirectories) {
    GOFER_TRY(walk_directory(subdirectory, depth + 1, options, out));
  }
  return {};
}

Status add_path(const std::filesystem::path& path, const SelectOptions& options,
                std::vector<Entry>& out) {
  GOFER_TRY_ASSIGN(struct stat info, lstat_path(path));
  if (S_ISDIR(info.st_mode)) return walk_directory(path, 0, options, out);
  std::filesystem::path directory = path.parent_path();
  Entry entry{directory.empty() ? "." : directory, path.filename().string(), info, 0};
  // A file named explicitly is taken even if hidden; type and globs still filter it.
  if (wanted(entry, options)) out.push_back(std::move(entry));
  return {};
}

bool sort_less(const Entry& a, const Entry& b, SortKey key) {
  switch (key) {
    case SortKey::kMtime:
      if (a.info.st_mtim.tv_sec != b.info.st_mtim.tv_sec) {
        return a.info.st_mtim.tv_sec < b.info.st_mtim.tv_sec;
      }
      if (a.info.st_mtim.tv_nsec != b.info.st_mtim.tv_nsec) {
        return a.info.st_mtim.tv_nsec < b.info.st_mtim.tv_nsec;
      }
      break;
    case SortKey::kSize:
      if (a.info.st_size != b.info.st_size) return a.info.st_size < b.info.st_size;
      break;
    case SortKey::kName:
      return (a.directory / a.name).native() < (b.directory / b.name).native();
    case SortKey::kNatural:
      break;
  }
  if (a.directory != b.directory) return natural_less(a.directory.native(), b.directory.native());
  return natural_less(a.name, b.name);
}

}  // namespace

bool natural_less(std::string_view a, std::string_view b) {
  auto is_digit = [](char c) { return c >= '0' && c <= '9'; };
  size_t i = 0, j = 0;
  while (i < a.size() && j < b.size()) {
    if (is_digit(a[i]) && is_digit(b[j])) {
      size_t a_start = i, b_start = j;
      while (a_start < a.size() && a[a_start] == '0') ++a_start;
      while (b_start < b.size() && b[b_start] == '0') ++b_start;
      size_t a_end = a_start, b_end = b_start;
      while (a_end < a.size() && is_digit(a[a_end])) ++a_end;
      while (b_end < b.size() && is_digit(b[b_end])) ++b_end;
      // More significant digits = larger number; equal length compares digit by digit.
      if (a_end - a_start != b_end - b_start) return a_end - a_start < b_end - b_start;
      int order = a.substr(a_start, a_end - a_start).compare(b.substr(b_start, b_end - b_start));
      if (order != 0) return order < 0;
      i = a_end;
      j = b_end;
      continue;
    }
    if (a[i] != b[j]) return static_cast<unsigned char>(a[i]) < static_cast<unsigned char>(b[j]);
    ++i;
    ++j;
  }
  if ((a.size() - i) != (b.size() - j)) return a.size() - i < b.size() - j;
  return a < b;  // "01" vs "1": fall back to bytes for a total order
}

Result<std::vector<Entry>> select_entries(const SelectOptions& options) {
  std::vector<Entry> entries;
  std::vector<std::filesystem::path> paths = options.paths;
  if (paths.empty()) paths.emplace_back(".");
  for (const auto& path : paths) GOFER_TRY(add_path(path, options, entries));
  std::stable_sort(entries.begin(), entries.end(), [&](const Entry& a, const Entry& b) {
    return sort_less(a, b, options.sort);
  });
  if (options.reverse) std::reverse(entries.begin(), entries.end());
  return entries;
}

}  // namespace gofer::rename
