// One URL's download across its attempts: the easy handle's settings, response headers and
// the body, streamed into the run's BodySink (a "<name>.part" file, or memory).
#pragma once

#include <curl/curl.h>
#include <openssl/evp.h>

#include <atomic>
#include <chrono>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "gofer/fetch/fetch.hpp"
#include "gofer/fetch/naming.hpp"
#include "gofer/fetch/state.hpp"
#include "gofer/fs.hpp"
#include "sink.hpp"

namespace gofer::fetch {

struct EvpMdCtxDeleter {
  void operator()(EVP_MD_CTX* context) const { EVP_MD_CTX_free(context); }
};
struct SlistDeleter {
  void operator()(curl_slist* list) const { curl_slist_free_all(list); }
};
struct MultiDeleter {
  void operator()(CURLM* multi) const { curl_multi_cleanup(multi); }
};
struct EasyDeleter {
  void operator()(CURL* easy) const { curl_easy_cleanup(easy); }
};

// What the final response of one attempt said (redirect hops are forgotten).
struct ResponseHeaders {
  long status = 0;
  int64_t content_length = -1;
  int64_t range_start = -1;  // from Content-Range on a 206
  std::string etag, last_modified, content_disposition, retry_after, content_type;
};

struct TransferContext;

// FileSink: body bytes received but not yet written to the .part (file_sink.cpp says why).
struct PendingWrites {
  std::unique_ptr<char[]> data;
  size_t size = 0;
  size_t capacity = 0;
  std::chrono::steady_clock::time_point since;  // when the oldest pending byte arrived
};

struct Transfer {
  TransferContext* context = nullptr;
  FetchItem item;
  std::string name;  // claimed file name; empty until known (--content-disposition)
  bool renamed = false;
  std::string expected_sha256;
  std::optional<Validators> conditional;  // sent as If-None-Match/If-Modified-Since
  bool changed_locally = false;  // recorded validators ignored: the file was edited by hand
  std::string warning;           // reported with an OK (ItemReport::warning)
  std::optional<Validators> part_validators;  // of a kept .part: sent as If-Range
  int attempts = 0;
  bool spider_get = false;  // HEAD was refused: GET, and stop at the first body byte
  bool no_resume = false;   // the server refused our range: start over
  std::chrono::steady_clock::time_point started = std::chrono::steady_clock::now();

  // Per attempt.
  CURL* easy = nullptr;
  ResponseHeaders headers;
  int64_t resume_offset = 0;  // bytes of the .part we asked the server to skip
  std::string range;          // "N-", kept alive for CURLOPT_RANGE
  bool body_started = false;
  bool body_wanted = false;  // a 2xx body that goes to the file
  // --limit-rate: when the body began, bytes let through since, and when to unpause.
  std::chrono::steady_clock::time_point body_clock;
  int64_t limited_bytes = 0;
  std::optional<std::chrono::steady_clock::time_point> paused_until;
  UniqueFd part;      // FileSink: the open "<name>.part"
  int64_t bytes = 0;  // body bytes (in a .part: including resumed ones)
  int64_t written_back = 0;  // FileSink: the .part's bytes whose writeback was started
  int64_t on_disk = 0;       // FileSink: the .part's bytes written (the rest is in `pending`)
  PendingWrites pending;
  std::optional<FileStamp> closed_part;  // --durable=batch: closed, waiting for the end
  std::unique_ptr<EVP_MD_CTX, EvpMdCtxDeleter> hasher;
  std::unique_ptr<curl_slist, SlistDeleter> request_headers;
  std::string body;           // MemorySink: the body itself
  std::string effective_url;  // after redirects (set when the transfer is done)
  std::string abort_reason;   // set by a callback that stopped the transfer on purpose
  char error_buffer[CURL_ERROR_SIZE] = {};
};

// Shared by every transfer of a run (callbacks reach it through the Transfer).
struct TransferContext {
  const FetchOptions& options;
  BodySink& sink;
  std::atomic<int64_t>* received = nullptr;  // run-wide body byte counter for progress
};

// RFC 9110 IMF-fixdate ("Sun, 06 Nov 1994 08:49:37 GMT"), for If-Modified-Since.
[[nodiscard]] std::string http_date(int64_t seconds_since_epoch);
// The name a URL gives itself: --name-template's path if set, else its last segment.
[[nodiscard]] std::string url_name(const FetchOptions& options, std::string_view url);
// Resets `easy` and sets it up for the next attempt of `transfer`.
void configure_attempt(Transfer& transfer, CURL* easy);
// Refuses a body whose Content-Length (plus the bytes kept from earlier) exceeds --max-size.
[[nodiscard]] Status check_announced_size(const Transfer& transfer);
// A fresh SHA-256 of the body when `wanted`, else none (hashing costs about as much CPU as
// the transfer itself on fast links: only when asked).
void start_hash(Transfer& transfer, bool wanted);
// Lowercase hex SHA-256 of everything hashed; empty if nothing asked for it.
[[nodiscard]] std::string finish_hash(Transfer& transfer);

}  // namespace gofer::fetch
