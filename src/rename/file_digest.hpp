// Content digests of files for the `{hash}` template placeholder.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

#include "gofer/error.hpp"
#include "gofer/fs.hpp"

namespace gofer::rename::detail {

enum class HashAlgorithm { kMd5, kSha1, kSha256 };

// A regular file opened for the placeholders that read content ({hash}, {exif.*}), with its
// size. FIFOs, devices and directories are refused (kInvalidArgument) rather than read.
struct OpenedFile {
  UniqueFd fd;
  uint64_t size = 0;
};
[[nodiscard]] Result<OpenedFile> open_regular_file(const std::filesystem::path& path);

[[nodiscard]] std::optional<HashAlgorithm> parse_hash_algorithm(std::string_view name);
// Length of the hex digest: 32 for MD5, 40 for SHA-1, 64 for SHA-256.
[[nodiscard]] size_t hex_digest_length(HashAlgorithm algorithm);

// Lowercase hex digest of the file's content, read in fixed-size chunks so that large files
// never sit in memory. Fails with the errno category and the path as subject.
[[nodiscard]] Result<std::string> hash_file(const std::filesystem::path& path,
                                            HashAlgorithm algorithm);

}  // namespace gofer::rename::detail
