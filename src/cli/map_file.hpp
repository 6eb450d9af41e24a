// Reads `--map FILE.csv` (old,new pairs; an optional header row) for `gofer rename`.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "gofer/error.hpp"
#include "gofer/rename/rename.hpp"

namespace gofer::cli {

[[nodiscard]] Result<std::vector<rename::MapPair>> read_rename_map(
    const std::filesystem::path& file);
// The parsing half of read_rename_map (also the fuzz target's entry); `file` names the
// subject of its errors.
[[nodiscard]] Result<std::vector<rename::MapPair>> parse_rename_map(
    std::string text, const std::filesystem::path& file);

}  // namespace gofer::cli
