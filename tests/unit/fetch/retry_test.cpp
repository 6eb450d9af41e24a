// Unit tests of the retry policy: retryable statuses, Retry-After, full-jitter bounds.
#include "gofer/fetch/retry.hpp"

#include <gtest/gtest.h>

namespace gofer::fetch {
namespace {

TEST(RetryPolicy, OnlyTransientStatusesAreRetried) {
  for (long status : {408L, 425L, 429L, 500L, 502L, 503L, 504L}) EXPECT_TRUE(is_retryable_status(status));
  for (long status : {200L, 304L, 400L, 401L, 403L, 404L, 410L, 501L}) EXPECT_FALSE(is_retryable_status(status));
  // CURLcode values are ABI-stable (curl.h): the test does not need libcurl's headers.
  EXPECT_TRUE(is_retryable_curl_code(7));    // CURLE_COULDNT_CONNECT
  EXPECT_TRUE(is_retryable_curl_code(28));   // CURLE_OPERATION_TIMEDOUT
  EXPECT_TRUE(is_retryable_curl_code(18));   // CURLE_PARTIAL_FILE
  EXPECT_FALSE(is_retryable_curl_code(1));   // CURLE_UNSUPPORTED_PROTOCOL
  EXPECT_FALSE(is_retryable_curl_code(60));  // CURLE_PEER_FAILED_VERIFICATION
  EXPECT_FALSE(is_retryable_curl_code(47));  // CURLE_TOO_MANY_REDIRECTS
}

TEST(RetryAfter, SecondsAndHttpDates) {
  EXPECT_EQ(parse_retry_after("120", 0), 120.0);
  EXPECT_EQ(parse_retry_after(" 0 ", 0), 0.0);
  // Sun, 06 Nov 1994 08:49:37 GMT = 784111777 (RFC 9110's example date).
  EXPECT_EQ(parse_retry_after("Sun, 06 Nov 1994 08:49:37 GMT", 784111777 - 30), 30.0);
  EXPECT_EQ(parse_retry_after("Sun, 06 Nov 1994 08:49:37 GMT", 784111777 + 30), 0.0);
  EXPECT_EQ(parse_retry_after("", 0), std::nullopt);
  EXPECT_EQ(parse_retry_after("soon", 0), std::nullopt);
  EXPECT_EQ(parse_retry_after("-5", 0), std::nullopt);
}

TEST(Backoff, FullJitterWithinExponentialCeilingAndCap) {
  EXPECT_EQ(backoff_delay(1, 0.5, 30, 0.0), 0.0);
  EXPECT_DOUBLE_EQ(backoff_delay(1, 0.5, 30, 0.999999), 0.5 * 0.999999);
  EXPECT_DOUBLE_EQ(backoff_delay(2, 0.5, 30, 0.5), 0.5);   // ceiling 1.0
  EXPECT_DOUBLE_EQ(backoff_delay(4, 0.5, 30, 1.0), 4.0);   // ceiling 4.0
  EXPECT_DOUBLE_EQ(backoff_delay(10, 0.5, 30, 1.0), 30.0); // capped
  EXPECT_DOUBLE_EQ(backoff_delay(1000, 0.5, 30, 1.0), 30.0);  // no overflow
}

}  // namespace
}  // namespace gofer::fetch
