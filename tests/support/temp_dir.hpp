// A fresh temporary directory per test, removed afterwards, with helpers to build trees.
#pragma once

#include <filesystem>
#include <map>
#include <string>
#include <string_view>

namespace gofer::testing {

class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  [[nodiscard]] const std::filesystem::path& path() const { return path_; }
  // Writes `content` to path()/relative, creating parent directories.
  std::filesystem::path write(std::string_view relative, std::string_view content) const;
  [[nodiscard]] std::string read(std::string_view relative) const;
  // relative path -> content (directories map to "<dir>", symlinks to "-> target").
  [[nodiscard]] std::map<std::string, std::string> snapshot() const;

 private:
  std::filesystem::path path_;
};

}  // namespace gofer::testing
