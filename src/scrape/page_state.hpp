// --refresh for scrape: what a later crawl needs to ask for a page conditionally and to carry
// on past it when it is unchanged. Each page fetched in full by a --refresh run is recorded
// in fetch's ValidatorStore (one small file per URL): its ETag/Last-Modified and, as the
// record's payload, the URL it ended at after redirects and the links it gave to follow. A
// page that answers 304 is not parsed again: it gives no rows, and its recorded links join
// the frontier as if it had been, so the crawl still reaches what lies behind it.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "gofer/error.hpp"
#include "gofer/fetch/state.hpp"

namespace gofer::scrape {

struct PageRecord {
  fetch::Validators validators;
  std::string page;                // the URL after redirects
  std::vector<std::string> links;  // absolute, to follow
};

class PageState {
 public:
  // `key` says what the links were extracted with (--crawl, --follow SEL): a record made
  // with another key is not used, so changing --follow fetches every page in full once.
  PageState(std::filesystem::path directory, std::string key)
      : store_(std::move(directory)), key_(std::move(key)) {}

  // The page's record, if it is complete and was made with the same key.
  [[nodiscard]] std::optional<PageRecord> load(std::string_view url) const;
  // Replaces the page's record; without validators (or with a URL that cannot be written on
  // one line) it is dropped instead, and the next run fetches the page in full.
  [[nodiscard]] Status save(std::string_view url, const PageRecord& record) const;

 private:
  fetch::ValidatorStore store_;
  std::string key_;
};

}  // namespace gofer::scrape
