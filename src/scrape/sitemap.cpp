// parse_sitemap(): gunzip when the bytes say gzip, then libxml2's XML parser and the <loc>s.
#include "sitemap.hpp"

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <zlib.h>

#include <array>
#include <memory>

#include <fmt/format.h>

#include <climits>

namespace gofer::scrape {
namespace {

struct DocumentFree {
  void operator()(xmlDoc* doc) const { xmlFreeDoc(doc); }
};

bool named(const xmlNode* node, std::string_view name) {
  return std::string_view(reinterpret_cast<const char*>(node->name)) == name;
}

bool is_gzip(std::string_view bytes) {
  return bytes.size() >= 2 && static_cast<unsigned char>(bytes[0]) == 0x1f &&
         static_cast<unsigned char>(bytes[1]) == 0x8b;
}

Result<std::string> gunzip(std::string_view bytes, int64_t max_bytes) {
  z_stream stream{};
  if (inflateInit2(&stream, 15 + 16) != Z_OK) return fail(ErrorCategory::kInternal, "zlib");
  std::unique_ptr<z_stream, decltype(&inflateEnd)> guard(&stream, &inflateEnd);
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(bytes.data()));
  stream.avail_in = static_cast<uInt>(bytes.size());
  std::string out;
  std::array<char, 1 << 16> chunk{};
  int status = Z_OK;
  while (status != Z_STREAM_END) {
    stream.next_out = reinterpret_cast<Bytef*>(chunk.data());
    stream.avail_out = static_cast<uInt>(chunk.size());
    status = inflate(&stream, Z_NO_FLUSH);
    if (status != Z_OK && status != Z_STREAM_END) {
      return fail(ErrorCategory::kInvalidData, "not a sitemap: broken gzip data");
    }
    out.append(chunk.data(), chunk.size() - stream.avail_out);
    if (max_bytes >= 0 && static_cast<int64_t>(out.size()) > max_bytes) {
      return fail(
          ErrorCategory::kInvalidData,
          fmt::format("sitemap larger than --max-size {} bytes once decompressed", max_bytes));
    }
    if (status == Z_OK && stream.avail_in == 0 && stream.avail_out != 0) {
      return fail(ErrorCategory::kInvalidData, "not a sitemap: gzip data cut short");
    }
  }
  return out;
}

void collect_locations(xmlNode* parent, std::vector<std::string>& out) {
  for (xmlNode* entry = parent->children; entry != nullptr; entry = entry->next) {
    if (entry->type != XML_ELEMENT_NODE) continue;
    for (xmlNode* child = entry->children; child != nullptr; child = child->next) {
      if (child->type != XML_ELEMENT_NODE || !named(child, "loc")) continue;
      xmlChar* text = xmlNodeGetContent(child);
      if (text == nullptr) continue;
      std::string_view location(reinterpret_cast<const char*>(text));
      size_t first = location.find_first_not_of(" \t\r\n");
      if (first != location.npos) {
        size_t last = location.find_last_not_of(" \t\r\n");
        out.emplace_back(location.substr(first, last - first + 1));
      }
      xmlFree(text);
    }
  }
}

}  // namespace

Result<Sitemap> parse_sitemap(std::string_view bytes, int64_t max_bytes) {
  std::string inflated;
  if (is_gzip(bytes)) {
    GOFER_TRY_ASSIGN(inflated, gunzip(bytes, max_bytes));
    bytes = inflated;
  }
  if (bytes.size() > static_cast<size_t>(INT_MAX)) {
    return fail(ErrorCategory::kInvalidData, "sitemap larger than 2 GiB");
  }
  constexpr int kOptions = XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING |
                           XML_PARSE_NOBLANKS | XML_PARSE_HUGE;
  std::unique_ptr<xmlDoc, DocumentFree> doc(xmlReadMemory(
      bytes.data(), static_cast<int>(bytes.size()), "sitemap.xml", nullptr, kOptions));
  xmlNode* root = doc ? xmlDocGetRootElement(doc.get()) : nullptr;
  if (root == nullptr)
    return fail(ErrorCategory::kInvalidData, "not a sitemap: not well-formed XML");
  Sitemap sitemap;
  if (named(root, "sitemapindex")) {
    sitemap.index = true;
  } else if (!named(root, "urlset")) {
    return fail(ErrorCategory::kInvalidData,
                fmt::format("not a sitemap: the root element is <{}>",
                            reinterpret_cast<const char*>(root->name)));
  }
  collect_locations(root, sitemap.locations);
  return sitemap;
}

}  // namespace gofer::scrape
