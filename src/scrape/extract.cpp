// Rows from one page: decode, parse with libxml2, run the compiled selectors, make URLs
// absolute.
#include "gofer/scrape/extract.hpp"

#include <strings.h>

#include <cstring>

#include <thread>
#include <utility>

#include <fmt/format.h>
#include <libxml/threads.h>
#include <libxml/xmlversion.h>

#include "gofer/scrape/html.hpp"
#include "gofer/scrape/url.hpp"
#include "html_document.hpp"

namespace gofer::scrape {

struct Extractor::Queries {
  ExtractOptions options;
  XPathQuery select;
  std::vector<XPathQuery> fields;
  XPathQuery follow;  // only for a --follow selector; the default follow walks the tree
};

namespace {

bool has_attribute(const xmlNode* node, const char* name) {
  for (const xmlAttr* attribute = node->properties; attribute != nullptr;
       attribute = attribute->next) {
    if (attribute->ns == nullptr &&
        std::strcmp(reinterpret_cast<const char*>(attribute->name), name) == 0) {
      return true;
    }
  }
  return false;
}

bool named(const xmlNode* node, const char* name) {
  return std::strcmp(reinterpret_cast<const char*>(node->name), name) == 0;
}

// What --crawl follows without --follow: the links a reader clicks (as Scrapy's LinkExtractor
// and wget -r), <a href> and <area href>, not stylesheets or frames.
bool is_followed(const xmlNode* node) { return named(node, "a") || named(node, "area"); }

// The elements the link list and the default follow read, found in one walk of the tree: as
// XPath ("//a[@href] | //area[@href] | //link[@href] | //iframe[@src]", "(//base[@href])[1]"
// and the follow's union) they were seven descendant scans of every page, each building
// node sets, and on a documentation tree as much CPU as the parse.
struct LinkElements {
  xmlNode* base = nullptr;      // the first <base href>
  std::vector<xmlNode*> links;  // <a href>, <area href>, <link href>, <iframe src> (issue 17)
};

void visit(xmlNode* node, LinkElements& out) {
  // Most elements are none of these: one byte tells (strcmp on every name was 5% of a crawl).
  char first = static_cast<char>(node->name[0]);
  if (first != 'a' && first != 'b' && first != 'i' && first != 'l') return;
  if (named(node, "iframe")) {
    if (has_attribute(node, "src")) out.links.push_back(node);
    return;
  }
  bool link = is_followed(node) || named(node, "link");
  if (!link && !(out.base == nullptr && named(node, "base"))) return;
  if (!has_attribute(node, "href")) return;
  if (link) {
    out.links.push_back(node);
  } else {
    out.base = node;
  }
}

// Elements in document order (pre-order), as XPath's descendant axis gives them.
LinkElements link_elements(xmlDoc* doc) {
  LinkElements out;
  auto* top = reinterpret_cast<xmlNode*>(doc);
  for (xmlNode* node = doc->children; node != nullptr;) {
    if (node->type == XML_ELEMENT_NODE) {
      visit(node, out);
      if (node->children != nullptr) {
        node = node->children;
        continue;
      }
    }
    while (node != nullptr && node->next == nullptr) {
      node = node->parent == top ? nullptr : node->parent;
    }
    if (node != nullptr) node = node->next;
  }
  return out;
}

bool is_url_attribute(const xmlChar* name) {
  const char* text = reinterpret_cast<const char*>(name);
  return strcasecmp(text, "href") == 0 || strcasecmp(text, "src") == 0;
}

// The page URL, or the page's <base href> resolved against it.
std::string base_url(xmlNode* base, std::string_view url) {
  if (base == nullptr) return std::string(url);
  std::string href = attribute_value(base, "href");
  auto resolved = resolve_url(url, href);
  if (!resolved || (url.empty() && url_scheme(*resolved).empty())) return std::string(url);
  return *resolved;
}

std::string node_value(xmlNode* node, std::string_view base) {
  if (node->type == XML_ATTRIBUTE_NODE) {
    std::string value = node_string(node);
    if (!is_url_attribute(node->name) || is_unlisted_link(value)) return value;
    auto resolved = resolve_url(base, value, Fragment::kKeep);
    return resolved ? *resolved : value;
  }
  return collapse_whitespace(node_string(node));
}

// Every string a selector gave: one per node, or the one value of a string/number/boolean
// expression such as count(//a).
std::vector<std::string> values(const xmlXPathObject& result, std::string_view base) {
  std::vector<std::string> out;
  if (result.type == XPATH_NODESET) {
    if (result.nodesetval == nullptr) return out;
    for (int i = 0; i < result.nodesetval->nodeNr; ++i) {
      out.push_back(node_value(result.nodesetval->nodeTab[i], base));
    }
    return out;
  }
  xmlChar* text = xmlXPathCastToString(const_cast<xmlXPathObject*>(&result));
  out.emplace_back(text != nullptr ? reinterpret_cast<const char*>(text) : "");
  xmlFree(text);
  return out;
}

std::string joined(const std::vector<std::string>& parts, std::string_view separator) {
  std::string out;
  for (const std::string& part : parts) {
    if (part.empty()) continue;  // whitespace-only text nodes between elements
    if (!out.empty()) out += separator;
    out += part;
  }
  return out;
}

std::string link_text(xmlNode* node) {
  std::string_view name = reinterpret_cast<const char*>(node->name);
  if (name == "a") return collapse_whitespace(node_string(node));
  if (name == "area") return collapse_whitespace(attribute_value(node, "alt"));
  if (name == "iframe") return collapse_whitespace(attribute_value(node, "title"));
  return {};
}

// A followed link, if it is an http(s) URL: the crawler's form, without the fragment.
void add_followed(std::string_view base, const std::string& ref, std::vector<std::string>& out) {
  if (ref.empty() || is_unlisted_link(ref)) return;
  auto url = resolve_url(base, ref);
  if (!url) return;
  std::string scheme = url_scheme(*url);
  if (scheme == "http" || scheme == "https") out.push_back(std::move(*url));
}

// The URLs a --follow selector gives: an attribute's value, or an element's href (else src).
std::vector<std::string> follow_urls(const HtmlDocument& document, const XPathQuery& query,
                                     std::string_view base) {
  std::vector<std::string> out;
  auto found = document.evaluate(query, nullptr);
  if (!found || (*found)->type != XPATH_NODESET || (*found)->nodesetval == nullptr) return out;
  xmlNodeSet* nodes = (*found)->nodesetval;
  for (int i = 0; i < nodes->nodeNr; ++i) {
    xmlNode* node = nodes->nodeTab[i];
    std::string ref = node->type == XML_ATTRIBUTE_NODE ? node_string(node)
                      : node->type != XML_ELEMENT_NODE ? std::string()
                      : xmlHasProp(node, reinterpret_cast<const xmlChar*>("href")) != nullptr
                          ? attribute_value(node, "href")
                          : attribute_value(node, "src");
    add_followed(base, ref, out);
  }
  return out;
}

// The default follow without a link list: every <a href> and <area href>.
std::vector<std::string> followed_links(const std::vector<xmlNode*>& links, std::string_view base) {
  std::vector<std::string> out;
  for (xmlNode* node : links) {
    if (is_followed(node)) add_followed(base, attribute_value(node, "href"), out);
  }
  return out;
}

// The link list's rows; with `follow` also the default follow, from the same resolution (the
// row's URL without its fragment is what resolve_url gives the crawler).
void list_links(const std::vector<xmlNode*>& links, const std::string& base, std::string_view page,
                bool follow, PageRows& out) {
  for (xmlNode* node : links) {
    std::string ref = attribute_value(node, named(node, "iframe") ? "src" : "href");
    if (is_unlisted_link(ref)) continue;
    auto url = resolve_url(base, ref, Fragment::kKeep);
    if (!url) {
      ++out.unresolved_links;
      continue;
    }
    if (follow && is_followed(node) && !ref.empty()) {
      std::string_view page_url = std::string_view(*url).substr(0, url->find('#'));
      std::string scheme = url_scheme(page_url);
      if (scheme == "http" || scheme == "https") out.follow.emplace_back(page_url);
    }
    out.rows.push_back({std::move(*url), std::string(page), link_text(node),
                        collapse_whitespace(attribute_value(node, "rel"))});
  }
}

// libxml2's global state (and the arena's allocator hooks) must be set up once, on one
// thread, before threads parse; both calls are idempotent. libxml2 takes the thread of its
// first initialization for its main thread.
void init_libxml2() {
  install_parse_arena();
  xmlInitParser();
}

}  // namespace

const Libxml2Facts& libxml2_facts() {
  static const Libxml2Facts facts = [] {
    init_libxml2();
    Libxml2Facts out;
    out.version = fmt::format("{}.{}.{}", LIBXML_VERSION / 10000, LIBXML_VERSION / 100 % 100,
                              LIBXML_VERSION % 100);
    // Single-threaded, libxml2 answers "main thread" on every thread.
    int other_is_main = 1;
    std::thread([&] { other_is_main = xmlIsMainThread(); }).join();
    out.thread_safe = other_is_main == 0;
    return out;
  }();
  return facts;
}

Extractor::Extractor(std::unique_ptr<Queries> queries) : queries_(std::move(queries)) {}
Extractor::Extractor(Extractor&& other) noexcept = default;
Extractor& Extractor::operator=(Extractor&& other) noexcept = default;
Extractor::~Extractor() = default;

Result<Extractor> Extractor::create(ExtractOptions options) {
  init_libxml2();  // extractors are created before any worker starts
  auto queries = std::make_unique<Queries>();
  if (options.list_follow && !options.follow.empty()) {
    GOFER_TRY_ASSIGN(queries->follow,
                     with_context(XPathQuery::compile(options.follow), "--follow"));
  }
  if (!options.select.empty()) {
    GOFER_TRY_ASSIGN(queries->select, XPathQuery::compile(options.select));
    for (const FieldSpec& field : options.fields) {
      GOFER_TRY_ASSIGN(XPathQuery query, with_context(XPathQuery::compile(field.selector),
                                                      "--field " + field.name));
      queries->fields.push_back(std::move(query));
    }
  }
  queries->options = std::move(options);
  return Extractor(std::move(queries));
}

bool Extractor::lists_links() const { return queries_->options.select.empty(); }

std::vector<std::string> Extractor::columns() const {
  if (lists_links()) return {std::begin(kLinkColumns), std::end(kLinkColumns)};
  if (queries_->options.fields.empty()) return {"text"};
  std::vector<std::string> names;
  for (const FieldSpec& field : queries_->options.fields) names.push_back(field.name);
  return names;
}

Result<PageRows> Extractor::extract(const PageInput& page) const {
  GOFER_TRY_ASSIGN(DecodedPage decoded, decode_page(page.bytes, page.header_charset));
  // Declared before the document and every XPath result, so it ends after them.
  ParseArenaScope arena;
  GOFER_TRY_ASSIGN(HtmlDocument document, HtmlDocument::parse(decoded.text));
  PageRows out;
  out.charset = std::move(decoded.charset);
  LinkElements elements = link_elements(document.get());
  std::string base = base_url(elements.base, page.url);
  const ExtractOptions& options = queries_->options;
  bool default_follow = options.list_follow && options.follow.empty();
  if (options.list_follow && !default_follow) {
    out.follow = follow_urls(document, queries_->follow, base);
  }
  if (lists_links()) {
    list_links(elements.links, base, page.label, default_follow, out);
    return out;
  }
  if (default_follow) out.follow = followed_links(elements.links, base);
  GOFER_TRY_ASSIGN(XPathObject selected, document.evaluate(queries_->select, nullptr));
  if (selected->type != XPATH_NODESET || queries_->fields.empty()) {
    for (std::string& value : values(*selected, base)) out.rows.push_back({std::move(value)});
    return out;
  }
  xmlNodeSet* nodes = selected->nodesetval;
  for (int i = 0; nodes != nullptr && i < nodes->nodeNr; ++i) {
    std::vector<std::string> row;
    for (const XPathQuery& field : queries_->fields) {
      GOFER_TRY_ASSIGN(XPathObject result, document.evaluate(field, nodes->nodeTab[i]));
      row.push_back(joined(values(*result, base), queries_->options.join));
    }
    out.rows.push_back(std::move(row));
  }
  return out;
}

}  // namespace gofer::scrape
