// Easy-handle setup and the header/body callbacks of one transfer attempt.
#include "transfer.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <ctime>
#include <string_view>

#include <fmt/format.h>

#include "gofer/fetch/naming.hpp"

namespace gofer::fetch {
namespace {

// Larger than libcurl's 16 KiB default: fewer write() calls on fast links.
constexpr long kReceiveBufferBytes = 256 * 1024;

bool header_is(std::string_view line, std::string_view name) {
  if (line.size() <= name.size() || line[name.size()] != ':') return false;
  for (size_t i = 0; i < name.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(line[i])) != name[i]) return false;
  }
  return true;
}

std::string header_value(std::string_view line, size_t name_size) {
  std::string_view value = line.substr(name_size + 1);
  while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) value.remove_prefix(1);
  while (!value.empty() && std::isspace(static_cast<unsigned char>(value.back())))
    value.remove_suffix(1);
  return std::string(value);
}

int64_t parse_int(std::string_view text) {
  int64_t value = -1;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  return error == std::errc{} ? value : -1;
}

void record_header(ResponseHeaders& headers, std::string_view line) {
  if (line.starts_with("HTTP/")) {
    headers = ResponseHeaders{};  // a new response: redirect hops and 1xx are forgotten
    size_t space = line.find(' ');
    if (space != line.npos) headers.status = parse_int(line.substr(space + 1, 3));
  } else if (header_is(line, "content-length")) {
    headers.content_length = parse_int(header_value(line, 14));
  } else if (header_is(line, "etag")) {
    headers.etag = header_value(line, 4);
  } else if (header_is(line, "last-modified")) {
    headers.last_modified = header_value(line, 13);
  } else if (header_is(line, "content-disposition")) {
    headers.content_disposition = header_value(line, 19);
  } else if (header_is(line, "content-type")) {
    headers.content_type = header_value(line, 12);
  } else if (header_is(line, "retry-after")) {
    headers.retry_after = header_value(line, 11);
  } else if (header_is(line, "content-range")) {
    std::string value = header_value(line, 13);  // "bytes 100-199/200"
    if (value.starts_with("bytes "))
      headers.range_start = parse_int(value.substr(6, value.find('-') - 6));
  }
}

size_t on_header(char* data, size_t size, size_t count, void* user) {
  auto& transfer = *static_cast<Transfer*>(user);
  record_header(transfer.headers, std::string_view(data, size * count));
  return size * count;
}

bool over_max_size(const Transfer& transfer, int64_t size) {
  int64_t limit = transfer.context->options.max_size;
  return limit >= 0 && size > limit;
}

// --limit-rate. Not CURLOPT_MAX_RECV_SPEED_LARGE: libcurl 7.88 checks it only between
// perform calls and reads up to 100 buffers in one (transfer.c, readwrite_data), so a body
// the socket already holds (3 MB on loopback) arrived at full speed. Instead a chunk that comes
// before its time pauses the transfer; Engine::resume_due() unpauses it when the time is due,
// and libcurl hands the same chunk over again.
bool over_rate(Transfer& transfer, size_t length) {
  int64_t limit = transfer.context->options.limit_rate;
  if (limit <= 0) return false;
  auto now = std::chrono::steady_clock::now();
  auto due =
      transfer.body_clock +
      std::chrono::duration_cast<std::chrono::steady_clock::duration>(std::chrono::duration<double>(
          static_cast<double>(transfer.limited_bytes) / static_cast<double>(limit)));
  if (now < due) {
    transfer.paused_until = due;
    return true;
  }
  transfer.limited_bytes += static_cast<int64_t>(length);
  return false;
}

size_t on_body(char* data, size_t size, size_t count, void* user) {
  auto& transfer = *static_cast<Transfer*>(user);
  size_t length = size * count;
  if (!transfer.body_started) {
    transfer.body_started = true;
    transfer.body_clock = std::chrono::steady_clock::now();
    long status = transfer.headers.status;
    transfer.body_wanted = status >= 200 && status < 300;
    if (transfer.context->options.spider) {
      transfer.abort_reason = "spider";  // the status is all a link checker needs
      return 0;
    }
    if (transfer.body_wanted) {
      if (auto opened = transfer.context->sink.open(transfer); !opened) {
        transfer.abort_reason = opened.error().message();
        return 0;
      }
    }
  }
  if (!transfer.body_wanted) return length;  // an error page: only its status matters
  if (over_rate(transfer, length)) return CURL_WRITEFUNC_PAUSE;
  if (over_max_size(transfer, transfer.bytes + static_cast<int64_t>(length))) {
    transfer.abort_reason =
        fmt::format("larger than --max-size {} bytes", transfer.context->options.max_size);
    return 0;
  }
  if (auto written = transfer.context->sink.write(transfer, std::string_view(data, length));
      !written) {
    transfer.abort_reason = written.error().message();
    return 0;
  }
  transfer.bytes += static_cast<int64_t>(length);
  transfer.context->received->fetch_add(static_cast<int64_t>(length), std::memory_order_relaxed);
  return length;
}

curl_slist* request_headers(const Transfer& transfer) {
  curl_slist* list = nullptr;
  for (const std::string& header : transfer.context->options.headers) {
    list = curl_slist_append(list, header.c_str());
  }
  if (transfer.resume_offset > 0 && transfer.part_validators) {
    // The server sends the whole new file instead of a range if the file changed.
    const Validators& part = *transfer.part_validators;
    std::string value = part.etag.empty() ? part.last_modified : part.etag;
    list = curl_slist_append(list, ("If-Range: " + value).c_str());
  }
  if (transfer.conditional && transfer.resume_offset == 0) {
    if (!transfer.conditional->etag.empty()) {
      list = curl_slist_append(list, ("If-None-Match: " + transfer.conditional->etag).c_str());
    }
    if (!transfer.conditional->last_modified.empty()) {
      list = curl_slist_append(
          list, ("If-Modified-Since: " + transfer.conditional->last_modified).c_str());
    }
  }
  return list;
}

void set_limits(CURL* easy, const FetchOptions& options) {
  curl_easy_setopt(easy, CURLOPT_BUFFERSIZE, kReceiveBufferBytes);
  curl_easy_setopt(easy, CURLOPT_CONNECTTIMEOUT_MS,
                   static_cast<long>(options.connect_timeout_seconds * 1000));
  if (options.timeout_seconds > 0) {
    curl_easy_setopt(easy, CURLOPT_TIMEOUT_MS, static_cast<long>(options.timeout_seconds * 1000));
  }
  // "Stalled" = under 1 byte/s for the whole window, i.e. no byte at all.
  curl_easy_setopt(easy, CURLOPT_LOW_SPEED_LIMIT, 1L);
  curl_easy_setopt(easy, CURLOPT_LOW_SPEED_TIME, options.stall_timeout_seconds);
  if (options.limit_rate > 0) {
    // Reads of at most one second's worth; the rate itself is kept by over_rate().
    curl_easy_setopt(easy, CURLOPT_BUFFERSIZE,
                     std::min(kReceiveBufferBytes, static_cast<long>(options.limit_rate)));
  }
  curl_easy_setopt(easy, CURLOPT_FOLLOWLOCATION, 1L);
  curl_easy_setopt(easy, CURLOPT_MAXREDIRS, options.max_redirects);
  // Also across redirects: a server cannot send gofer to file:///etc/passwd or ftp://.
  curl_easy_setopt(easy, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(easy, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
}

void set_tls_and_identity(CURL* easy, const FetchOptions& options) {
  curl_easy_setopt(easy, CURLOPT_SSL_VERIFYPEER, options.insecure ? 0L : 1L);
  curl_easy_setopt(easy, CURLOPT_SSL_VERIFYHOST, options.insecure ? 0L : 2L);
  if (!options.ca_bundle.empty()) curl_easy_setopt(easy, CURLOPT_CAINFO, options.ca_bundle.c_str());
  if (options.netrc) curl_easy_setopt(easy, CURLOPT_NETRC, long{CURL_NETRC_OPTIONAL});
  curl_easy_setopt(easy, CURLOPT_USERAGENT, options.user_agent.c_str());
  curl_easy_setopt(easy, CURLOPT_HTTP_VERSION, long{CURL_HTTP_VERSION_2TLS});
  curl_easy_setopt(easy, CURLOPT_NOSIGNAL, 1L);
}

}  // namespace

std::string http_date(int64_t seconds_since_epoch) {
  // Fixed English names: strftime's %a and %b follow the locale.
  static constexpr std::array<const char*, 7> kDays = {"Sun", "Mon", "Tue", "Wed",
                                                       "Thu", "Fri", "Sat"};
  static constexpr std::array<const char*, 12> kMonths = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                          "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  auto seconds = static_cast<time_t>(seconds_since_epoch);
  struct tm utc {};
  gmtime_r(&seconds, &utc);
  return fmt::format("{}, {:02d} {} {:04d} {:02d}:{:02d}:{:02d} GMT",
                     kDays[static_cast<size_t>(utc.tm_wday)], utc.tm_mday,
                     kMonths[static_cast<size_t>(utc.tm_mon)], utc.tm_year + 1900, utc.tm_hour,
                     utc.tm_min, utc.tm_sec);
}

std::string url_name(const FetchOptions& options, std::string_view url) {
  return options.name_template ? options.name_template->expand(url) : name_from_url(url);
}

Status check_announced_size(const Transfer& transfer) {
  int64_t announced = transfer.headers.content_length;
  if (announced >= 0 && over_max_size(transfer, transfer.bytes + announced)) {
    return fail(ErrorCategory::kInvalidData,
                fmt::format("Content-Length {} is larger than --max-size {} bytes",
                            transfer.bytes + announced, transfer.context->options.max_size));
  }
  return {};
}

void start_hash(Transfer& transfer, bool wanted) {
  transfer.hasher.reset();
  if (!wanted) return;
  transfer.hasher.reset(EVP_MD_CTX_new());
  EVP_DigestInit_ex(transfer.hasher.get(), EVP_sha256(), nullptr);
}

std::string finish_hash(Transfer& transfer) {
  if (!transfer.hasher) return {};
  std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
  unsigned int length = 0;
  EVP_DigestFinal_ex(transfer.hasher.get(), digest.data(), &length);
  std::string hex;
  for (unsigned int i = 0; i < length; ++i) hex += fmt::format("{:02x}", digest[i]);
  return hex;
}

void configure_attempt(Transfer& transfer, CURL* easy) {
  const FetchOptions& options = transfer.context->options;
  curl_easy_reset(easy);
  transfer.easy = easy;
  transfer.headers = {};
  transfer.body_started = transfer.body_wanted = false;
  transfer.limited_bytes = 0;
  transfer.paused_until.reset();
  transfer.abort_reason.clear();
  transfer.error_buffer[0] = '\0';
  transfer.bytes = 0;
  curl_easy_setopt(easy, CURLOPT_URL, transfer.item.url.c_str());
  curl_easy_setopt(easy, CURLOPT_PRIVATE, &transfer);
  curl_easy_setopt(easy, CURLOPT_ERRORBUFFER, transfer.error_buffer);
  curl_easy_setopt(easy, CURLOPT_HEADERFUNCTION, &on_header);
  curl_easy_setopt(easy, CURLOPT_HEADERDATA, &transfer);
  curl_easy_setopt(easy, CURLOPT_WRITEFUNCTION, &on_body);
  curl_easy_setopt(easy, CURLOPT_WRITEDATA, &transfer);
  set_limits(easy, options);
  set_tls_and_identity(easy, options);
  // Only https can become HTTP/2 (ALPN): waiting for a stream there beats a new connection.
  // On http:// PIPEWAIT made transfers queue behind busy HTTP/1.1 connections (measured:
  // 1000 small files took 0.5 s instead of 0.2 s in about half the runs).
  if (transfer.item.url.starts_with("https://")) curl_easy_setopt(easy, CURLOPT_PIPEWAIT, 1L);
  if (options.spider && !transfer.spider_get) curl_easy_setopt(easy, CURLOPT_NOBODY, 1L);
  if (transfer.resume_offset > 0) {
    // CURLOPT_RANGE, not RESUME_FROM: libcurl then hands over a 200 that ignored the range
    // instead of failing, and open_body() starts the file over.
    transfer.range = fmt::format("{}-", transfer.resume_offset);
    curl_easy_setopt(easy, CURLOPT_RANGE, transfer.range.c_str());
  } else {
    // Decoded transparently; not when resuming, where byte offsets must mean file offsets.
    curl_easy_setopt(easy, CURLOPT_ACCEPT_ENCODING, "");
  }
  transfer.request_headers.reset(request_headers(transfer));
  curl_easy_setopt(easy, CURLOPT_HTTPHEADER, transfer.request_headers.get());
}

}  // namespace gofer::fetch
