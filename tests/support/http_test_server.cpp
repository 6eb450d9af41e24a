// HttpTestServer: cpp-httplib routes that misbehave on purpose; see the header for the list.
#include "http_test_server.hpp"

#include <brotli/encode.h>
#include <httplib.h>
#include <zlib.h>
#include <zstd.h>

#include <atomic>
#include <time.h>

#include <chrono>
#include <stdexcept>
#include <thread>

#include "gzip.hpp"
#include "run_binary.hpp"
#include "temp_dir.hpp"

namespace gofer::testing {

namespace {

constexpr const char* kEtag = "\"gofer-test-v1\"";
constexpr const char* kLastModified = "Tue, 01 Jan 2030 00:00:00 GMT";
constexpr const char* kBinary = "application/octet-stream";

size_t to_size(const std::string& text) { return static_cast<size_t>(std::stoull(text)); }

// Seconds since the epoch of an IMF-fixdate, -1 if it is not one.
long long parse_http_date(const std::string& text) {
  struct tm utc {};
  const char* end = strptime(text.c_str(), "%a, %d %b %Y %H:%M:%S GMT", &utc);
  return end != nullptr && *end == '\0' ? static_cast<long long>(timegm(&utc)) : -1;
}

// RFC 9110 13.1.3: not modified when the date given is at or after Last-Modified.
bool not_modified_since(const httplib::Request& req) {
  long long since = parse_http_date(req.get_header_value("If-Modified-Since"));
  return since >= 0 && since >= parse_http_date(kLastModified);
}

// The text served by /gzip and /encoded/*.
std::string compressible_text() {
  std::string text;
  for (int i = 0; i < 2000; ++i) text += "gofer fetches compressible text. ";
  return text;
}

// `text` in one Content-Encoding ("gzip", "br" or "zstd"); empty for an unknown one.
std::string encode(const std::string& text, const std::string& encoding) {
  std::string out;
  if (encoding == "gzip") {
    out = gzip(text);
  } else if (encoding == "br") {
    size_t size = BrotliEncoderMaxCompressedSize(text.size());
    out.resize(size);
    BrotliEncoderCompress(BROTLI_DEFAULT_QUALITY, BROTLI_DEFAULT_WINDOW, BROTLI_MODE_TEXT,
                          text.size(), reinterpret_cast<const uint8_t*>(text.data()), &size,
                          reinterpret_cast<uint8_t*>(out.data()));
    out.resize(size);
  } else if (encoding == "zstd") {
    out.resize(ZSTD_compressBound(text.size()));
    out.resize(ZSTD_compress(out.data(), out.size(), text.data(), text.size(), 3));
  }
  return out;
}

}  // namespace

struct HttpTestServer::Impl {
  TempDir dir;
  std::unique_ptr<httplib::Server> server;
  std::thread thread;
  std::atomic<bool> stopping{false};
  std::atomic<long long> body_bytes{0};
  std::atomic<int> concurrent{0}, max_concurrent{0};
  mutable std::mutex mutex;
  std::map<std::string, int> hits;
  std::map<std::string, httplib::Headers> last_headers;
  std::vector<std::string> requests;
  std::map<std::string, Page> pages;

  int count(const httplib::Request& req) {
    std::lock_guard lock(mutex);
    last_headers[req.path] = req.headers;
    requests.push_back(req.target);
    return ++hits[req.path];
  }
  void add_site_routes();
  void serve_file(const httplib::Request& req, httplib::Response& res, size_t size);
  void add_routes();
  void add_fault_routes();
  void add_broken_body_routes();
  void add_redirect_routes();
};

std::string HttpTestServer::body(size_t size) {
  std::string text(size, '\0');
  for (size_t i = 0; i < size; ++i) text[i] = static_cast<char>('a' + i % 26);
  return text;
}

// 200, or 206 for "Range: bytes=N-" unless If-Range names another version, or 304.
void HttpTestServer::Impl::serve_file(const httplib::Request& req, httplib::Response& res,
                                      size_t size) {
  res.set_header("ETag", kEtag);
  res.set_header("Last-Modified", kLastModified);
  res.set_header("Accept-Ranges", "bytes");
  // If-None-Match decides when both are sent (RFC 9110 13.2.2).
  bool none_match = req.has_header("If-None-Match");
  if ((none_match && req.get_header_value("If-None-Match") == kEtag) ||
      (!none_match && not_modified_since(req))) {
    res.status = 304;
    return;
  }
  std::string range = req.get_header_value("Range");
  std::string if_range = req.get_header_value("If-Range");
  bool range_ok = range.starts_with("bytes=") && range.back() == '-' &&
                  (if_range.empty() || if_range == kEtag || if_range == kLastModified);
  size_t start = range_ok ? to_size(range.substr(6, range.size() - 7)) : 0;
  if (!range_ok || start >= size) {
    // httplib slices every response by the parsed Range; forget it to answer in full.
    const_cast<httplib::Request&>(req).ranges.clear();
  }
  if (range_ok && start >= size) {
    res.status = 416;
    res.set_header("Content-Range", "bytes */" + std::to_string(size));
    return;
  }
  if (!range_ok) res.status = 200;  // else httplib answers 206 with Content-Range
  body_bytes += static_cast<long long>(size - start);
  std::string content = body(size);
  res.set_content_provider(content.size(), kBinary,
                           [content](size_t offset, size_t length, httplib::DataSink& sink) {
                             return sink.write(content.data() + offset, length);
                           });
}

void HttpTestServer::Impl::add_routes() {
  auto& s = *server;
  s.Get(R"(/file/(\d+)(/[^/]+)?)", [this](const httplib::Request& req, httplib::Response& res) {
    count(req);
    serve_file(req, res, to_size(req.matches[1]));
  });
  s.Get(R"(/norange/(\d+))", [this](const httplib::Request& req, httplib::Response& res) {
    count(req);
    const_cast<httplib::Request&>(req).ranges.clear();
    std::string content = body(to_size(req.matches[1]));
    body_bytes += static_cast<long long>(content.size());
    res.status = 200;
    res.set_content_provider(content.size(), kBinary,
                             [content](size_t offset, size_t length, httplib::DataSink& sink) {
                               return sink.write(content.data() + offset, length);
                             });
  });
  s.Get(R"(/status/(\d+))", [this](const httplib::Request& req, httplib::Response& res) {
    count(req);
    res.status = std::stoi(req.matches[1]);
  });
  s.Get(R"(/gzip)", [this](const httplib::Request& req, httplib::Response& res) {
    count(req);
    res.set_content(compressible_text(), "text/plain");
  });
  s.Get(R"(/encoded/(gzip|br|zstd))", [this](const httplib::Request& req, httplib::Response& res) {
    count(req);
    res.set_header("Content-Encoding", std::string(req.matches[1]));
    body_bytes += static_cast<long long>(encode(compressible_text(), req.matches[1]).size());
    res.set_content(encode(compressible_text(), req.matches[1]), "text/plain");
  });
  // A proxy sees the absolute URL as the request target (RFC 9112, absolute-form).
  s.Get(R"(http://([^/]+)(/.*))", [this](const httplib::Request& req, httplib::Response& res) {
    count(req);
    res.set_content("via proxy: " + req.path, kBinary);
  });
  s.Get(R"(/any/[\s\S]*)", [this](const httplib::Request& req, httplib::Response& res) {
    count(req);
    res.set_content("any", kBinary);
  });
  s.Get(R"(/echo)", [this](const httplib::Request& req, httplib::Response& res) {
    count(req);
    std::string text;
    for (const auto& [name, value] : req.headers) text += name + ": " + value + "\n";
    res.set_content(text, "text/plain; charset=utf-8");
  });
  s.Get(R"(/head-refused/(\d+))", [this](const httplib::Request& req, httplib::Response& res) {
    count(req);
    if (req.method == "HEAD") {
      res.status = 405;
      return;
    }
    serve_file(req, res, to_size(req.matches[1]));
  });
  s.Get(R"(/disposition/(.+))", [this](const httplib::Request& req, httplib::Response& res) {
    count(req);
    res.set_header("Content-Disposition", "attachment; filename=\"" + std::string(req.matches[1]) + "\"");
    res.set_content("from the server", kBinary);
  });
  add_fault_routes();
  add_broken_body_routes();
  add_redirect_routes();
  add_site_routes();  // last: its catch-all must not shadow the routes above
}

void HttpTestServer::Impl::add_site_routes() {
  auto& s = *server;
  s.Get(R"(/trap/(\d+))", [this](const httplib::Request& req, httplib::Response& res) {
    count(req);
    int next = std::stoi(req.matches[1]) + 1;
    res.set_content("<a href=\"/trap/" + std::to_string(next) + "\">next day</a>", "text/html");
  });
  s.Get(R"(/.*)", [this](const httplib::Request& req, httplib::Response& res) {
    count(req);
    std::lock_guard lock(mutex);
    auto page = pages.find(req.target);
    if (page == pages.end()) {
      res.status = 404;
      return;
    }
    if (!page->second.etag.empty()) {
      res.set_header("ETag", page->second.etag);
      if (req.get_header_value("If-None-Match") == page->second.etag) {
        res.status = 304;
        return;
      }
    }
    res.status = page->second.status;
    if (!page->second.location.empty()) res.set_header("Location", page->second.location);
    res.set_content(page->second.body, page->second.content_type);
  });
}

void HttpTestServer::Impl::add_fault_routes() {
  auto& s = *server;
  s.Get(R"(/flaky/([^/]+)/(\d+))", [this](const httplib::Request& req, httplib::Response& res) {
    if (count(req) <= std::stoi(req.matches[2])) {
      res.status = 503;
      return;
    }
    res.set_content("ok " + std::string(req.matches[1]), kBinary);
  });
  s.Get(R"(/retry-after/([^/]+)/(\d+)/([^/]+))",
        [this](const httplib::Request& req, httplib::Response& res) {
          if (count(req) <= std::stoi(req.matches[2])) {
            res.status = 429;
            res.set_header("Retry-After", std::string(req.matches[3]));
            return;
          }
          res.set_content("ok " + std::string(req.matches[1]), kBinary);
        });
  s.Get(R"(/drip/(\d+)/(\d+))", [this](const httplib::Request& req, httplib::Response& res) {
    count(req);
    int pause = std::stoi(req.matches[2]);
    std::string content = body(to_size(req.matches[1]));
    res.set_content_provider(content.size(), kBinary,
                             [this, content, pause](size_t offset, size_t length,
                                                    httplib::DataSink& sink) {
                               std::this_thread::sleep_for(std::chrono::milliseconds(pause));
                               return !stopping && sink.write(content.data() + offset,
                                                              std::min<size_t>(length, 1024));
                             });
  });
  s.Get(R"(/slow/(\d+)/[^/]+)", [this](const httplib::Request& req, httplib::Response& res) {
    count(req);
    int now = ++concurrent;
    for (int seen = max_concurrent; now > seen && !max_concurrent.compare_exchange_weak(seen, now);) {
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(std::stoi(req.matches[1])));
    --concurrent;
    res.set_content("slow", kBinary);
  });
  s.Get(R"(/stall/(\d+))", [this](const httplib::Request& req, httplib::Response& res) {
    count(req);
    res.set_content_provider(to_size(req.matches[1]), kBinary,
                             [this](size_t, size_t, httplib::DataSink&) {
                               for (int i = 0; i < 200 && !stopping; ++i) {
                                 std::this_thread::sleep_for(std::chrono::milliseconds(50));
                               }
                               return false;
                             });
  });
}

void HttpTestServer::Impl::add_broken_body_routes() {
  auto& s = *server;
  auto half_then_close = [](const std::string& content, httplib::Response& res) {
    res.set_header("ETag", kEtag);
    res.set_header("Last-Modified", kLastModified);
    res.set_content_provider(content.size(), kBinary,
                             [content](size_t offset, size_t, httplib::DataSink& sink) {
                               if (offset > 0) return false;  // the connection drops here
                               return sink.write(content.data(), content.size() / 2);
                             });
  };
  s.Get(R"(/drop/([^/]+)/(\d+))", [this, half_then_close](const httplib::Request& req,
                                                          httplib::Response& res) {
    if (count(req) == 1) return half_then_close(body(to_size(req.matches[2])), res);
    serve_file(req, res, to_size(req.matches[2]));
  });
  s.Get(R"(/short/(\d+))", [this, half_then_close](const httplib::Request& req,
                                                  httplib::Response& res) {
    count(req);
    half_then_close(body(to_size(req.matches[1])), res);
  });
  s.Get(R"(/huge)", [this](const httplib::Request& req, httplib::Response& res) {
    count(req);
    res.set_content_provider(1000000000000000ULL, kBinary,
                             [](size_t offset, size_t, httplib::DataSink& sink) {
                               return offset == 0 && sink.write("abc", 3);
                             });
  });
}

void HttpTestServer::Impl::add_redirect_routes() {
  auto& s = *server;
  s.Get(R"(/redirect/(\d+))", [this](const httplib::Request& req, httplib::Response& res) {
    count(req);
    int hops = std::stoi(req.matches[1]);
    if (hops == 0) return res.set_content("redirected", kBinary);
    res.set_redirect("/redirect/" + std::to_string(hops - 1));
  });
  s.Get(R"(/loop)", [this](const httplib::Request& req, httplib::Response& res) {
    count(req);
    res.set_redirect("/loop");
  });
  s.Get(R"(/to-file)", [this](const httplib::Request& req, httplib::Response& res) {
    count(req);
    res.set_redirect("file:///etc/passwd");
  });
}

HttpTestServer::HttpTestServer(bool tls) : impl_(std::make_unique<Impl>()), tls_(tls) {
  if (tls) {
    cert_path_ = impl_->dir.path() / "cert.pem";
    auto key = impl_->dir.path() / "key.pem";
    auto made = run_program({"openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes",
                             "-keyout", key.string(), "-out", cert_path_.string(), "-days", "2",
                             "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1"});
    if (made.exit_code != 0) throw std::runtime_error("openssl req failed: " + made.err);
    impl_->server = std::make_unique<httplib::SSLServer>(cert_path_.c_str(), key.c_str());
  } else {
    impl_->server = std::make_unique<httplib::Server>();
  }
  impl_->add_routes();
  port_ = impl_->server->bind_to_any_port("127.0.0.1");
  if (port_ <= 0) throw std::runtime_error("cannot bind the test server to 127.0.0.1");
  impl_->thread = std::thread([this] { impl_->server->listen_after_bind(); });
  while (!impl_->server->is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
}

HttpTestServer::~HttpTestServer() {
  impl_->stopping = true;
  impl_->server->stop();
  if (impl_->thread.joinable()) impl_->thread.join();
}

std::string HttpTestServer::url(std::string_view path) const {
  return std::string(tls_ ? "https" : "http") + "://127.0.0.1:" + std::to_string(port_) +
         std::string(path);
}

void HttpTestServer::add_page(const std::string& target, Page page) {
  std::lock_guard lock(impl_->mutex);
  impl_->pages[target] = std::move(page);
}

std::vector<std::string> HttpTestServer::requests() const {
  std::lock_guard lock(impl_->mutex);
  return impl_->requests;
}

int HttpTestServer::hits(const std::string& path) const {
  std::lock_guard lock(impl_->mutex);
  auto it = impl_->hits.find(path);
  return it == impl_->hits.end() ? 0 : it->second;
}

std::string HttpTestServer::last_header(const std::string& path, const std::string& name) const {
  std::lock_guard lock(impl_->mutex);
  auto it = impl_->last_headers.find(path);
  if (it == impl_->last_headers.end()) return "";
  auto header = it->second.find(name);
  return header == it->second.end() ? "" : header->second;
}

long long HttpTestServer::body_bytes_sent() const { return impl_->body_bytes; }

int HttpTestServer::max_concurrent_requests() const { return impl_->max_concurrent; }

}  // namespace gofer::testing
