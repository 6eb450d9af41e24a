// The memory sink of `gofer scrape`: bodies held in memory and handed to the handler, and a
// page that runs out of memory failing alone instead of ending the process.
#include "fetch/sink.hpp"

#include <gtest/gtest.h>

#include <new>
#include <string>

#include "fetch/transfer.hpp"

namespace gofer::fetch {
namespace {

Transfer transfer_of(const std::string& url) {
  Transfer transfer;
  transfer.item.url = url;
  return transfer;
}

TEST(MemorySinkTest, TheBodyReachesTheHandlerAndIsReleasedAfterIt) {
  std::string seen;
  BodyHandler handler = [&](const FetchedBody& body) -> Result<ItemStatus> {
    seen = std::string(body.item.url) + " " + std::string(body.body);
    return ItemStatus::kSkipped;
  };
  auto sink = make_memory_sink(handler, {});
  Transfer transfer = transfer_of("http://e.org/a");
  ASSERT_TRUE(sink->write(transfer, "<p>one"));
  ASSERT_TRUE(sink->write(transfer, "</p>"));
  auto committed = sink->commit(transfer);
  ASSERT_TRUE(committed) << committed.error().message();
  EXPECT_EQ(*committed, ItemStatus::kSkipped);
  EXPECT_EQ(seen, "http://e.org/a <p>one</p>");
  EXPECT_TRUE(transfer.body.empty());
}

TEST(MemorySinkTest, AHandlerOutOfMemoryFailsThePageAndReleasesItsBody) {
  BodyHandler handler = [](const FetchedBody&) -> Result<ItemStatus> { throw std::bad_alloc(); };
  auto sink = make_memory_sink(handler, {});
  Transfer transfer = transfer_of("http://e.org/a");
  ASSERT_TRUE(sink->write(transfer, std::string(1000, 'x')));
  transfer.bytes = 1000;
  auto committed = sink->commit(transfer);
  ASSERT_FALSE(committed);
  EXPECT_EQ(committed.error().message(),
            "out of memory processing the page (1000 bytes received)");
  EXPECT_TRUE(transfer.body.empty());
  EXPECT_EQ(transfer.body.capacity(), std::string().capacity());
}

TEST(MemorySinkTest, ABodyTooBigForTheMemoryLeftFailsItsWrite) {
#if defined(__SANITIZE_ADDRESS__)
  GTEST_SKIP() << "ASan's operator new reports an impossible size instead of throwing";
#endif
  BodyHandler handler = [](const FetchedBody&) -> Result<ItemStatus> { return ItemStatus::kOk; };
  auto sink = make_memory_sink(handler, {});
  Transfer transfer = transfer_of("http://e.org/a");
  transfer.body.assign(16, 'x');
  transfer.bytes = 16;
  // More than any allocator gives (about 2^62 bytes; past max_size() std::string would throw
  // std::length_error instead). The allocation fails before a byte of it is read.
  std::string_view impossible(transfer.body.data(), transfer.body.max_size() / 2);
  auto written = sink->write(transfer, impossible);
  ASSERT_FALSE(written);
  EXPECT_EQ(written.error().message(), "out of memory holding the page (16 bytes received)");
  EXPECT_TRUE(transfer.body.empty());
}

}  // namespace
}  // namespace gofer::fetch
