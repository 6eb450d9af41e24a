// Entry selection: walk PATHs, filter by type/glob/hidden, sort for {n}.
#include "select.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <unistd.h>

#include <algorithm>
#include <bit>
#include <cerrno>
#include <cstring>
#include <memory>
#include <numeric>

#include "gofer/fs.hpp"
#include "gofer/platform_fs.hpp"

namespace gofer::rename {
namespace {

bool matches_any(const std::vector<std::string>& globs, const std::string& name) {
  return std::any_of(globs.begin(), globs.end(), [&](const std::string& glob) {
    // Case-insensitive, so the everyday `--glob '*.csv'` also catches Excel's `.CSV`.
    return ::fnmatch(glob.c_str(), name.c_str(), FNM_CASEFOLD) == 0;
  });
}

bool wanted_type(uint32_t mode, EntryType type) {
  if (type == EntryType::kAny) return true;
  // Symlinks count as files, whatever they point to: they are renamed as links.
  return S_ISDIR(mode) == (type == EntryType::kDirectory);
}

bool wanted(uint32_t mode, const std::string& name, const SelectOptions& options) {
  if (!wanted_type(mode, options.type)) return false;
  if (!options.include_globs.empty() && !matches_any(options.include_globs, name)) {
    return false;
  }
  return !matches_any(options.exclude_globs, name);
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

EntryMetadata metadata_of(const struct stat& info) {
  ModificationTime mtime = modification_time(info);
  return {static_cast<uint64_t>(info.st_size), mtime.seconds, mtime.nanoseconds};
}

class Walker {
 public:
  Walker(const SelectOptions& options, bool with_metadata, bool with_inodes, Selection& out)
      : options_(options), with_metadata_(with_metadata), with_inodes_(with_inodes), out_(out) {}

  Status walk(const std::filesystem::path& directory, int depth) {
    std::unique_ptr<DIR, DirCloser> dir(::opendir(directory.c_str()));
    if (!dir) {
      return fail(Error::from_errno(errno)
                      .with_context("cannot list directory")
                      .with_subject(directory.string()));
    }
    auto index = static_cast<uint32_t>(out_.directories.size());
    out_.directories.push_back({directory, depth});
    std::vector<uint64_t> unselected;
    std::vector<std::filesystem::path> subdirectories;
    std::string name;
    while (const dirent* item = ::readdir(dir.get())) {
      name = item->d_name;
      if (name == "." || name == "..") continue;
      if (name.starts_with(kTempPrefix) || (!options_.hidden && name[0] == '.')) {
        unselected.push_back(name_hash(name));
        continue;
      }
      uint32_t mode = mode_from_dirent_type(item->d_type);
      struct stat info {};
      bool stat_needed = mode == 0 || with_metadata_;
      if (stat_needed &&
          ::fstatat(::dirfd(dir.get()), item->d_name, &info, AT_SYMLINK_NOFOLLOW) != 0) {
        unselected.push_back(name_hash(name));  // vanished meanwhile; still not overwritten
        continue;
      }
      if (stat_needed) mode = info.st_mode;
      bool descend = S_ISDIR(mode) && options_.recursive &&
                     (options_.max_depth < 0 || depth < options_.max_depth);
      if (descend) subdirectories.push_back(directory / name);
      if (!wanted(mode, name, options_)) {
        unselected.push_back(name_hash(name));
        continue;
      }
      add(index, name, item->d_ino, mode, info);
    }
    dir.reset();  // one open directory at a time, however deep the tree
    std::sort(unselected.begin(), unselected.end());
    out_.listings.push_back(std::move(unselected));
    for (const auto& subdirectory : subdirectories) GOFER_TRY(walk(subdirectory, depth + 1));
    return {};
  }

  Status add_path(const std::filesystem::path& path) {
    GOFER_TRY_ASSIGN(struct stat info, lstat_path(path));
    if (S_ISDIR(info.st_mode)) return walk(path, 0);
    std::filesystem::path directory = path.parent_path();
    std::string name = path.filename().string();
    // A file named explicitly is taken even if hidden; type and globs still filter it.
    if (!wanted(info.st_mode, name, options_)) return {};
    auto index = static_cast<uint32_t>(out_.directories.size());
    out_.directories.push_back({directory.empty() ? "." : directory, 0});
    out_.listings.emplace_back();  // not listed: existence checks fall back to lstat
    add(index, name, info.st_ino, info.st_mode, info);
    return {};
  }

 private:
  void add(uint32_t directory, std::string_view name, uint64_t inode, uint32_t mode,
           const struct stat& info) {
    PlanItem entry;
    entry.old_name = out_.names.add(name);
    entry.directory = directory;
    entry.is_directory = S_ISDIR(mode);
    out_.entries.push_back(entry);
    if (with_metadata_) out_.metadata.push_back(metadata_of(info));
    if (with_inodes_) out_.inodes.push_back(inode);
  }

  const SelectOptions& options_;
  bool with_metadata_;
  bool with_inodes_;
  Selection& out_;
};

class EntryOrder {
 public:
  EntryOrder(const Selection& selection, SortKey key) : selection_(selection), key_(key) {}

  bool operator()(uint32_t a, uint32_t b) const {
    if (selection_.metadata.empty()) {
      return less(selection_.entries[a], selection_.entries[b], nullptr, nullptr);
    }
    return less(selection_.entries[a], selection_.entries[b], &selection_.metadata[a],
                &selection_.metadata[b]);
  }

 private:
  bool less(const PlanItem& a, const PlanItem& b, const EntryMetadata* meta_a,
            const EntryMetadata* meta_b) const {
    if (meta_a != nullptr && key_ == SortKey::kMtime) {
      if (meta_a->mtime_sec != meta_b->mtime_sec) return meta_a->mtime_sec < meta_b->mtime_sec;
      if (meta_a->mtime_nsec != meta_b->mtime_nsec) return meta_a->mtime_nsec < meta_b->mtime_nsec;
    } else if (meta_a != nullptr && key_ == SortKey::kSize && meta_a->size != meta_b->size) {
      return meta_a->size < meta_b->size;
    }
    const std::string& dir_a = selection_.directories[a.directory].path.native();
    const std::string& dir_b = selection_.directories[b.directory].path.native();
    std::string_view name_a = selection_.names.view(a.old_name);
    std::string_view name_b = selection_.names.view(b.old_name);
    if (key_ == SortKey::kName) {
      if (a.directory != b.directory && dir_a != dir_b) return dir_a < dir_b;
      return name_a < name_b;
    }
    if (a.directory != b.directory && dir_a != dir_b) return natural_less(dir_a, dir_b);
    return natural_less(name_a, name_b);
  }

  const Selection& selection_;
  SortKey key_;
};

template <typename T>
void gather(std::vector<T>& values, const std::vector<uint32_t>& order) {
  if (values.empty()) return;
  std::vector<T> out;
  out.reserve(order.size());
  for (uint32_t index : order) out.push_back(values[index]);
  values = std::move(out);
}

// Every key falls back to the name, so the order is total and std::sort is deterministic.
void sort_entries(Selection& selection, SortKey key) {
  if (key == SortKey::kNatural && selection.metadata.empty()) {
    sort_natural(selection);
    return;
  }
  std::vector<uint32_t> permutation(selection.entries.size());
  std::iota(permutation.begin(), permutation.end(), 0u);
  std::sort(permutation.begin(), permutation.end(), EntryOrder(selection, key));
  gather(selection.entries, permutation);
  gather(selection.metadata, permutation);
  selection.inodes.visit([&](auto& inodes) { gather(inodes, permutation); });
}

}  // namespace

uint64_t name_hash(std::string_view name) { return std::hash<std::string_view>{}(name); }

namespace {

// Sorting 100,000 names compares about two million pairs: eight bytes per step, not one.
size_t common_prefix(std::string_view a, std::string_view b) {
  size_t size = std::min(a.size(), b.size()), i = 0;
  if constexpr (std::endian::native == std::endian::little) {
    for (; i + sizeof(uint64_t) <= size; i += sizeof(uint64_t)) {
      uint64_t word_a = 0, word_b = 0;
      std::memcpy(&word_a, a.data() + i, sizeof word_a);
      std::memcpy(&word_b, b.data() + i, sizeof word_b);
      // The lowest differing bit is in the first differing byte on a little-endian machine.
      if (word_a != word_b) return i + static_cast<size_t>(std::countr_zero(word_a ^ word_b)) / 8;
    }
  }
  while (i < size && a[i] == b[i]) ++i;
  return i;
}

}  // namespace

bool natural_less(std::string_view a, std::string_view b) {
  auto is_digit = [](char c) { return c >= '0' && c <= '9'; };
  // Skip the common prefix a word at a time (sibling names share most of it), backing up to
  // the start of a digit run so numbers still compare by value.
  size_t common = common_prefix(a, b);
  if (common < a.size() && common < b.size() && is_digit(a[common]) && is_digit(b[common])) {
    // Both differ inside a digit run that starts at the same place: if the runs are equally
    // long, value order is digit order, decided right here ("file0123" vs "file0456").
    size_t end_a = common, end_b = common;
    while (end_a < a.size() && is_digit(a[end_a])) ++end_a;
    while (end_b < b.size() && is_digit(b[end_b])) ++end_b;
    if (end_a == end_b) return a[common] < b[common];
  }
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

Result<Selection> select_entries(const SelectOptions& options, bool with_metadata,
                                 bool with_inodes) {
  Selection selection;
  Walker walker(options, with_metadata, with_inodes, selection);
  if (options.paths.empty()) {
    GOFER_TRY(walker.add_path("."));
  } else {
    for (const auto& path : options.paths) GOFER_TRY(walker.add_path(path));
  }
  sort_entries(selection, options.sort);
  if (options.reverse) {
    std::reverse(selection.entries.begin(), selection.entries.end());
    std::reverse(selection.metadata.begin(), selection.metadata.end());
    selection.inodes.visit([](auto& inodes) { std::reverse(inodes.begin(), inodes.end()); });
  }
  return selection;
}

}  // namespace gofer::rename
