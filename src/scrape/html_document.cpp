// Parsing with libxml2's HTML parser (the one lxml and parsel use) and XPath on the result.
#include "html_document.hpp"

#include <climits>

#include <fmt/format.h>
#include <libxml/xmlerror.h>

#include "gofer/scrape/selector.hpp"

namespace gofer::scrape {
namespace {

// Recover from any breakage, say nothing, never touch the network. Not XML_PARSE_HUGE, so
// libxml2's limits hold as in lxml and parsel (which leave huge_tree off): parsing stops at
// nesting depth 256, keeping what came before (the same tree parsel sees), and a text node
// stops at 10 MB. With HUGE, every stray end tag scans the whole open-element stack: a page of
// 50,000 nested <div> and 50,000 stray </span> took 3 s of CPU, and grows quadratically.
constexpr int kParseOptions = HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
                              HTML_PARSE_NONET | HTML_PARSE_COMPACT | HTML_PARSE_IGNORE_ENC;

struct XPathErrorSink {
  std::string message;
  int position = -1;
};

void record_xpath_error(void* user, xmlError* error) {
  auto* sink = static_cast<XPathErrorSink*>(user);
  if (error == nullptr || !sink->message.empty()) return;
  sink->message = error->message != nullptr ? error->message : "invalid expression";
  while (!sink->message.empty() && sink->message.back() == '\n') sink->message.pop_back();
  sink->position = error->int1;  // xmlXPathErr puts the offset of the failure here
}

// libxml2 reports a failed allocation as an error and goes on (in recovery mode, with what it
// had): the page would give a silent part of its rows. Without a handler it also printed
// "Memory allocation failed" on stderr.
void record_parse_error(void* user, xmlError* error) {
  if (error != nullptr && error->code == XML_ERR_NO_MEMORY) *static_cast<bool*>(user) = true;
}

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }

}  // namespace

Result<XPathQuery> XPathQuery::compile(std::string_view selector) {
  GOFER_TRY_ASSIGN(std::string xpath, selector_to_xpath(selector));
  XPathErrorSink sink;
  // libxml2 keeps the handler per thread (built with threads), so this does not race.
  xmlSetStructuredErrorFunc(&sink, &record_xpath_error);
  xmlXPathCompExpr* compiled = xmlXPathCompile(reinterpret_cast<const xmlChar*>(xpath.c_str()));
  xmlSetStructuredErrorFunc(nullptr, nullptr);
  if (compiled == nullptr) {
    std::string where = sink.position >= 0 ? fmt::format("position {}: ", sink.position + 1) : "";
    return fail(ErrorCategory::kInvalidArgument,
                fmt::format("selector '{}': {}invalid XPath: {}", selector, where,
                            sink.message.empty() ? "cannot compile" : sink.message));
  }
  XPathQuery query;
  query.xpath_ = std::move(xpath);
  query.compiled_.reset(compiled);
  return query;
}

Result<HtmlDocument> HtmlDocument::parse(std::string_view utf8) {
  if (utf8.size() > static_cast<size_t>(INT_MAX)) {
    return fail(ErrorCategory::kInvalidData, "page larger than 2 GiB");
  }
  HtmlDocument document;
  // An empty buffer gives no document at all; parse one space instead.
  std::string_view input = utf8.empty() ? std::string_view(" ") : utf8;
  bool out_of_memory = false;
  xmlSetStructuredErrorFunc(&out_of_memory, &record_parse_error);  // per thread in libxml2
  document.doc_.reset(htmlReadMemory(input.data(), static_cast<int>(input.size()), nullptr,
                                     "UTF-8", kParseOptions));
  xmlSetStructuredErrorFunc(nullptr, nullptr);
  if (out_of_memory) {
    return fail(ErrorCategory::kIo,
                fmt::format("out of memory parsing the page ({} bytes)", utf8.size()));
  }
  if (!document.doc_) return fail(ErrorCategory::kInvalidData, "libxml2 could not parse the page");
  document.context_.reset(xmlXPathNewContext(document.doc_.get()));
  if (!document.context_) return fail(ErrorCategory::kInternal, "out of memory");
  return document;
}

Result<XPathObject> HtmlDocument::evaluate(const XPathQuery& query, xmlNode* context) const {
  // The top-level context is the root element, as in parsel (Selector.root is <html>), so
  // "./body/h1" means the same in both.
  xmlNode* root = xmlDocGetRootElement(doc_.get());
  if (context == nullptr) context = root != nullptr ? root : reinterpret_cast<xmlNode*>(doc_.get());
  context_->node = context;
  XPathObject result(xmlXPathCompiledEval(query.get(), context_.get()));
  if (!result) {
    return fail(ErrorCategory::kInvalidArgument,
                fmt::format("selector '{}': XPath evaluation failed", query.xpath()));
  }
  return result;
}

std::string collapse_whitespace(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  bool pending_space = false;
  for (char c : text) {
    if (is_space(c)) {
      pending_space = !out.empty();
      continue;
    }
    if (pending_space) out += ' ';
    pending_space = false;
    out += c;
  }
  return out;
}

std::string node_string(xmlNode* node) {
  xmlChar* content = xmlNodeGetContent(node);
  if (content == nullptr) return {};
  std::string out(reinterpret_cast<const char*>(content));
  xmlFree(content);
  return out;
}

std::string attribute_value(xmlNode* node, const char* name) {
  xmlChar* value = xmlGetProp(node, reinterpret_cast<const xmlChar*>(name));
  if (value == nullptr) return {};
  std::string out(reinterpret_cast<const char*>(value));
  xmlFree(value);
  return out;
}

}  // namespace gofer::scrape
