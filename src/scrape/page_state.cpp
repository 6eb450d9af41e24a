// PageState: the payload after fetch's record lines is "PAGE\nLINK\n...LINK\n.\n"; the final
// "." (never an absolute URL) tells a complete payload from one a crash cut short.
#include "page_state.hpp"

#include <algorithm>

namespace gofer::scrape {
namespace {

constexpr std::string_view kEnd = ".";

bool one_line(std::string_view text) { return text.find_first_of("\r\n") == text.npos; }

}  // namespace

std::optional<PageRecord> PageState::load(std::string_view url) const {
  auto stored = store_.load(url, key_);
  if (!stored) return std::nullopt;
  PageRecord record{std::move(stored->validators), {}, {}};
  std::string_view payload = stored->payload;
  bool complete = false;
  while (!payload.empty()) {
    size_t end = payload.find('\n');
    if (end == payload.npos) break;  // a last line without its newline: cut short
    std::string_view line = payload.substr(0, end);
    payload.remove_prefix(end + 1);
    if (line == kEnd) {
      complete = payload.empty();
      break;
    }
    if (record.page.empty()) {
      record.page = line;
    } else {
      record.links.emplace_back(line);
    }
  }
  if (!complete || record.page.empty()) return std::nullopt;
  return record;
}

Status PageState::save(std::string_view url, const PageRecord& record) const {
  bool writable = !record.validators.empty() && !record.page.empty() &&
                  one_line(record.page) && std::ranges::all_of(record.links, one_line);
  if (!writable) {
    store_.forget(url);
    return {};
  }
  std::string payload = record.page + "\n";
  for (const std::string& link : record.links) {
    payload += link;
    payload += '\n';
  }
  payload += kEnd;
  payload += '\n';
  return store_.save(url, key_, record.validators, std::nullopt, payload);
}

}  // namespace gofer::scrape
