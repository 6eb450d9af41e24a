// A loopback HTTP(S) server for blackbox tests of `gofer fetch`, with fault-injecting routes.
// Runs cpp-httplib in a thread of the test process on an ephemeral port of 127.0.0.1.
#pragma once

#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

namespace gofer::testing {

// Routes (SIZE in bytes; bodies are deterministic: byte i is 'a' + i % 26):
//   /file/SIZE[/NAME]        200 with ETag/Last-Modified; Range + If-Range; 304 for a matching
//                            If-None-Match, or an If-Modified-Since at or after Last-Modified
//   /norange/SIZE            ignores Range (always the whole body, 200)
//   /flaky/KEY/N             503 for the first N requests of KEY, then 200 "ok KEY"
//   /retry-after/KEY/N/SECS  429 + Retry-After: SECS for the first N requests, then 200
//   /status/CODE             an empty response with that status
//   /drip/SIZE/MS            one 1 KiB chunk every MS milliseconds
//   /slow/MS/NAME            200 "slow" after MS milliseconds (see max_concurrent_requests())
//   /stall/SIZE              headers, then silence (until the server stops, max 10 s)
//   /drop/KEY/SIZE           first request of KEY: connection closed mid-body; then /file
//   /short/SIZE              Content-Length SIZE but only half the body, every time
//   /redirect/N              302 chain of N hops ending in 200 "redirected"
//   /loop                    302 to itself
//   /to-file                 302 to file:///etc/passwd
//   /disposition/NAME        Content-Disposition: attachment; filename="NAME" (percent-decoded)
//   /huge                    Content-Length: 1 PB, a few bytes, then close
//   /gzip                    a compressible text body (compressed if the client accepts)
//   /encoded/gzip|br|zstd    the same text, always in that Content-Encoding
//   http://HOST/PATH         a proxied request (absolute-form): 200 "via proxy: http://HOST/PATH"
//   /head-refused/SIZE       405 for HEAD, the body for GET
//   /echo                    the request headers as the body
//   /any/...                 200 "any" for every path below (hostile --name-template paths)
//   /trap/N                  HTML linking to /trap/N+1: an endless chain (crawler link traps)
//   anything else            a page given to add_page() (a generated site; 304 for its ETag),
//                            else 404
class HttpTestServer {
 public:
  // `tls`: HTTPS with a self-signed certificate for 127.0.0.1 made now (see cert_path()).
  explicit HttpTestServer(bool tls = false);
  ~HttpTestServer();
  HttpTestServer(const HttpTestServer&) = delete;
  HttpTestServer& operator=(const HttpTestServer&) = delete;

  [[nodiscard]] std::string url(std::string_view path) const;

  // A page of a generated site, served at its exact target (path and query).
  struct Page {
    std::string body;
    std::string content_type = "text/html";
    int status = 200;
    std::string location;  // with a 3xx status: the Location header
    std::string etag;      // sent as ETag; a matching If-None-Match gets a 304
  };
  void add_page(const std::string& target, Page page);
  // Every request's target (path and query, e.g. "/list?page=2"), in arrival order.
  [[nodiscard]] std::vector<std::string> requests() const;
  [[nodiscard]] const std::filesystem::path& cert_path() const { return cert_path_; }
  // Requests seen for `path` (exact, e.g. "/flaky/a/2"), counting HEAD and GET.
  [[nodiscard]] int hits(const std::string& path) const;
  // Value of header `name` in the last request for `path` ("" if absent).
  [[nodiscard]] std::string last_header(const std::string& path, const std::string& name) const;
  // Bytes of body the server sent with a 200/206 (for "no body transferred" checks).
  [[nodiscard]] long long body_bytes_sent() const;
  // The most /slow/ requests the server was answering at one time.
  [[nodiscard]] int max_concurrent_requests() const;

  static std::string body(size_t size);

  struct Impl;

 private:
  std::unique_ptr<Impl> impl_;
  std::filesystem::path cert_path_;
  int port_ = 0;
  bool tls_ = false;
};

}  // namespace gofer::testing
