// Name derivation and sanitizing for downloads (see naming.hpp for the rules).
#include "gofer/fetch/naming.hpp"

namespace gofer::fetch {
namespace {

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Cuts to at most `limit` bytes without splitting a UTF-8 sequence.
std::string cut_utf8(std::string_view text, size_t limit) {
  if (text.size() <= limit) return std::string(text);
  size_t end = limit;
  while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
  return std::string(text.substr(0, end));
}

// The path of an absolute URL without scheme, authority, query and fragment.
std::string_view url_path(std::string_view url) {
  if (size_t cut = url.find_first_of("?#"); cut != url.npos) url = url.substr(0, cut);
  size_t scheme = url.find("://");
  if (scheme == url.npos) return url;
  size_t slash = url.find('/', scheme + 3);
  return slash == url.npos ? std::string_view{} : url.substr(slash);
}

}  // namespace

std::string percent_decode(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '%' && i + 2 < text.size()) {
      int high = hex_value(text[i + 1]), low = hex_value(text[i + 2]);
      if (high >= 0 && low >= 0) {
        out += static_cast<char>(high * 16 + low);
        i += 2;
        continue;
      }
    }
    out += text[i];
  }
  return out;
}

std::string sanitize_name(std::string_view raw) {
  std::string name;
  name.reserve(raw.size());
  for (char c : raw) {
    auto byte = static_cast<unsigned char>(c);
    bool unsafe = c == '/' || c == '\\' || byte < 0x20 || byte == 0x7F;
    name += unsafe ? '_' : c;
  }
  if (name == "." || name == "..") return {};
  if (!name.empty() && name[0] == '-') name[0] = '_';
  if (name.size() <= kMaxNameBytes) return name;
  // Keep a short extension so the type survives the cut.
  size_t dot = name.rfind('.');
  std::string extension = dot != name.npos && name.size() - dot <= 16 ? name.substr(dot) : "";
  return cut_utf8(name, kMaxNameBytes - extension.size()) + extension;
}

std::string name_from_url(std::string_view url) {
  std::string_view path = url_path(url);
  size_t slash = path.rfind('/');
  std::string_view segment = slash == path.npos ? path : path.substr(slash + 1);
  std::string name = sanitize_name(percent_decode(segment));
  return name.empty() ? std::string(kDefaultName) : name;
}

std::optional<std::string> name_from_content_disposition(std::string_view header) {
  auto value_of = [&](std::string_view key) -> std::optional<std::string> {
    size_t at = 0;
    while ((at = header.find(key, at)) != header.npos) {
      bool starts_word = at == 0 || header[at - 1] == ';' || header[at - 1] == ' ';
      at += key.size();
      if (!starts_word) continue;
      std::string_view rest = header.substr(at);
      if (!rest.empty() && rest[0] == '"') {
        size_t close = rest.find('"', 1);
        return std::string(rest.substr(1, close == rest.npos ? rest.npos : close - 1));
      }
      return std::string(rest.substr(0, rest.find(';')));
    }
    return std::nullopt;
  };
  std::optional<std::string> raw;
  if (auto extended = value_of("filename*=")) {
    constexpr std::string_view kUtf8Prefix = "UTF-8''";
    if (extended->size() > kUtf8Prefix.size() &&
        std::string_view(*extended).substr(0, kUtf8Prefix.size()) == kUtf8Prefix) {
      raw = percent_decode(std::string_view(*extended).substr(kUtf8Prefix.size()));
    }
  }
  if (!raw) raw = value_of("filename=");
  if (!raw) return std::nullopt;
  // A server saying "../../evil" means "evil": keep only the last component.
  size_t slash = raw->find_last_of("/\\");
  std::string name = sanitize_name(slash == raw->npos ? *raw : raw->substr(slash + 1));
  if (name.empty()) return std::nullopt;
  return name;
}

std::string numbered_name(std::string_view name, int number) {
  size_t dot = name.rfind('.');
  if (dot == name.npos || dot == 0) return std::string(name) + "." + std::to_string(number);
  return std::string(name.substr(0, dot)) + "." + std::to_string(number) +
         std::string(name.substr(dot));
}

std::string NameRegistry::claim(const std::string& name, bool& renamed) {
  auto [it, inserted] = next_number_.try_emplace(name, 1);
  renamed = !inserted;
  if (inserted) return name;
  for (;;) {
    std::string candidate = numbered_name(name, it->second++);
    // A numbered candidate may itself be a real name seen earlier ("a.1.txt" in the list).
    if (next_number_.try_emplace(candidate, 1).second) return candidate;
  }
}

}  // namespace gofer::fetch
