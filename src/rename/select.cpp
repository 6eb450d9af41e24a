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

uint32_t mode_from_dirent_type(unsigned char type) {
  switch (type) {
    case DT_REG: return S_IFREG;
    case DT_DIR: return S_IFDIR;
    case DT_LNK: return S_IFLNK;
    case DT_FIFO: return S_IFIFO;
    case DT_SOCK: return S_IFSOCK;
    case DT_CHR: return S_IFCHR;
    case DT_BLK: return S_IFBLK;
    default: return 0;  // DT_UNKNOWN: some filesystems do not say; stat tells
  }
}

void copy_metadata(const struct stat& info, Entry& entry) {
  entry.mode = info.st_mode;
  entry.inode = info.st_ino;
  entry.size = static_cast<uint64_t>(info.st_size);
  entry.mtime_sec = info.st_mtim.tv_sec;
  entry.mtime_nsec = info.st_mtim.tv_nsec;
}

class Walker {
 public:
  Walker(const SelectOptions& options, bool with_metadata, Selection& out)
      : options_(options), with_metadata_(with_metadata), out_(out) {}

  Status walk(const std::filesystem::path& directory, int depth) {
    std::unique_ptr<DIR, DirCloser> dir(::opendir(directory.c_str()));
    if (!dir) {
      return fail(Error::from_errno(errno).with_context("cannot list directory")
                      .with_subject(directory.string()));
    }
    auto index = static_cast<uint32_t>(out_.directories.size());
    out_.directories.push_back(directory);
    out_.listings.emplace_back();
    std::vector<std::filesystem::path> subdirectories;
    while (const dirent* item = ::readdir(dir.get())) {
      std::string_view name = item->d_name;
      if (name == "." || name == "..") continue;
      out_.listings[index].push_back(name_hash(name));
      if (name.starts_with(kTempPrefix) || (!options_.hidden && name[0] == '.')) continue;
      Entry entry{index, mode_from_dirent_type(item->d_type), std::string(name), item->d_ino};
      entry.depth = depth;
      if (entry.mode == 0 || with_metadata_) {
        struct stat info {};
        if (::fstatat(::dirfd(dir.get()), item->d_name, &info, AT_SYMLINK_NOFOLLOW) != 0) continue;
        copy_metadata(info, entry);
      }
      bool descend = entry.is_directory() && options_.recursive &&
                     (options_.max_depth < 0 || depth < options_.max_depth);
      if (descend) subdirectories.push_back(directory / entry.name);
      if (wanted(entry, options_)) out_.entries.push_back(std::move(entry));
    }
    dir.reset();  // one open directory at a time, however deep the tree
    std::sort(out_.listings[index].begin(), out_.listings[index].end());
    for (const auto& subdirectory : subdirectories) GOFER_TRY(walk(subdirectory, depth + 1));
    return {};
  }

  Status add_path(const std::filesystem::path& path) {
    GOFER_TRY_ASSIGN(struct stat info, lstat_path(path));
    if (S_ISDIR(info.st_mode)) return walk(path, 0);
    std::filesystem::path directory = path.parent_path();
    Entry entry{static_cast<uint32_t>(out_.directories.size()), 0, path.filename().string()};
    copy_metadata(info, entry);
    // A file named explicitly is taken even if hidden; type and globs still filter it.
    if (!wanted(entry, options_)) return {};
    out_.directories.push_back(directory.empty() ? "." : directory);
    out_.listings.emplace_back();  // not listed: existence checks fall back to lstat
    out_.entries.push_back(std::move(entry));
    return {};
  }

 private:
  const SelectOptions& options_;
  bool with_metadata_;
  Selection& out_;
};

bool sort_less(const Selection& selection, const Entry& a, const Entry& b, SortKey key) {
  switch (key) {
    case SortKey::kMtime:
      if (a.mtime_sec != b.mtime_sec) return a.mtime_sec < b.mtime_sec;
      if (a.mtime_nsec != b.mtime_nsec) return a.mtime_nsec < b.mtime_nsec;
      break;
    case SortKey::kSize:
      if (a.size != b.size) return a.size < b.size;
      break;
    case SortKey::kName:
      if (a.directory != b.directory) {
        return selection.directories[a.directory].native() <
               selection.directories[b.directory].native();
      }
      return a.name < b.name;
    case SortKey::kNatural:
      break;
  }
  if (a.directory != b.directory) {
    return natural_less(selection.directories[a.directory].native(),
                        selection.directories[b.directory].native());
  }
  return natural_less(a.name, b.name);
}

}  // namespace

uint64_t name_hash(std::string_view name) { return std::hash<std::string_view>{}(name); }

bool natural_less(std::string_view a, std::string_view b) {
  auto is_digit = [](char c) { return c >= '0' && c <= '9'; };
  // Skip the common prefix at memcmp speed (sibling names share most of it), backing up to
  // the start of a digit run so numbers still compare by value.
  size_t common = static_cast<size_t>(
      std::mismatch(a.begin(), a.begin() + static_cast<long>(std::min(a.size(), b.size())),
                    b.begin()).first - a.begin());
  while (common > 0 && is_digit(a[common - 1])) --common;
  size_t i = common, j = common;
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

Result<Selection> select_entries(const SelectOptions& options, bool with_metadata) {
  Selection selection;
  Walker walker(options, with_metadata, selection);
  if (options.paths.empty()) {
    GOFER_TRY(walker.add_path("."));
  } else {
    for (const auto& path : options.paths) GOFER_TRY(walker.add_path(path));
  }
  // Every key falls back to the name, so the order is total and std::sort is deterministic.
  std::sort(selection.entries.begin(), selection.entries.end(),
            [&](const Entry& a, const Entry& b) { return sort_less(selection, a, b, options.sort); });
  if (options.reverse) std::reverse(selection.entries.begin(), selection.entries.end());
  return selection;
}

}  // namespace gofer::rename
