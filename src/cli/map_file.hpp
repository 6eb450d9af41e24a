// Reads `--map FILE.csv` (old,new pairs; an optional header row) for `gofer rename`.
#pragma once

#include <filesystem>
#include <vector>

#include "gofer/error.hpp"
#include "gofer/rename/rename.hpp"

namespace gofer::cli {

[[nodiscard]] Result<std::vector<rename::MapPair>> read_rename_map(
    const std::filesystem::path& file);

}  // namespace gofer::cli
