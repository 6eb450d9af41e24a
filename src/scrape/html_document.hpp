// libxml2's parsed HTML tree and compiled XPath, owned; the only place scrape meets libxml2's
// C API besides html_document.cpp.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <libxml/HTMLparser.h>
#include <libxml/xpath.h>

#include "gofer/error.hpp"
#include "parse_arena.hpp"

namespace gofer::scrape {

// Inside a ParseArenaScope that holds everything, walking a tree to free each node would only
// call frees that do nothing: the scope's end releases it.
struct DocumentDeleter {
  void operator()(xmlDoc* doc) const {
    if (!parse_arena_holds_everything()) xmlFreeDoc(doc);
  }
};
struct ContextDeleter {
  void operator()(xmlXPathContext* context) const {
    if (!parse_arena_holds_everything()) xmlXPathFreeContext(context);
  }
};
struct ObjectDeleter {
  void operator()(xmlXPathObject* object) const {
    if (!parse_arena_holds_everything()) xmlXPathFreeObject(object);
  }
};
struct CompiledDeleter {
  void operator()(xmlXPathCompExpr* expr) const { xmlXPathFreeCompExpr(expr); }
};
using XPathObject = std::unique_ptr<xmlXPathObject, ObjectDeleter>;

// A compiled selector: CSS translated (or XPath as given), compiled once, run on every page.
class XPathQuery {
 public:
  // Errors name the selector; a CSS error also names the position, an XPath one libxml2's
  // message and its position.
  [[nodiscard]] static Result<XPathQuery> compile(std::string_view selector);
  [[nodiscard]] xmlXPathCompExpr* get() const { return compiled_.get(); }
  [[nodiscard]] const std::string& xpath() const { return xpath_; }

 private:
  std::string xpath_;
  std::unique_ptr<xmlXPathCompExpr, CompiledDeleter> compiled_;
};

// One parsed page and an XPath context over it.
class HtmlDocument {
 public:
  // `utf8` must be UTF-8 (decode_page); the page's own charset declarations are ignored.
  [[nodiscard]] static Result<HtmlDocument> parse(std::string_view utf8);
  // Runs `query` with `context` as the context node; null means the root element (as parsel).
  [[nodiscard]] Result<XPathObject> evaluate(const XPathQuery& query, xmlNode* context) const;
  [[nodiscard]] xmlDoc* get() const { return doc_.get(); }

 private:
  std::unique_ptr<xmlDoc, DocumentDeleter> doc_;
  std::unique_ptr<xmlXPathContext, ContextDeleter> context_;
};

// HTML whitespace runs collapsed to one space, ends trimmed (parsel users' normalize-space).
[[nodiscard]] std::string collapse_whitespace(std::string_view text);

// The string value of a node: an element's text content, a text node's text, an attribute's
// value.
[[nodiscard]] std::string node_string(xmlNode* node);

// The value of attribute `name` on `node`, or empty.
[[nodiscard]] std::string attribute_value(xmlNode* node, const char* name);

}  // namespace gofer::scrape
