// Streaming MD5/SHA-1/SHA-256 of a file through OpenSSL's EVP interface.
#include "file_digest.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <memory>

#include <openssl/evp.h>

#include "gofer/fs.hpp"

namespace gofer::rename::detail {
namespace {

// 64 KiB: large enough that the syscall count stays low, small enough for the stack.
constexpr size_t kReadChunk = size_t{1} << 16;

const EVP_MD* evp_digest(HashAlgorithm algorithm) {
  switch (algorithm) {
    case HashAlgorithm::kMd5: return EVP_md5();
    case HashAlgorithm::kSha1: return EVP_sha1();
    case HashAlgorithm::kSha256: return EVP_sha256();
  }
  return EVP_sha256();
}

struct DigestContextDeleter {
  void operator()(EVP_MD_CTX* context) const { EVP_MD_CTX_free(context); }
};
using DigestContext = std::unique_ptr<EVP_MD_CTX, DigestContextDeleter>;

std::string to_hex(const unsigned char* bytes, size_t size) {
  static constexpr std::string_view kDigits = "0123456789abcdef";
  std::string hex;
  hex.reserve(size * 2);
  for (size_t i = 0; i < size; ++i) {
    hex += kDigits[bytes[i] >> 4];
    hex += kDigits[bytes[i] & 0x0f];
  }
  return hex;
}

// Feeds the whole file into `context`; EINTR is retried, any other failure names the path.
[[nodiscard]] Status digest_content(int fd, const std::filesystem::path& path,
                                    EVP_MD_CTX* context) {
  std::array<unsigned char, kReadChunk> buffer;
  for (;;) {
    ssize_t got = ::read(fd, buffer.data(), buffer.size());
    if (got < 0) {
      if (errno == EINTR) continue;
      return fail_errno(path.string());
    }
    if (got == 0) return {};
    if (EVP_DigestUpdate(context, buffer.data(), static_cast<size_t>(got)) != 1) {
      return fail(ErrorCategory::kInternal, "digest update failed");
    }
  }
}

}  // namespace

std::optional<HashAlgorithm> parse_hash_algorithm(std::string_view name) {
  if (name == "md5") return HashAlgorithm::kMd5;
  if (name == "sha1") return HashAlgorithm::kSha1;
  if (name == "sha256") return HashAlgorithm::kSha256;
  return std::nullopt;
}

size_t hex_digest_length(HashAlgorithm algorithm) {
  return static_cast<size_t>(EVP_MD_get_size(evp_digest(algorithm))) * 2;
}

Result<OpenedFile> open_regular_file(const std::filesystem::path& path) {
  // O_NONBLOCK: opening a FIFO must not wait for a writer; it is then rejected below.
  GOFER_TRY_ASSIGN(UniqueFd fd, open_file(path, O_RDONLY | O_NONBLOCK | O_NOCTTY));
  struct stat info {};
  if (::fstat(fd.get(), &info) != 0) return fail_errno(path.string());
  if (!S_ISREG(info.st_mode)) {
    return fail(
        Error(ErrorCategory::kInvalidArgument, "not a regular file").with_subject(path.string()));
  }
  return OpenedFile{std::move(fd), static_cast<uint64_t>(info.st_size)};
}

Result<std::string> hash_file(const std::filesystem::path& path, HashAlgorithm algorithm) {
  GOFER_TRY_ASSIGN(OpenedFile file, open_regular_file(path));
  const UniqueFd& fd = file.fd;
  DigestContext context(EVP_MD_CTX_new());
  if (!context || EVP_DigestInit_ex(context.get(), evp_digest(algorithm), nullptr) != 1) {
    return fail(ErrorCategory::kInternal, "cannot initialise digest");
  }
  GOFER_TRY(digest_content(fd.get(), path, context.get()));
  std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
  unsigned int size = 0;
  if (EVP_DigestFinal_ex(context.get(), digest.data(), &size) != 1) {
    return fail(ErrorCategory::kInternal, "digest finalisation failed");
  }
  return to_hex(digest.data(), size);
}

}  // namespace gofer::rename::detail
