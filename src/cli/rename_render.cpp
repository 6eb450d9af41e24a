// Rendering for `gofer rename`; file names are escaped in human output, exact in JSON.
#include "rename_render.hpp"

#include <algorithm>
#include <cstdio>

#include <fmt/color.h>
#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "gofer/json_lines.hpp"
#include "gofer/std_streams.hpp"
#include "gofer/terminal.hpp"
#include "json_report.hpp"
#include "plural.hpp"

namespace gofer::cli {
namespace {

// Wider old names are not padded further, so one long name cannot push every arrow away.
constexpr size_t kMaxAlignColumn = 60;

// The path as the user would type it: no "./" for entries of the current directory.
std::string user_path(const std::filesystem::path& directory, std::string_view name) {
  const std::string& text = directory.native();
  if (text == ".") return std::string(name);
  std::string path;
  path.reserve(text.size() + 1 + name.size());
  path += text;
  if (!text.ends_with('/')) path += '/';
  path += name;
  return path;
}

std::string display_path(const std::filesystem::path& directory, std::string_view name) {
  return escape_for_terminal(user_path(directory, name));
}

std::string paint(const std::string& text, fmt::terminal_color color, bool enabled) {
  return enabled ? fmt::format(fmt::fg(color), "{}", text) : text;
}

void json_item(const rename::Plan& plan, size_t index) {
  const rename::PlanItem& item = plan.items[index];
  const std::filesystem::path& directory = plan.directory(item);
  std::string_view reason = plan.reason(index);
  nlohmann::json object{{"type", "entry"}, {"status", rename::to_string(item.status)}};
  set_bytes_field(object, "old", user_path(directory, plan.old_name(item)));
  set_bytes_field(object, "new", user_path(directory, plan.new_name(item)));
  if (!reason.empty()) object["error"] = reason;
  JsonLinesWriter(stdout).write(object);
}

size_t display_width(std::string_view text) {
  // Count code points, not bytes, so accented names still line up.
  return static_cast<size_t>(std::count_if(text.begin(), text.end(), [](char c) {
    return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  }));
}

// Written in pieces: a million-line plan is never held in memory as one string.
void flush_if_large(std::string& out, bool force) {
  if (out.size() < (size_t{1} << 16) && !force) return;
  write_stdout(out);
  out.clear();
}

}  // namespace

void render_plan(const rename::Plan& plan, const RenameView& view) {
  const Invocation& inv = view.invocation;
  if (inv.globals.json) {
    for (size_t i = 0; i < plan.items.size(); ++i) json_item(plan, i);
    return;
  }
  if (view.applied && inv.globals.verbosity == 0) return;  // -x: summary only unless -v
  size_t column = 0;
  for (const auto& item : plan.items) {
    size_t width = display_width(display_path(plan.directory(item), plan.old_name(item)));
    column = std::max(column, std::min(kMaxAlignColumn, width));
  }
  std::string out;
  for (size_t i = 0; i < plan.items.size(); ++i) {
    const rename::PlanItem& item = plan.items[i];
    std::string old_text = display_path(plan.directory(item), plan.old_name(item));
    size_t width = display_width(old_text);
    bool bad =
        item.status == rename::ItemStatus::kConflict || item.status == rename::ItemStatus::kFailed;
    bool skipped = item.status == rename::ItemStatus::kSkipped;
    out += bad ? "! " : skipped ? "- " : "  ";
    out += old_text;
    out.append(column > width ? column - width : 0, ' ');
    out += " -> ";
    out += paint(display_path(plan.directory(item), plan.new_name(item)),
                 bad ? fmt::terminal_color::red : fmt::terminal_color::green, inv.color_stdout);
    std::string_view reason = plan.reason(i);
    if (!reason.empty()) out += fmt::format("  ({})", escape_for_terminal(std::string(reason)));
    out += '\n';
    flush_if_large(out, false);
  }
  flush_if_large(out, true);
  flush_stdout();
}

namespace {
void print_warnings(const std::vector<std::string>& warnings) {
  for (const std::string& warning : warnings) {
    print_err("gofer: rename: warning: {}\n", escape_for_terminal(warning));
  }
}

// What to do about the conflicts: --on-conflict resolves clashing names, not a file that
// lacks the metadata a placeholder asks for.
std::string_view conflict_hint(size_t conflicts, size_t missing_metadata) {
  if (missing_metadata == conflicts) {
    return "nothing changed (files lack a placeholder's metadata: give it a fallback, such as "
           "{exif.date|undated})";
  }
  if (missing_metadata > 0) {
    return "nothing changed (resolve the conflicts, or use --on-conflict skip|number; a "
           "placeholder some files lack needs a fallback, such as {exif.date|undated})";
  }
  return "nothing changed (resolve the conflicts, or use --on-conflict skip|number)";
}
}  // namespace

void render_preview_summary(const rename::Plan& plan, const RenameView& view) {
  using rename::ItemStatus;
  size_t planned = plan.count(ItemStatus::kPlanned), conflicts = plan.count(ItemStatus::kConflict);
  size_t skipped = plan.count(ItemStatus::kSkipped);
  add_summary_counts(view.invocation, {{"applied", view.applied},
                                       {"planned", planned},
                                       {"conflicts", conflicts},
                                       {"skipped", skipped},
                                       {"unchanged", plan.unchanged},
                                       {"warnings", plan.warnings}});
  if (view.invocation.globals.quiet) return;
  print_warnings(plan.warnings);
  std::string_view tail = conflicts > 0  ? conflict_hint(conflicts, plan.missing_metadata)
                          : view.applied ? "nothing changed"
                                         : "nothing changed (add -x to apply)";
  print_err("{} to rename, {} unchanged, {} skipped, {}: {}\n", planned, plan.unchanged, skipped,
            counted(conflicts, "conflict"), tail);
}

void render_apply_summary(const rename::Plan& plan, const rename::ApplyReport& report,
                          const RenameView& view) {
  for (size_t i = 0; i < plan.items.size(); ++i) {
    const rename::PlanItem& item = plan.items[i];
    if (item.status != rename::ItemStatus::kFailed) continue;
    spdlog::error("rename: {}: cannot rename to {}: {}",
                  display_path(plan.directory(item), plan.old_name(item)),
                  escape_for_terminal(std::string(plan.new_name(item))),
                  escape_for_terminal(std::string(plan.reason(i))));
  }
  std::vector<std::string> warnings = plan.warnings;
  warnings.insert(warnings.end(), report.warnings.begin(), report.warnings.end());
  add_summary_counts(view.invocation, {{"applied", true},
                                       {"run_id", report.run_id},
                                       {"renamed", report.renamed},
                                       {"failed", report.failed},
                                       {"skipped", plan.count(rename::ItemStatus::kSkipped)},
                                       {"unchanged", plan.unchanged},
                                       {"interrupted", report.interrupted},
                                       {"warnings", warnings}});
  if (view.invocation.globals.quiet) return;
  print_warnings(warnings);
  print_err("renamed {}, failed {}, skipped {}, unchanged {}{}\n", report.renamed, report.failed,
            plan.count(rename::ItemStatus::kSkipped), plan.unchanged,
            report.run_id.empty() || report.renamed == 0
                ? ""
                : fmt::format(" (run {}; undo with: gofer rename --undo)", report.run_id));
}

void render_undo(const rename::UndoReport& report, const Invocation& invocation) {
  for (const auto& entry : report.entries) {
    if (invocation.globals.json) {
      nlohmann::json object{{"type", "entry"}, {"status", entry.ok ? "restored" : "failed"}};
      set_bytes_field(object, "old", entry.from);
      set_bytes_field(object, "new", entry.to);
      if (!entry.ok && !entry.error.empty()) object["error"] = entry.error;
      JsonLinesWriter(stdout).write(object);
    } else if (!entry.ok) {
      spdlog::error("rename: {}: cannot undo: {}", escape_for_terminal(entry.to),
                    escape_for_terminal(entry.error));
    } else if (invocation.globals.verbosity > 0) {
      print_out("{} -> {}\n", escape_for_terminal(entry.from), escape_for_terminal(entry.to));
    }
  }
  add_summary_counts(
      invocation,
      {{"run_id", report.run_id}, {"restored", report.restored}, {"failed", report.failed}});
  if (!invocation.globals.quiet) {
    print_err("undid run {}: restored {}, failed {}\n", report.run_id, report.restored,
              report.failed);
  }
}

void render_history(const std::vector<rename::RunInfo>& runs, const Invocation& invocation) {
  for (const auto& run : runs) {
    if (invocation.globals.json) {
      JsonLinesWriter(stdout).write({{"type", "run"},
                                     {"id", run.id},
                                     {"time", run.time},
                                     {"directory", run.directory},
                                     {"count", run.count},
                                     {"state", run.state},
                                     {"command", run.command_line}});
    } else {
      print_out("{}  {}  {:>6} {:<7}  {:<11}  {}\n", run.id, run.time, run.count,
                noun_for(run.count, "entry", "entries"), run.state,
                escape_for_terminal(run.directory));
    }
  }
  add_summary_counts(invocation, {{"runs", runs.size()}});
}

}  // namespace gofer::cli
