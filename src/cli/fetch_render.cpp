// Rendering for `gofer fetch`; URLs and names are escaped in human output, exact in JSON.
#include "fetch_render.hpp"

#include <array>
#include <csignal>
#include <cstdio>
#include <cstdlib>

#include <fmt/color.h>
#include <fmt/format.h>

#include "gofer/json_lines.hpp"
#include "gofer/std_streams.hpp"
#include "gofer/terminal.hpp"
#include "json_report.hpp"
#include "plural.hpp"

namespace gofer::cli {
namespace {

// A field without a value is left out, never null or "" (docs/gofer-json.schema.json).
void set_if_present(nlohmann::json& object, const char* key, const std::string& text) {
  if (!text.empty()) object[key] = text;
}

nlohmann::json entry_json(const fetch::ItemReport& report, const std::string& path) {
  nlohmann::json object{{"type", "entry"},
                        {"url", report.url},
                        {"status", fetch::to_string(report.status)},
                        {"bytes", report.bytes},
                        {"attempts", report.attempts},
                        {"seconds", report.seconds},
                        {"renamed", report.renamed},
                        {"changed_locally", report.changed_locally}};
  if (!path.empty()) set_bytes_field(object, "path", path);
  if (report.http_status != 0) object["http_status"] = report.http_status;
  set_if_present(object, "sha256", report.sha256);
  set_if_present(object, "error", report.error);
  set_if_present(object, "warning", report.warning);
  return object;
}

std::string paint(std::string text, fmt::terminal_color color, bool enabled) {
  return enabled ? fmt::format(fmt::fg(color), "{}", text) : text;
}

std::string attempts_note(const fetch::ItemReport& report) {
  return report.attempts > 1 ? fmt::format(" (after {} attempts)", report.attempts) : "";
}

}  // namespace

std::string human_bytes(int64_t bytes) {
  constexpr std::array<const char*, 5> kUnits = {"B", "kB", "MB", "GB", "TB"};
  auto value = static_cast<double>(bytes);
  size_t unit = 0;
  while (value >= 1000 && unit + 1 < kUnits.size()) {
    value /= 1000;
    ++unit;
  }
  return unit == 0 ? fmt::format("{} B", bytes) : fmt::format("{:.1f} {}", value, kUnits[unit]);
}

FetchRenderer::FetchRenderer(const Invocation& invocation, std::filesystem::path directory)
    : invocation_(invocation),
      directory_(std::move(directory)),
      live_(!invocation.globals.quiet && is_terminal(2)) {
  if (const char* kill_after = std::getenv("GOFER_TEST_KILL_AFTER_OK")) {
    kill_after_ok_ = std::strtoull(kill_after, nullptr, 10);
  }
}

fetch::FetchCallbacks FetchRenderer::callbacks() {
  fetch::FetchCallbacks callbacks;
  callbacks.on_item = [this](const fetch::ItemReport& report) {
    item(report);
    bool ok = report.status == fetch::ItemStatus::kOk;
    if (ok && ++ok_reported_ == kill_after_ok_) ::raise(SIGKILL);  // the line is out: crash now
  };
  if (live_) callbacks.on_progress = [this](const fetch::Progress& p) { progress(p); };
  if (invocation_.globals.verbosity > 0 && !invocation_.globals.quiet) {
    callbacks.on_retry = [this](const std::string& url, const std::string& reason, double wait) {
      clear_progress();
      print_err("RETRY {}: {} (in {:.1f} s)\n", escape_for_terminal(url),
                escape_for_terminal(reason), wait);
    };
  }
  return callbacks;
}

std::string FetchRenderer::user_path(const std::string& name) const {
  return directory_ == "." ? name : (directory_ / name).string();
}

void FetchRenderer::clear_progress() {
  if (progress_shown_) write_stderr("\r\x1b[K");
  progress_shown_ = false;
}

void FetchRenderer::item(const fetch::ItemReport& report) {
  using fetch::ItemStatus;
  const GlobalOptions& globals = invocation_.globals;
  if (globals.json) {
    JsonLinesWriter(stdout).write(
        entry_json(report, report.path.empty() ? "" : user_path(report.path)));
  }
  bool failed = report.status == ItemStatus::kFailed || report.status == ItemStatus::kInterrupted;
  if (!report.warning.empty() && !globals.quiet) {
    clear_progress();
    print_err("gofer: fetch: warning: {}: {}\n", escape_for_terminal(report.url),
              escape_for_terminal(report.warning));
  }
  if ((globals.json || globals.quiet) && !failed) return;
  if (globals.quiet && report.status == ItemStatus::kInterrupted) return;
  bool color = invocation_.color_stderr;
  std::string url = escape_for_terminal(report.url);
  std::string line;
  switch (report.status) {
    case ItemStatus::kOk:
      line = fmt::format(
          "{} {} → {} ({}, {}, {:.2f} s){}{}{}", paint("OK", fmt::terminal_color::green, color),
          url, escape_for_terminal(user_path(report.path)), counted(report.bytes, "byte"),
          report.http_status, report.seconds, attempts_note(report),
          report.renamed ? " [name taken: numbered]" : "",
          report.changed_locally ? " [changed locally since the last download: replaced]" : "");
      if (report.path.empty())
        line = fmt::format("{} {} ({})", paint("OK", fmt::terminal_color::green, color), url,
                           report.http_status);
      break;
    case ItemStatus::kUnchanged: line = "UNCHANGED " + url; break;
    case ItemStatus::kSkipped: line = "SKIPPED " + url; break;
    case ItemStatus::kInterrupted:
      line = fmt::format("STOPPED {}{}", url,
                         report.path.empty()
                             ? ""
                             : fmt::format(" (partial data kept in {}.part)",
                                           escape_for_terminal(user_path(report.path))));
      break;
    case ItemStatus::kFailed:
      line = fmt::format("{} {}: {}{}", paint("FAIL", fmt::terminal_color::red, color), url,
                         escape_for_terminal(report.error), attempts_note(report));
      break;
  }
  // On a terminal the progress line stands for the files that went well; what needs the
  // user's eye (failures, interruptions) still gets a line of its own above it.
  bool routine = report.status == ItemStatus::kOk || report.status == ItemStatus::kUnchanged ||
                 report.status == ItemStatus::kSkipped;
  if (live_ && routine && globals.verbosity == 0) return;
  clear_progress();
  print_err("{}\n", line);
  if (live_) progress(last_);
}

void FetchRenderer::progress(const fetch::Progress& p) {
  last_ = p;
  double rate = p.seconds > 0 ? static_cast<double>(p.bytes) / p.seconds : 0;
  std::string eta;
  // Until the list is read to its end, the total is a lower bound and an ETA would lie.
  if (p.queued_all && p.done > 0 && p.queued > p.done && p.seconds > 0) {
    double per_item = p.seconds / static_cast<double>(p.done);
    eta = fmt::format(", ETA {:.0f} s", per_item * static_cast<double>(p.queued - p.done));
  }
  clear_progress();
  print_err("{}/{}{} done, {}, {}/s, {} active{}", p.done, p.queued, p.queued_all ? "" : "+",
            human_bytes(p.bytes),
            human_bytes(static_cast<int64_t>(rate)), p.active, eta);
  std::fflush(stderr);
  progress_shown_ = true;
}

void FetchRenderer::summary(const fetch::FetchSummary& s) {
  clear_progress();
  add_summary_counts(invocation_, {{"ok", s.ok},
                                   {"unchanged", s.unchanged},
                                   {"skipped", s.skipped},
                                   {"failed", s.failed},
                                   {"interrupted", s.interrupted},
                                   {"bytes", s.bytes},
                                   {"stopped", s.stopped}});
  if (invocation_.globals.quiet) return;
  print_err("fetched {}, unchanged {}, skipped {}, failed {}{}: {} in {:.2f} s\n", s.ok,
            s.unchanged, s.skipped, s.failed,
            s.interrupted > 0 ? fmt::format(", interrupted {}", s.interrupted) : "",
            human_bytes(s.bytes), s.seconds);
}

}  // namespace gofer::cli
