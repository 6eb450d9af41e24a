// The body sink of `gofer scrape`: each 2xx body collected in memory (bounded by --max-size)
// and handed to the caller's BodyHandler on a committer thread, so parsing runs beside the
// event loops.
#pragma once

#include "gofer/fetch/fetch.hpp"
#include "sink.hpp"

namespace gofer::fetch {

class MemorySink final : public BodySink {
 public:
  explicit MemorySink(const BodyHandler& handler) : handler_(handler) {}

  [[nodiscard]] bool prepare(Transfer& transfer) override;
  [[nodiscard]] Status open(Transfer& transfer) override;
  [[nodiscard]] Status write(Transfer& transfer, std::string_view data) override;
  [[nodiscard]] Status verify(Transfer& transfer) override;
  [[nodiscard]] Result<ItemStatus> commit(Transfer& transfer) override;
  void retrying(Transfer& transfer) override;
  void abandon(Transfer& transfer, bool interrupted) override;

 private:
  const BodyHandler& handler_;
};

}  // namespace gofer::fetch
