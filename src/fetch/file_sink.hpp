// The body sink of `gofer fetch`: each body streamed into "<name>.part" under -d (hashed when
// asked), then committed under its name by the committer threads; validators for --refresh
// and kept .part files for --continue.
#pragma once

#include <mutex>

#include "download_dir.hpp"
#include "gofer/fetch/fetch.hpp"
#include "gofer/fetch/naming.hpp"
#include "gofer/fetch/state.hpp"
#include "sink.hpp"

namespace gofer::fetch {

class FileSink final : public BodySink {
 public:
  FileSink(const FetchOptions& options, DownloadDir directory)
      : options_(options),
        directory_(std::move(directory)),
        store_(options.state_directory / "fetch") {}

  [[nodiscard]] bool prepare(Transfer& transfer) override;
  [[nodiscard]] Status open(Transfer& transfer) override;
  [[nodiscard]] Status write(Transfer& transfer, std::string_view data) override;
  [[nodiscard]] Status verify(Transfer& transfer) override;
  [[nodiscard]] Result<ItemStatus> commit(Transfer& transfer) override;
  void retrying(Transfer& transfer) override;
  void abandon(Transfer& transfer, bool interrupted) override;
  [[nodiscard]] bool settles_at_end() const override {
    return options_.durability == Durability::kBatch;
  }
  // --durable=batch: one syncfs, every rename, one fsync per directory, then the records.
  [[nodiscard]] std::vector<Result<ItemStatus>> settle(
      std::span<const std::shared_ptr<Transfer>> kept) override;

 private:
  // The validators of a file now in place, for the next --refresh.
  void record_validators(Transfer& transfer, const FileStamp& file) const;
  // --refresh of an existing file: which validators to send, if any.
  void set_conditional(Transfer& transfer, const FileStamp& file) const;

  const FetchOptions& options_;
  DownloadDir directory_;
  ValidatorStore store_;
  NameRegistry names_;
  std::mutex names_mutex_;  // names are claimed from every worker thread
};

}  // namespace gofer::fetch
