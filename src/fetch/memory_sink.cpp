// The body sink of `gofer scrape`: each 2xx body collected in memory (bounded by --max-size)
// and handed to the caller's BodyHandler on a committer thread, so parsing runs beside the
// event loops; nothing touches disk.
#include <algorithm>
#include <new>

#include <fmt/format.h>

#include "sink.hpp"
#include "transfer.hpp"

namespace gofer::fetch {
namespace {

// Reserved up front from Content-Length, at most this much: a lying header cannot make
// gofer allocate --max-size for a 10-byte body.
constexpr int64_t kMaxReserveBytes = 4 << 20;

void release(Transfer& transfer) { std::string().swap(transfer.body); }

// A body too big for the memory left fails its page alone: the write callback runs under
// libcurl and commit on a committer thread, where std::bad_alloc would end the process.
std::unexpected<Error> out_of_memory(std::string_view doing, Transfer& transfer) {
  int64_t received = transfer.bytes;
  release(transfer);
  return fail(ErrorCategory::kIo,
              fmt::format("out of memory {} ({} bytes received)", doing, received));
}

class MemorySink final : public BodySink {
 public:
  MemorySink(const BodyHandler& handler, const ConditionalLookup& conditional)
      : handler_(handler), conditional_(conditional) {}
  bool prepare(Transfer& transfer) override {
    if (conditional_) transfer.conditional = conditional_(transfer.item);
    return true;
  }
  Status open(Transfer& transfer) override;
  Status write(Transfer& transfer, std::string_view data) override {
    try {
      transfer.body.append(data);
    } catch (const std::bad_alloc&) {
      return out_of_memory("holding the page", transfer);
    }
    return {};
  }
  Status verify(Transfer& /*transfer*/) override { return {}; }
  int commit_threads(const FetchOptions& options) const override {
    return memory_handler_threads(options);
  }
  Result<ItemStatus> commit(Transfer& transfer) override;
  void retrying(Transfer& transfer) override { release(transfer); }
  void abandon(Transfer& transfer, bool /*interrupted*/) override { release(transfer); }

 private:
  const BodyHandler& handler_;
  const ConditionalLookup& conditional_;  // empty: no conditional requests
};

Status MemorySink::open(Transfer& transfer) {
  release(transfer);
  transfer.bytes = 0;
  GOFER_TRY(check_announced_size(transfer));
  if (transfer.headers.content_length > 0) {
    try {
      transfer.body.reserve(
          static_cast<size_t>(std::min(transfer.headers.content_length, kMaxReserveBytes)));
    } catch (const std::bad_alloc&) {
      return out_of_memory("holding the page", transfer);
    }
  }
  return {};
}

Result<ItemStatus> MemorySink::commit(Transfer& transfer) {
  FetchedBody body{transfer.item,         transfer.effective_url,
                   transfer.headers.status, transfer.headers.content_type,
                   transfer.body,          transfer.headers.etag,
                   transfer.headers.last_modified};
  Result<ItemStatus> status = ItemStatus::kOk;
  try {
    status = handler_(body);
  } catch (const std::bad_alloc&) {
    return out_of_memory("processing the page", transfer);
  }
  release(transfer);  // the rows are out; the page need not wait for the report
  return status;
}

}  // namespace

std::unique_ptr<BodySink> make_memory_sink(const BodyHandler& handler,
                                           const ConditionalLookup& conditional) {
  return std::make_unique<MemorySink>(handler, conditional);
}

}  // namespace gofer::fetch
