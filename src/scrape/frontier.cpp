// Frontier: dedupe, scope, robots.txt first, per-host spacing, --max-pages.
#include "frontier.hpp"

#include <algorithm>

#include <fmt/format.h>

namespace gofer::scrape {
namespace {

// A Crawl-delay beyond this is taken as this: one line of a robots.txt should not be able to
// park a crawl for hours (Scrapy and wget2 ignore Crawl-delay altogether).
constexpr double kMaxCrawlDelaySeconds = 30;

bool is_ip_address(std::string_view host) {
  return host.find(':') != host.npos ||
         std::ranges::all_of(host, [](char c) { return (c >= '0' && c <= '9') || c == '.'; });
}

// The URL up to the last '/' of its path: what --scope prefix keeps links under.
std::string url_prefix(std::string_view url) {
  url = url.substr(0, url.find('?'));
  size_t authority = url.find("://");
  size_t slash = url.rfind('/');
  if (authority == url.npos || slash < authority + 3) return std::string(url) + "/";
  return std::string(url.substr(0, slash + 1));
}

Result<std::vector<std::unique_ptr<RE2>>> compile_all(const std::vector<std::string>& patterns,
                                                      std::string_view flag) {
  std::vector<std::unique_ptr<RE2>> out;
  RE2::Options options;
  options.set_log_errors(false);
  for (const std::string& pattern : patterns) {
    auto re = std::make_unique<RE2>(pattern, options);
    if (!re->ok()) {
      return fail(
          ErrorCategory::kInvalidArgument,
          fmt::format("{}: invalid regular expression '{}': {}", flag, pattern, re->error()));
    }
    out.push_back(std::move(re));
  }
  return out;
}

}  // namespace

std::string registrable_domain(std::string_view host) {
  if (is_ip_address(host)) return std::string(host);
  size_t last = host.rfind('.');
  if (last == host.npos || last == 0) return std::string(host);
  size_t second = host.rfind('.', last - 1);
  if (second == host.npos) return std::string(host);
  std::string_view second_label = host.substr(second + 1, last - second - 1);
  bool two_letter_tld = host.size() - last - 1 == 2;
  if (second_label.size() == 2 && two_letter_tld && second > 0) {
    size_t third = host.rfind('.', second - 1);
    return std::string(third == host.npos ? host : host.substr(third + 1));
  }
  return std::string(host.substr(second + 1));
}

std::optional<UrlParts> split_url(std::string_view url) {
  size_t scheme_end = url.find("://");
  if (scheme_end == url.npos) return std::nullopt;
  size_t authority_end = url.find_first_of("/?#", scheme_end + 3);
  std::string_view authority = url.substr(scheme_end + 3, authority_end - scheme_end - 3);
  UrlParts parts;
  parts.origin = std::string(url.substr(0, std::min(authority_end, url.size())));
  if (size_t at = authority.rfind('@'); at != authority.npos) authority.remove_prefix(at + 1);
  if (authority.starts_with('[')) {
    size_t close = authority.find(']');
    if (close == authority.npos) return std::nullopt;
    parts.host = std::string(authority.substr(1, close - 1));
  } else {
    parts.host = std::string(authority.substr(0, authority.find(':')));
  }
  if (parts.host.empty()) return std::nullopt;
  return parts;
}

Result<std::unique_ptr<Frontier>> Frontier::create(const CrawlOptions& options) {
  std::unique_ptr<Frontier> frontier(new Frontier(options));
  GOFER_TRY_ASSIGN(frontier->allow_, compile_all(options.allow, "--allow"));
  GOFER_TRY_ASSIGN(frontier->deny_, compile_all(options.deny, "--deny"));
  return frontier;
}

bool Frontier::add_target(const std::string& url) {
  auto parts = split_url(url);
  if (!parts || (options_.shard && !in_shard(parts->host, *options_.shard))) return false;
  std::lock_guard lock(mutex_);
  targets_.push_back({parts->host, registrable_domain(parts->host), url_prefix(url)});
  auto target = static_cast<uint32_t>(targets_.size() - 1);
  if (options_.sitemaps && seen_.insert(parts->origin + "/sitemap.xml").second) {
    sitemap_requests_.emplace_back(parts->origin + "/sitemap.xml", target);
  }
  if (seen_.contains(url)) return false;
  enqueue(url, *parts, Entry{0, target, false, {}});
  return true;
}

bool Frontier::in_scope(const std::string& url, const UrlParts& parts, const Target& target) const {
  switch (options_.scope) {
    case Scope::kHost:
      if (parts.host != target.host) return false;
      break;
    case Scope::kDomain:
      if (registrable_domain(parts.host) != target.domain) return false;
      break;
    case Scope::kPrefix:
      if (!url.starts_with(target.prefix)) return false;
      break;
  }
  if (!allow_.empty() &&
      std::ranges::none_of(allow_, [&](const auto& re) { return RE2::PartialMatch(url, *re); })) {
    return false;
  }
  return std::ranges::none_of(deny_, [&](const auto& re) { return RE2::PartialMatch(url, *re); });
}

void Frontier::add_links(const Entry& from, const std::vector<std::string>& urls) {
  if (from.depth + 1 > options_.depth) return;  // a sitemap's pages come with depth -1: 0
  std::lock_guard lock(mutex_);
  const Target& target = targets_[from.target];
  for (const std::string& url : urls) {
    if (seen_.contains(url)) continue;
    auto parts = split_url(url);
    if (!parts || !in_scope(url, *parts, target)) continue;
    enqueue(url, *parts, Entry{from.depth + 1, from.target, false, {}});
  }
}

void Frontier::enqueue(const std::string& url, const UrlParts& parts, Entry entry) {
  auto [it, created] = hosts_.try_emplace(parts.origin);
  Host& host = it->second;
  if (created) host.delay_seconds = options_.delay_seconds;
  if (host.urls >= options_.max_urls_per_host) {
    ++over_host_cap_;
    return;
  }
  ++host.urls;
  UrlSet::Handle handle = seen_.insert(url).first;
  if (journal_ != nullptr) journal_->queued(url, entry.depth, entry.target);
  if (options_.robots && host.robots_state == Host::Robots::kUnknown) {
    host.robots_state = Host::Robots::kPending;
    seen_.insert(parts.origin + "/robots.txt");
    robots_requests_.emplace_back(parts.origin, entry.target);
  }
  host.queue.push_back({handle, entry.depth, entry.target});
}

void Frontier::restore(const Journal::Replay& replay, Journal* journal) {
  std::lock_guard lock(mutex_);
  for (const Journal::Queued& queued : replay.queued) {
    auto parts = split_url(queued.url);
    if (!parts || seen_.contains(queued.url)) continue;
    if (replay.done.contains(queued.url)) {
      seen_.insert(queued.url);
      auto [host, created] = hosts_.try_emplace(parts->origin);
      if (created) host->second.delay_seconds = options_.delay_seconds;
      ++host->second.urls;
      continue;
    }
    enqueue(queued.url, *parts, Entry{queued.depth, queued.target, false, {}});
  }
  journal_ = journal;  // from now on: the records above are in the journal already
}

void Frontier::add_sitemap(const std::string& url, uint32_t target) {
  std::lock_guard lock(mutex_);
  if (!seen_.insert(url).second) return;
  sitemap_requests_.emplace_back(url, target);
}

void Frontier::mark_seen(const std::string& url) {
  std::lock_guard lock(mutex_);
  seen_.insert(url);
}

std::optional<Frontier::Entry> Frontier::entry(const std::string& url) const {
  std::lock_guard lock(mutex_);
  auto it = out_.find(url);
  if (it == out_.end()) return std::nullopt;
  return it->second;
}

void Frontier::set_robots(const std::string& origin, RobotsTxt robots) {
  std::lock_guard lock(mutex_);
  Host& host = hosts_[origin];
  if (auto delay = robots.crawl_delay()) {
    host.delay_seconds = std::max(host.delay_seconds, std::min(*delay, kMaxCrawlDelaySeconds));
  }
  host.robots = std::move(robots);
  host.robots_state = Host::Robots::kKnown;
}

std::optional<std::pair<std::string, Frontier::Entry>> Frontier::take_from(Host& host,
                                                                           Clock::time_point now) {
  if (host.queue.empty() || now < host.next_start) return std::nullopt;
  if (options_.robots && host.robots_state != Host::Robots::kKnown) return std::nullopt;
  while (!host.queue.empty()) {
    Host::Waiting front = host.queue.front();
    host.queue.pop_front();
    std::string url = seen_.text(front.url);
    if (host.robots && !host.robots->allowed(robots_path(url))) {
      ++disallowed_;
      continue;
    }
    host.next_start = now + std::chrono::duration_cast<Clock::duration>(
                                std::chrono::duration<double>(host.delay_seconds));
    return std::pair{std::move(url), Entry{front.depth, front.target, false, {}}};
  }
  return std::nullopt;
}

std::optional<Result<fetch::FetchItem>> Frontier::next() {
  std::lock_guard lock(mutex_);
  if (!robots_requests_.empty()) {
    auto [origin, target] = std::move(robots_requests_.front());
    robots_requests_.pop_front();
    std::string url = origin + "/robots.txt";
    out_[url] = Entry{0, target, true, origin};
    return fetch::FetchItem{url, "", ""};
  }
  if (!sitemap_requests_.empty()) {
    auto [url, target] = std::move(sitemap_requests_.front());
    sitemap_requests_.pop_front();
    out_[url] = Entry{0, target, false, {}, true};
    return fetch::FetchItem{url, "", ""};
  }
  if (options_.max_pages >= 0 && pages_started_ >= options_.max_pages) return std::nullopt;
  auto now = Clock::now();
  // Round robin from the host after the last one served, so one big site does not starve
  // the others.
  auto it = hosts_.upper_bound(cursor_);
  for (size_t i = 0; i < hosts_.size(); ++i, ++it) {
    if (it == hosts_.end()) it = hosts_.begin();
    if (auto taken = take_from(it->second, now)) {
      cursor_ = it->first;
      ++pages_started_;
      out_[taken->first] = std::move(taken->second);
      return fetch::FetchItem{std::move(taken->first), "", ""};
    }
  }
  return std::nullopt;
}

bool Frontier::queues_empty() const {
  return std::ranges::all_of(hosts_, [](const auto& host) { return host.second.queue.empty(); });
}

bool Frontier::finished() const {
  std::lock_guard lock(mutex_);
  if (!out_.empty() || !robots_requests_.empty() || !sitemap_requests_.empty()) return false;
  return queues_empty() || (options_.max_pages >= 0 && pages_started_ >= options_.max_pages);
}

void Frontier::done(const fetch::FetchItem& item) {
  std::lock_guard lock(mutex_);
  auto it = out_.find(item.url);
  if (it == out_.end()) return;
  if (it->second.robots) {
    Host& host = hosts_[it->second.origin];
    // Interrupted, or never answered: RFC 9309 §2.3.1.4, unreachable means disallow all.
    if (host.robots_state != Host::Robots::kKnown) {
      host.robots = RobotsTxt::disallow_all();
      host.robots_state = Host::Robots::kKnown;
    }
  }
  out_.erase(it);
}

int64_t Frontier::disallowed() const {
  std::lock_guard lock(mutex_);
  return disallowed_;
}

int64_t Frontier::over_host_cap() const {
  std::lock_guard lock(mutex_);
  return over_host_cap_;
}

}  // namespace gofer::scrape
