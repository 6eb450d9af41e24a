// Name derivation and sanitizing for downloads (see naming.hpp for the rules).
#include "gofer/fetch/naming.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <utility>

#include <fmt/format.h>

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
  // A UTF-8 character has at most 3 continuation bytes; stray ones (invalid UTF-8) are cut
  // like any byte, or a run of them would cut the name back to nothing.
  constexpr size_t kMaxContinuationBytes = 3;
  while (end > 0 && limit - end < kMaxContinuationBytes &&
         (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) {
    --end;
  }
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

// "host[:port]" of an absolute URL, without userinfo.
std::string_view url_authority(std::string_view url) {
  size_t scheme = url.find("://");
  if (scheme == url.npos) return {};
  std::string_view rest = url.substr(scheme + 3);
  rest = rest.substr(0, rest.find_first_of("/?#"));
  if (size_t at = rest.rfind('@'); at != rest.npos) rest = rest.substr(at + 1);
  return rest;
}

// Host and port; the port defaults to the scheme's.
std::pair<std::string, std::string> host_and_port(std::string_view url) {
  std::string_view authority = url_authority(url);
  size_t host_end = authority.starts_with('[') ? authority.find(']') : authority.rfind(':');
  if (host_end != authority.npos && authority.starts_with('[')) ++host_end;
  std::string host(authority.substr(0, host_end));
  std::transform(host.begin(), host.end(), host.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  std::string_view after = host_end == authority.npos ? "" : authority.substr(host_end);
  std::string port = after.starts_with(':') ? std::string(after.substr(1)) : "";
  if (port.empty()) port = url.starts_with("https:") ? "443" : "80";
  return {host, port};
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
  if (!name.empty() && name[0] == '-') name[0] = '_';
  if (name.size() > kMaxNameBytes) {
    // Keep a short extension so the type survives the cut.
    size_t dot = name.rfind('.');
    std::string extension = dot != name.npos && name.size() - dot <= 16 ? name.substr(dot) : "";
    name = cut_utf8(name, kMaxNameBytes - extension.size()) + extension;
  }
  // Checked after the cut: a long name of one byte and invalid UTF-8 can be cut to nothing,
  // leaving just its extension "." (found by fuzzing).
  if (name == "." || name == "..") return {};
  return name;
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
  size_t leaf = name.rfind('/');
  leaf = leaf == name.npos ? 0 : leaf + 1;
  size_t dot = name.rfind('.');
  if (dot == name.npos || dot <= leaf) return std::string(name) + "." + std::to_string(number);
  return std::string(name.substr(0, dot)) + "." + std::to_string(number) +
         std::string(name.substr(dot));
}

Result<PathTemplate> PathTemplate::parse(std::string_view text) {
  static constexpr std::array<std::pair<std::string_view, Kind>, 5> kPlaceholders{{
      {"host", Kind::kHost}, {"port", Kind::kPort}, {"path", Kind::kPath},
      {"dir", Kind::kDir}, {"name", Kind::kName}}};
  PathTemplate parsed;
  bool any_placeholder = false;
  while (!text.empty()) {
    size_t open = text.find('{');
    if (open != 0) {
      parsed.pieces_.push_back({Kind::kLiteral, std::string(text.substr(0, open))});
      text = open == text.npos ? std::string_view{} : text.substr(open);
      continue;
    }
    size_t close = text.find('}');
    std::string_view key = text.substr(1, close == text.npos ? text.npos : close - 1);
    auto known = std::find_if(kPlaceholders.begin(), kPlaceholders.end(),
                              [&](const auto& entry) { return entry.first == key; });
    if (close == text.npos || known == kPlaceholders.end()) {
      return fail(ErrorCategory::kInvalidArgument,
                  fmt::format("--name-template: unknown placeholder '{}' (known: {{host}}, "
                              "{{port}}, {{path}}, {{dir}}, {{name}})",
                              text.substr(0, close == text.npos ? text.npos : close + 1)));
    }
    parsed.pieces_.push_back({known->second, {}});
    any_placeholder = true;
    text = text.substr(close + 1);
  }
  if (!any_placeholder) {
    return fail(ErrorCategory::kInvalidArgument,
                "--name-template: needs at least one placeholder, e.g. '{host}/{path}'");
  }
  return parsed;
}

std::string PathTemplate::expand(std::string_view url) const {
  std::vector<std::string> parts(1);
  // URL segments are decoded one by one, so "%2F" stays inside its component.
  auto add_segments = [&parts](std::string_view raw, bool decode) {
    auto text = [decode](std::string_view s) { return decode ? percent_decode(s) : std::string(s); };
    for (size_t slash; (slash = raw.find('/')) != raw.npos; raw = raw.substr(slash + 1)) {
      parts.back() += text(raw.substr(0, slash));
      parts.emplace_back();
    }
    parts.back() += text(raw);
  };
  std::string_view path = url_path(url);
  if (path.starts_with('/')) path.remove_prefix(1);
  for (const Piece& piece : pieces_) {
    switch (piece.kind) {
      case Kind::kLiteral:
        add_segments(piece.text, false);
        break;
      case Kind::kHost: parts.back() += host_and_port(url).first; break;
      case Kind::kPort: parts.back() += host_and_port(url).second; break;
      case Kind::kPath: add_segments(path, true); break;
      case Kind::kDir: {
        size_t slash = path.rfind('/');
        add_segments(slash == path.npos ? std::string_view{} : path.substr(0, slash), true);
        break;
      }
      case Kind::kName: parts.back() += name_from_url(url); break;
    }
  }
  std::string joined;
  for (size_t i = 0; i < parts.size(); ++i) {
    std::string component = sanitize_name(parts[i]);
    if (component.empty() && i + 1 == parts.size()) component = kDefaultName;
    if (component.empty()) continue;
    if (!joined.empty()) joined += '/';
    joined += component;
  }
  return joined;
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
