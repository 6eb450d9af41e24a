// MemorySink: bodies into a string per transfer, then to the handler; nothing touches disk.
#include "memory_sink.hpp"

#include <algorithm>

#include "transfer.hpp"

namespace gofer::fetch {
namespace {

// Reserved up front from Content-Length, at most this much: a lying header cannot make
// gofer allocate --max-size for a 10-byte body.
constexpr int64_t kMaxReserveBytes = 4 << 20;

void release(Transfer& transfer) { std::string().swap(transfer.body); }

}  // namespace

bool MemorySink::prepare(Transfer& /*transfer*/) { return true; }

Status MemorySink::open(Transfer& transfer) {
  release(transfer);
  transfer.bytes = 0;
  GOFER_TRY(check_announced_size(transfer));
  if (transfer.headers.content_length > 0) {
    transfer.body.reserve(
        static_cast<size_t>(std::min(transfer.headers.content_length, kMaxReserveBytes)));
  }
  return {};
}

Status MemorySink::write(Transfer& transfer, std::string_view data) {
  transfer.body.append(data);
  return {};
}

Status MemorySink::verify(Transfer& /*transfer*/) { return {}; }

Result<ItemStatus> MemorySink::commit(Transfer& transfer) {
  FetchedBody body{transfer.item, transfer.effective_url, transfer.headers.status,
                   transfer.headers.content_type, transfer.body};
  auto status = handler_(body);
  release(transfer);  // the rows are out; the page need not wait for the report
  return status;
}

void MemorySink::retrying(Transfer& transfer) { release(transfer); }

void MemorySink::abandon(Transfer& transfer, bool /*interrupted*/) { release(transfer); }

}  // namespace gofer::fetch
