// Template parser and renderer for `--template`: placeholders, formats and literal braces.
#include "name_template.hpp"

#include <array>
#include <cstdio>
#include <ctime>
#include <iterator>
#include <optional>
#include <utility>

#include <fmt/format.h>

#include "name_parts.hpp"

namespace gofer::rename::detail {
namespace {

using Field = TemplateSegment::Field;

// Widths beyond this are surely typos; a file name component has at most 255 bytes anyway.
constexpr size_t kMaxNumberWidth = 64;
// Bounds the strftime output so that a fixed buffer always fits it (the longest
// conversion of the allowed set, a weekday name or %z, is far below 1024 / 64 bytes each).
constexpr size_t kMaxTimeFormat = 64;
constexpr size_t kTimeBuffer = 1024;
// strftime conversions accepted by {mtime:...}. Left out on purpose: %D %x %c (they can
// contain '/'), %n %t (control characters), %E/%O modifiers and anything non-standard.
constexpr std::string_view kTimeConversions = "aAbBCdeFgGhHIjmMpRSTuUVwWyYzZ%";
constexpr std::string_view kDefaultTimeFormat = "%Y-%m-%d";

[[nodiscard]] std::unexpected<Error> invalid_placeholder(std::string_view body,
                                                         std::string_view text,
                                                         std::string_view reason) {
  return fail(ErrorCategory::kInvalidArgument,
              fmt::format("invalid placeholder '{{{}}}' in template '{}': {}", body, text, reason));
}

bool all_digits(std::string_view text) {
  return !text.empty() && text.find_first_not_of("0123456789") == std::string_view::npos;
}

// Parses a short run of digits; callers have bounded its length, so it cannot overflow.
size_t parse_size(std::string_view digits) {
  size_t value = 0;
  for (char c : digits) value = value * 10 + static_cast<size_t>(c - '0');
  return value;
}

[[nodiscard]] Status check_time_format(std::string_view format) {
  if (format.empty()) return fail(ErrorCategory::kInvalidArgument, "empty time format");
  if (format.size() > kMaxTimeFormat) {
    return fail(ErrorCategory::kInvalidArgument,
                fmt::format("time format longer than {} bytes", kMaxTimeFormat));
  }
  for (size_t i = 0; i < format.size(); ++i) {
    if (format[i] != '%') continue;
    if (i + 1 == format.size()) {
      return fail(ErrorCategory::kInvalidArgument, "time format ends with a lone '%'");
    }
    char conversion = format[++i];
    if (kTimeConversions.find(conversion) == std::string_view::npos) {
      return fail(ErrorCategory::kInvalidArgument,
                  fmt::format("unsupported time conversion '%{}'", conversion));
    }
  }
  return {};
}

[[nodiscard]] Result<TemplateSegment> parse_number(std::string_view spec) {
  // Only zero padding: `{n:3}` could mean spaces, which nobody wants inside file names.
  std::string_view digits = spec.substr(spec.empty() ? 0 : 1);
  if (spec.empty() || spec[0] != '0' || !all_digits(digits) || digits.size() > 2 ||
      parse_size(digits) == 0 || parse_size(digits) > kMaxNumberWidth) {
    return fail(ErrorCategory::kInvalidArgument,
                fmt::format("expected {{n:0WIDTH}} with WIDTH from 1 to {}, such as {{n:03}}",
                            kMaxNumberWidth));
  }
  return TemplateSegment{.field = Field::kNumber, .width = parse_size(digits)};
}

[[nodiscard]] Result<TemplateSegment> parse_hash(std::string_view spec, bool has_spec) {
  std::string_view algorithm_name = has_spec ? spec.substr(0, spec.find(':')) : "sha256";
  std::optional<HashAlgorithm> algorithm = parse_hash_algorithm(algorithm_name);
  if (!algorithm) {
    return fail(
        ErrorCategory::kInvalidArgument,
        fmt::format("unknown hash algorithm '{}' (expected md5, sha1 or sha256)", algorithm_name));
  }
  size_t full = hex_digest_length(*algorithm);
  size_t length = full;
  if (size_t colon = spec.find(':'); has_spec && colon != std::string_view::npos) {
    std::string_view digits = spec.substr(colon + 1);
    length = all_digits(digits) && digits.size() <= 3 ? parse_size(digits) : 0;
    if (length == 0 || length > full) {
      return fail(ErrorCategory::kInvalidArgument,
                  fmt::format("hash length must be a number from 1 to {}", full));
    }
  }
  return TemplateSegment{.field = Field::kHash, .algorithm = *algorithm, .length = length};
}

[[nodiscard]] Result<TemplateSegment> parse_metadata_format(const MetadataKey& key,
                                                            std::string_view spec, bool has_spec) {
  TemplateSegment segment{.field = Field::kMetadata};
  switch (key.format) {
    case MetadataFormat::kText:
      if (has_spec) return fail(ErrorCategory::kInvalidArgument, "this key takes no format");
      break;
    case MetadataFormat::kDate: {
      std::string_view format = has_spec ? spec : kDefaultTimeFormat;
      GOFER_TRY(check_time_format(format));
      segment.text = std::string(format);
      break;
    }
    case MetadataFormat::kNumber:
      if (has_spec) {
        // `{tag.track:02}` and `{exif.iso:05}`: zero padding, as {n:0W}; `:2` means the same.
        if (!all_digits(spec) || spec.size() > 2 || parse_size(spec) == 0) {
          return fail(ErrorCategory::kInvalidArgument,
                      "expected a zero-padded width such as :02 (1 to 99)");
        }
        segment.width = parse_size(spec);
      }
      break;
  }
  return segment;
}

std::string known_keys(const MetadataNamespace& space) {
  std::string list;
  for (const MetadataKey& key : space.keys) {
    list += list.empty() ? "" : ", ";
    list += fmt::format("{}.{}", space.name, key.name);
  }
  return list;
}

// `key` is "NS.KEY"; the namespace and key must be registered (metadata.hpp).
[[nodiscard]] Result<TemplateSegment> parse_metadata(std::string_view body, std::string_view key,
                                                     std::string_view spec, bool has_spec,
                                                     std::string_view text) {
  size_t dot = key.find('.');
  std::optional<size_t> space = find_namespace(key.substr(0, dot));
  if (!space) {
    return fail(ErrorCategory::kInvalidArgument,
                fmt::format("unknown placeholder '{{{}}}' in template '{}'", body, text));
  }
  const MetadataNamespace& names = metadata_namespaces()[*space];
  std::string_view name = key.substr(dot + 1);
  for (size_t i = 0; i < names.keys.size(); ++i) {
    if (names.keys[i].name != name) continue;
    Result<TemplateSegment> segment = parse_metadata_format(names.keys[i], spec, has_spec);
    if (!segment) return invalid_placeholder(body, text, segment.error().cause());
    segment->space = *space;
    segment->key = i;
    return segment;
  }
  return fail(ErrorCategory::kInvalidArgument,
              fmt::format("unknown placeholder '{{{}}}' in template '{}' (known: {})", body, text,
                          known_keys(names)));
}

std::optional<Field> plain_field(std::string_view key) {
  if (key == "name") return Field::kName;
  if (key == "stem") return Field::kStem;
  if (key == "ext") return Field::kExt;
  if (key == "parent") return Field::kParent;
  if (key == "size") return Field::kSize;
  return std::nullopt;
}

// `body` is the text between the braces, e.g. "n:03" or "exif.date:%Y|undated".
[[nodiscard]] Result<TemplateSegment> parse_placeholder(std::string_view body,
                                                        std::string_view text) {
  size_t bar = body.find('|');
  std::string_view head = body.substr(0, bar);
  size_t colon = head.find(':');
  std::string_view key = head.substr(0, colon);
  bool has_spec = colon != std::string_view::npos;
  std::string_view spec = has_spec ? head.substr(colon + 1) : std::string_view();
  if (key.find('.') != std::string_view::npos) {
    GOFER_TRY_ASSIGN(TemplateSegment segment, parse_metadata(body, key, spec, has_spec, text));
    if (bar != std::string_view::npos) segment.fallback = std::string(body.substr(bar + 1));
    return segment;
  }
  if (bar != std::string_view::npos) {
    return invalid_placeholder(body, text,
                               "only metadata placeholders such as {exif.date|none} "
                               "take a fallback");
  }
  Result<TemplateSegment> segment = fail(ErrorCategory::kInvalidArgument, "");
  if (std::optional<Field> field = plain_field(key)) {
    if (has_spec)
      return invalid_placeholder(body, text, fmt::format("{{{}}} takes no format", key));
    return TemplateSegment{.field = *field};
  } else if (key == "n") {
    segment = has_spec ? parse_number(spec) : TemplateSegment{.field = Field::kNumber};
  } else if (key == "mtime") {
    std::string_view format = has_spec ? spec : kDefaultTimeFormat;
    if (Status valid = check_time_format(format); !valid) {
      segment = std::unexpected(std::move(valid).error());
    } else {
      segment = TemplateSegment{.field = Field::kMtime, .text = std::string(format)};
    }
  } else if (key == "hash") {
    segment = parse_hash(spec, has_spec);
  } else {
    return fail(ErrorCategory::kInvalidArgument,
                fmt::format("unknown placeholder '{{{}}}' in template '{}'", body, text));
  }
  if (!segment) return invalid_placeholder(body, text, segment.error().cause());
  return segment;
}

void append_literal(std::vector<TemplateSegment>& segments, std::string_view literal) {
  if (segments.empty() || segments.back().field != Field::kLiteral) {
    segments.push_back(TemplateSegment{.field = Field::kLiteral});
  }
  segments.back().text += literal;
}

void append_mtime(std::string& out, int64_t mtime, const std::string& format) {
  std::time_t seconds = static_cast<std::time_t>(mtime);
  std::tm local{};
  if (localtime_r(&seconds, &local) == nullptr) {
    out += std::to_string(mtime);  // a year beyond `int`: the raw seconds still sort right
    return;
  }
  std::array<char, kTimeBuffer> buffer{};
  size_t written = std::strftime(buffer.data(), buffer.size(), format.c_str(), &local);
  out.append(buffer.data(), written);
}

// "No such file or directory" for a file the folder listing just showed confuses: say why.
bool is_dangling_symlink(const std::filesystem::path& path) {
  std::error_code error;
  return std::filesystem::is_symlink(std::filesystem::symlink_status(path, error)) &&
         !std::filesystem::exists(path, error);
}

// Per render: each namespace's reader runs at most once, and only when a placeholder asks.
class MetadataCache {
 public:
  explicit MetadataCache(const EntryFacts& facts) : facts_(facts) {}

  const MetadataValues& values(size_t space) {
    if (slots_.empty()) slots_.resize(metadata_namespaces().size());
    std::optional<MetadataValues>& slot = slots_[space];
    if (slot) return *slot;
    const MetadataNamespace& names = metadata_namespaces()[space];
    Result<MetadataValues> read = names.read(facts_.path);
    if (read) {
      slot = std::move(*read);
    } else {
      slot.emplace();
      std::string cause =
          is_dangling_symlink(facts_.path) ? "a symlink to a missing file" : read.error().cause();
      slot->warnings.push_back(fmt::format("cannot read {} metadata: {}", names.name, cause));
    }
    if (facts_.warnings != nullptr) {
      for (const std::string& warning : slot->warnings) {
        facts_.warnings->push_back(fmt::format("{}: {}", display(), warning));
      }
    }
    return *slot;
  }
  [[nodiscard]] std::string display() const {
    std::string path = facts_.path.string();
    return path.starts_with("./") ? path.substr(2) : path;
  }

 private:
  const EntryFacts& facts_;
  std::vector<std::optional<MetadataValues>> slots_;
};

// A metadata date has no zone name and only sometimes an offset: %z is that offset ("+0200"),
// empty when the file has none, and %Z is always empty. Anything else (the machine's zone, or
// "+0000" as strftime would print) claims what the file does not say.
std::string with_zone_from_file(const std::string& format, std::string_view offset) {
  std::string out;
  for (size_t i = 0; i < format.size(); ++i) {
    if (format[i] != '%' || i + 1 == format.size()) {
      out += format[i];
      continue;
    }
    char conversion = format[++i];
    if (conversion == 'z') {
      out += offset;
    } else if (conversion != 'Z') {
      out += '%';
      out += conversion;
    }
  }
  return out;
}

// `value` is "YYYY-MM-DD HH:MM:SS" as the reader recorded it, the file's local time, maybe
// followed by its UTC offset "+HH:MM".
std::string format_date(const std::string& value, const std::string& format) {
  std::tm moment{};
  int consumed = 0;
  if (std::sscanf(value.c_str(), "%d-%d-%d %d:%d:%d%n", &moment.tm_year, &moment.tm_mon,
                  &moment.tm_mday, &moment.tm_hour, &moment.tm_min, &moment.tm_sec,
                  &consumed) != 6) {
    return {};
  }
  std::string_view rest = std::string_view(value).substr(static_cast<size_t>(consumed));
  std::string offset;
  if (rest.size() == 6 && rest[3] == ':')
    offset = fmt::format("{}{}", rest.substr(0, 3), rest.substr(4));
  moment.tm_year -= 1900;
  moment.tm_mon -= 1;
  std::tm normalised = moment;
  ::timegm(&normalised);  // fills the weekday and day of the year for %a, %j, %U …
  std::array<char, kTimeBuffer> buffer{};
  std::string zoned = with_zone_from_file(format, offset);
  size_t written = std::strftime(buffer.data(), buffer.size(), zoned.c_str(), &normalised);
  return std::string(buffer.data(), written);
}

std::string format_metadata(const std::string& value, const TemplateSegment& segment,
                            MetadataFormat format) {
  switch (format) {
    case MetadataFormat::kDate: return format_date(value, segment.text);
    case MetadataFormat::kNumber:
      if (segment.width == 0) return safe_component(value);
      return fmt::format("{:0>{}}", safe_component(value), segment.width);
    case MetadataFormat::kText: break;
  }
  return safe_component(value);
}

[[nodiscard]] Status append_metadata(std::string& out, const TemplateSegment& segment,
                                     MetadataCache& cache) {
  const MetadataNamespace& names = metadata_namespaces()[segment.space];
  const MetadataKey& key = names.keys[segment.key];
  const MetadataValues& values = cache.values(segment.space);
  auto found = values.values.find(key.name);
  std::string value = found == values.values.end()
                          ? std::string()
                          : format_metadata(found->second, segment, key.format);
  if (!value.empty()) {
    out += value;
  } else if (segment.fallback) {
    out += *segment.fallback;
  } else {
    return fail(Error(ErrorCategory::kConflict,
                      fmt::format("no {{{}.{}}} in this file (add a fallback such as "
                                  "{{{}.{}|unknown}})",
                                  names.name, key.name, names.name, key.name))
                    .with_subject(cache.display()));
  }
  return {};
}

}  // namespace

Result<NameTemplate> NameTemplate::parse(std::string_view text) {
  if (text.empty()) return fail(ErrorCategory::kInvalidArgument, "empty template");
  NameTemplate parsed;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t brace = text.find_first_of("{}", pos);
    append_literal(parsed.segments_, text.substr(pos, brace - pos));
    if (brace == std::string_view::npos) break;
    if (brace + 1 < text.size() && text[brace + 1] == text[brace]) {
      append_literal(parsed.segments_, text.substr(brace, 1));  // `{{` or `}}`
      pos = brace + 2;
      continue;
    }
    if (text[brace] == '}') {
      return fail(
          ErrorCategory::kInvalidArgument,
          fmt::format("unmatched '}}' in template '{}' (write '}}}}' for a literal brace)", text));
    }
    size_t close = text.find_first_of("{}", brace + 1);
    if (close == std::string_view::npos || text[close] == '{') {
      return fail(
          ErrorCategory::kInvalidArgument,
          fmt::format("unterminated '{{' in template '{}' (write '{{{{' for a literal brace)",
                      text));
    }
    GOFER_TRY_ASSIGN(TemplateSegment segment,
                     parse_placeholder(text.substr(brace + 1, close - brace - 1), text));
    parsed.segments_.push_back(std::move(segment));
    pos = close + 1;
  }
  std::erase_if(parsed.segments_, [](const TemplateSegment& segment) {
    return segment.field == Field::kLiteral && segment.text.empty();
  });
  return parsed;
}

bool NameTemplate::reads_content() const {
  for (const TemplateSegment& segment : segments_) {
    if (segment.field == Field::kHash || segment.field == Field::kMetadata) return true;
  }
  return false;
}

Result<std::string> NameTemplate::render(std::string_view name, const EntryFacts& facts,
                                         int64_t number) const {
  NameParts parts = split_name(name);
  std::array<std::optional<std::string>, 3> digests;  // per algorithm, read at most once
  MetadataCache metadata(facts);
  std::string out;
  bool after_literal_dot = false;
  for (const TemplateSegment& segment : segments_) {
    switch (segment.field) {
      case Field::kLiteral: out += segment.text; break;
      case Field::kName: out += name; break;
      case Field::kStem: out += parts.stem; break;
      case Field::kExt:
        // `{stem}.{ext}` on `README` gives `README`, not `README.`: a literal dot written
        // just before an empty extension goes too.
        if (parts.ext.empty() && after_literal_dot) out.pop_back();
        out += parts.ext;
        break;
      case Field::kParent: out += facts.parent; break;
      case Field::kNumber:
        if (segment.width == 0) {
          fmt::format_to(std::back_inserter(out), "{}", number);
        } else {
          fmt::format_to(std::back_inserter(out), "{:0{}}", number, segment.width);
        }
        break;
      case Field::kMtime: append_mtime(out, facts.mtime, segment.text); break;
      case Field::kSize: out += std::to_string(facts.size); break;
      case Field::kHash: {
        std::optional<std::string>& digest = digests[static_cast<size_t>(segment.algorithm)];
        if (!digest) {
          GOFER_TRY_ASSIGN(digest, with_context(hash_file(facts.path, segment.algorithm),
                                                "cannot compute {hash}"));
        }
        out.append(*digest, 0, segment.length);
        break;
      }
      case Field::kMetadata: GOFER_TRY(append_metadata(out, segment, metadata)); break;
    }
    after_literal_dot = segment.field == Field::kLiteral && segment.text.ends_with('.');
  }
  return out;
}

}  // namespace gofer::rename::detail

namespace gofer::rename {

std::vector<std::string> template_placeholders() {
  std::vector<std::string> names{"{name}", "{stem}",  "{ext}",  "{parent}", "{n}",
                                 "{n:03}", "{mtime}", "{size}", "{hash}"};
  for (const detail::MetadataNamespace& space : detail::metadata_namespaces()) {
    for (const detail::MetadataKey& key : space.keys) {
      names.push_back(fmt::format("{{{}.{}}}", space.name, key.name));
    }
  }
  return names;
}

}  // namespace gofer::rename
