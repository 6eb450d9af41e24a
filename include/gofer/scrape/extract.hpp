// From a page's bytes to rows: the link list (--links) or one row per --select match with its
// --field columns.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "gofer/error.hpp"

namespace gofer::scrape {

struct FieldSpec {
  std::string name;
  std::string selector;  // relative to the selected element; CSS or XPath
};

struct ExtractOptions {
  std::string select;             // empty: the link list
  std::vector<FieldSpec> fields;  // with `select`; none: one column "text"
  std::string join = " ";         // between the matches of one field
  // The crawler's links (PageRows::follow): `follow` selects the elements (their href/src) or
  // attributes to follow; empty follows every <a href> and <area href>. Off: none are listed.
  bool list_follow = false;
  std::string follow;
};

struct PageInput {
  std::string_view bytes;           // as read or fetched
  std::string_view label;           // the `page` column: a URL, a path or "-"
  std::string_view url;             // base for relative links; empty: leave them relative
  std::string_view header_charset;  // from Content-Type; empty for local files
};

struct PageRows {
  std::vector<std::vector<std::string>> rows;
  std::string charset;        // what the page was decoded from
  size_t unresolved_links = 0;  // hrefs that are not valid URLs (left out)
  // With list_follow: the absolute http(s) URLs to crawl next, in document order.
  std::vector<std::string> follow;
};

// The libxml2 gofer parses with: its version, and whether it keeps its state per thread. A
// static link can leave libxml2 single-threaded without a word (it probes pthread through weak
// symbols that an archive link resolves to null), and then pages parsed on two threads share
// one error state and dictionary and corrupt the heap. The static build's libxml2 is built
// so that this is always true; `gofer --version` shows it, and a CLI test asserts it.
struct Libxml2Facts {
  std::string version;  // e.g. "2.9.14"
  bool thread_safe = false;
};
[[nodiscard]] const Libxml2Facts& libxml2_facts();

// The columns of the link list.
inline constexpr std::string_view kLinkColumns[] = {"url", "page", "text", "rel"};

class Extractor {
 public:
  // Compiles every selector once; a bad one is an kInvalidArgument error naming it. One
  // Extractor serves one thread at a time; create one per thread (libxml2's compiled XPath is
  // not shared between threads).
  [[nodiscard]] static Result<Extractor> create(ExtractOptions options);
  Extractor(Extractor&& other) noexcept;
  Extractor& operator=(Extractor&& other) noexcept;
  ~Extractor();

  // url,page,text,rel for the link list; the field names (or "text") for --select.
  [[nodiscard]] std::vector<std::string> columns() const;
  [[nodiscard]] bool lists_links() const;

  // Decodes and parses one page and returns its rows. Text is UTF-8 with whitespace collapsed;
  // href and src values are absolute (against `url` and <base href>).
  [[nodiscard]] Result<PageRows> extract(const PageInput& page) const;

 private:
  struct Queries;
  explicit Extractor(std::unique_ptr<Queries> queries);
  std::unique_ptr<Queries> queries_;
};

}  // namespace gofer::scrape
