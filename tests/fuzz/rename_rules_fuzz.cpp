// Fuzz target for the rename rules: compile + apply must end in a value or an error, never a crash.
#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "gofer/rename/rules.hpp"

namespace {

using gofer::rename::CaseRule;
using gofer::rename::CaseStyle;
using gofer::rename::EntryFacts;
using gofer::rename::FindReplaceRule;
using gofer::rename::RuleChain;
using gofer::rename::RuleOptions;
using gofer::rename::Scope;
using gofer::rename::SlugRule;
using gofer::rename::TemplateRule;

// libFuzzer's default -max_len; longer inputs only slow the replay down.
constexpr size_t kMaxInput = 4096;
constexpr size_t kFieldCount = 4;
constexpr std::array<CaseStyle, 8> kStyles{
    CaseStyle::kLower, CaseStyle::kUpper, CaseStyle::kTitle, CaseStyle::kSentence,
    CaseStyle::kSnake, CaseStyle::kKebab, CaseStyle::kCamel, CaseStyle::kPascal};
constexpr std::array<Scope, 3> kScopes{Scope::kName, Scope::kStem, Scope::kExt};
// Separators longer than this only make every slug longer, not the code paths different.
constexpr size_t kMaxSeparator = 8;
// Starts and steps that push {n} to the edges of int64_t arithmetic.
constexpr std::array<int64_t, 4> kNumbers{1, -7, INT64_MAX, INT64_MIN};

// Input layout: one byte of switches, then template, pattern, replacement and name,
// separated by '\n' (a missing field is empty).
struct FuzzInput {
  uint8_t switches = 0;
  std::array<std::string_view, kFieldCount> fields;
};

FuzzInput split_input(std::string_view data) {
  FuzzInput input;
  if (data.empty()) return input;
  input.switches = static_cast<uint8_t>(data.front());
  data.remove_prefix(1);
  for (size_t i = 0; i < kFieldCount; ++i) {
    size_t newline = i + 1 < kFieldCount ? data.find('\n') : std::string_view::npos;
    input.fields[i] = data.substr(0, newline);
    data = newline == std::string_view::npos ? std::string_view() : data.substr(newline + 1);
  }
  return input;
}

// Touches every byte of the outcome so that a dangling view would show up under ASan.
volatile size_t g_sink = 0;  // keeps the work observable to the optimiser

size_t consume(const gofer::Result<std::string>& result) {
  return result ? result->size() : result.error().message().size();
}

size_t run_chain(const RuleOptions& options, std::string_view name, const EntryFacts& facts) {
  auto chain = RuleChain::compile(options);
  if (!chain) return chain.error().message().size();
  return consume(chain->apply(name, facts)) + consume(chain->apply("", facts));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > kMaxInput) size = kMaxInput;
  FuzzInput input = split_input(std::string_view(reinterpret_cast<const char*>(data), size));
  uint8_t bits = input.switches;
  auto [template_text, pattern, replacement, name] = input.fields;
  std::string separator(replacement.substr(0, kMaxSeparator));

  FindReplaceRule find{.pattern = std::string(pattern),
                       .replacement = std::string(replacement),
                       .literal = (bits & 0x01) != 0,
                       .ignore_case = (bits & 0x02) != 0,
                       .first_only = (bits & 0x04) != 0};
  RuleOptions options{.scope = kScopes[(bits >> 3) % kScopes.size()],
                      .start = kNumbers[(bits >> 5) % kNumbers.size()],
                      .step = kNumbers[(bits >> 6) % kNumbers.size()]};
  EntryFacts facts{.path = (bits & 0x80) != 0 ? "/proc/self/cmdline" : "/nonexistent/gofer-fuzz",
                   .parent = std::string(replacement),
                   .size = size,
                   .mtime = kNumbers[bits % kNumbers.size()],
                   .index = bits};

  size_t sink = 0;
  // Each rule on its own, so that one invalid part does not hide the others.
  options.rules = {find};
  sink += run_chain(options, name, facts);
  options.rules = {TemplateRule{std::string(template_text)}};
  sink += run_chain(options, name, facts);
  // Two case styles per input; mutations of the switches byte reach all of them.
  CaseStyle style = kStyles[bits % kStyles.size()];
  CaseStyle other_style = kStyles[(bits >> 3) % kStyles.size()];
  sink += gofer::rename::convert_case(name, style).size();
  sink += gofer::rename::convert_case(template_text, other_style).size();
  options.rules = {CaseRule{style}, SlugRule{separator}};
  sink += run_chain(options, name, facts);
  // And all of them in a row, each seeing the previous output.
  options.rules = {find, CaseRule{other_style}, SlugRule{},
                   TemplateRule{std::string(template_text)}};
  sink += run_chain(options, name, facts);
  sink += gofer::rename::slugify(name, separator).size();
  g_sink = g_sink + sink;
  return 0;  // libFuzzer reserves other values
}
