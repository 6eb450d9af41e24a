// The body sink of `gofer fetch -o -` (or -o naming a FIFO, a device, /dev/fd/N): the body
// goes to the descriptor as it arrives, as curl writes it, since a stream can be neither
// renamed over nor rewound. A retry before the first byte is free; after it, the transfer
// fails rather than send the reader the same bytes twice.
#include <fmt/format.h>

#include "gofer/fs.hpp"
#include "sink.hpp"
#include "transfer.hpp"

namespace gofer::fetch {
namespace {

class StreamSink final : public BodySink {
 public:
  explicit StreamSink(const FetchOptions& options) : options_(options) {}

  bool prepare(Transfer& transfer) override {
    transfer.name = options_.output_display;
    transfer.expected_sha256 = transfer.item.sha256;
    return true;
  }
  Status open(Transfer& transfer) override;
  Status write(Transfer& transfer, std::string_view data) override;
  Status verify(Transfer& transfer) override;
  Result<ItemStatus> commit(Transfer& /*transfer*/) override { return ItemStatus::kOk; }
  void retrying(Transfer& /*transfer*/) override {}
  // Nothing is kept anywhere: the report must not point at a .part file.
  void abandon(Transfer& transfer, bool /*interrupted*/) override { transfer.name.clear(); }

 private:
  const FetchOptions& options_;
  int64_t written_ = 0;  // over every attempt: what the reader has already seen
};

Status StreamSink::open(Transfer& transfer) {
  if (written_ > 0) {
    return fail(ErrorCategory::kIo,
                fmt::format("the connection broke after {} bytes went to {}, which cannot be "
                            "rewound; not retried",
                            written_, options_.output_display));
  }
  start_hash(transfer, options_.always_sha256 || !transfer.expected_sha256.empty());
  transfer.bytes = 0;
  return check_announced_size(transfer);
}

Status StreamSink::write(Transfer& transfer, std::string_view data) {
  if (auto written = write_all(options_.output_descriptor, data); !written) {
    return fail(std::move(written.error())
                    .with_context("cannot write")
                    .with_subject(options_.output_display));
  }
  written_ += static_cast<int64_t>(data.size());
  if (transfer.hasher) EVP_DigestUpdate(transfer.hasher.get(), data.data(), data.size());
  return {};
}

Status StreamSink::verify(Transfer& transfer) {
  std::string digest = finish_hash(transfer);
  if (!transfer.expected_sha256.empty() && digest != transfer.expected_sha256) {
    return fail(ErrorCategory::kInvalidData,
                fmt::format("SHA-256 mismatch: expected {}, got {} (the bytes already went to "
                            "{}: do not trust them)",
                            transfer.expected_sha256, digest, options_.output_display));
  }
  transfer.item.sha256 = digest;
  return {};
}

}  // namespace

std::unique_ptr<BodySink> make_stream_sink(const FetchOptions& options) {
  return std::make_unique<StreamSink>(options);
}

}  // namespace gofer::fetch
