// `gofer fetch`: flags -> FetchOptions (validated), then run the downloads and render them.
#include "fetch_cmd.hpp"

#include <array>
#include <cctype>
#include <cstdlib>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "command.hpp"
#include "curl_flags.hpp"
#include "fetch_output.hpp"
#include "fetch_render.hpp"
#include "gofer/fetch/fetch.hpp"
#include "gofer/fetch/input.hpp"
#include "gofer/fetch/naming.hpp"
#include "gofer/fs.hpp"
#include "gofer/json_lines.hpp"
#include "gofer/log.hpp"
#include "gofer/shard.hpp"
#include "gofer/std_streams.hpp"
#include "gofer/terminal.hpp"
#include "json_report.hpp"
#include "plural.hpp"
#include "suggest.hpp"
#include "transfer_flags.hpp"

namespace gofer::cli {

const std::string_view kFetchExamples = R"(Examples:
  gofer fetch -j 16 -i urls.txt -d downloads              download a list, 16 at a time
  gofer fetch --refresh --lock /tmp/mirror.lock -i urls.txt -d mirror   nightly cron mirror
  gofer fetch -o app.tar.gz --sha256 HEX https://example.org/app.tar.gz
  gofer fetch --spider --json -i links.txt                check links, write nothing
  gofer fetch --name-template '{host}/{path}' --mkdir -i urls.txt -d mirror   keep the URL tree

Per-URL lines and the summary go to stderr; with --json one object per URL goes to stdout.
Exit codes: 0 all done (or unchanged/skipped), 1 some URL failed, 2 usage error, 130 interrupted.)";

namespace {

// Raw flag values, as CLI11 fills them (stage one); validate() makes FetchOptions.
struct FetchFlags {
  TransferFlags transfer;
  CurlHabitFlags curl;
  std::vector<std::string> urls;
  std::string input, directory = ".", output, sha256, checksums, shard, name_template;
  bool continue_partial = false, skip_existing = false, refresh = false;
  bool content_disposition = false, spider = false;
  bool make_directories = false;
  bool remote_time = false, no_remote_time = false;
  std::string durable = "file";
};

Result<fetch::Durability> parse_durability(const std::string& value) {
  static const std::vector<std::string> kNames{"file", "batch", "none"};
  static constexpr std::array kModes{fetch::Durability::kFile, fetch::Durability::kBatch,
                                     fetch::Durability::kNone};
  for (size_t i = 0; i < kNames.size(); ++i) {
    if (value == kNames[i]) return kModes[i];
  }
  auto nearest = nearest_word(value, kNames);
  return fail(usage(fmt::format("--durable: expected file, batch or none, got '{}'{}", value,
                                nearest ? fmt::format("; did you mean '--durable={}'?", *nearest)
                                        : std::string())));
}

Status check_single_url_flags(const FetchFlags& f) {
  bool single = f.urls.size() == 1 && f.input.empty();
  if (!f.output.empty() && !single) return fail(usage("-o needs exactly one URL (and no -i)"));
  if (!f.sha256.empty() && !single)
    return fail(usage("--sha256 needs exactly one URL (and no -i)"));
  if (!f.sha256.empty() && !fetch::is_sha256_hex(f.sha256)) {
    return fail(usage("--sha256: expected 64 hex digits"));
  }
  if (f.urls.empty() && f.input.empty()) return fail(usage("no URL given: pass URLs or -i FILE"));
  if (f.remote_time && f.no_remote_time) {
    return fail(usage("--remote-time and --no-remote-time contradict each other; pick one"));
  }
  if (!f.name_template.empty() && f.content_disposition) {
    return fail(usage("--name-template and --content-disposition both name the file; pick one"));
  }
  return {};
}

// The checks of validate() that need neither the file system nor the network: also what
// `gofer run --check` makes of a fetch step.
Status check_flag_values(const FetchFlags& f) {
  GOFER_TRY(check_transfer_flags(f.transfer));
  GOFER_TRY(check_curl_habit_flags(f.curl, f.urls));
  GOFER_TRY(check_single_url_flags(f));
  if (!f.name_template.empty()) GOFER_TRY(fetch::PathTemplate::parse(f.name_template));
  if (!f.shard.empty() && f.shard != "auto") GOFER_TRY(parse_shard(f.shard));
  GOFER_TRY(parse_durability(f.durable));
  return {};
}

Result<fetch::FetchOptions> validate(const FetchFlags& f, const Invocation& invocation,
                                     std::optional<FetchOutputPlan>& output) {
  GOFER_TRY(check_flag_values(f));
  fetch::FetchOptions o;
  o.directory = f.directory;
  bool keeps_state = f.continue_partial || resume_asked(f.curl) || f.skip_existing || f.refresh;
  GOFER_TRY_ASSIGN(
      output, plan_fetch_output({f.output, f.directory, invocation.globals.json, keeps_state}, o));
  GOFER_TRY_ASSIGN(o.state_directory, state_directory(invocation.globals.state_dir));
  GOFER_TRY(apply_transfer_flags(f.transfer, o));
  o.continue_partial = f.continue_partial || resume_asked(f.curl);
  o.skip_existing = f.skip_existing;
  o.refresh = f.refresh;
  // With --refresh the mtime is the fallback validator, so it should be the server's.
  o.remote_time = f.remote_time || (f.refresh && !f.no_remote_time);
  o.content_disposition = f.content_disposition;
  if (!f.name_template.empty()) {
    GOFER_TRY_ASSIGN(o.name_template, fetch::PathTemplate::parse(f.name_template));
  }
  o.make_directories = f.make_directories;
  GOFER_TRY_ASSIGN(o.durability, parse_durability(f.durable));
  o.spider = f.spider;
  o.always_sha256 = invocation.globals.json;
  if (!f.checksums.empty()) {
    GOFER_TRY_ASSIGN(std::string text, read_file(f.checksums));
    GOFER_TRY_ASSIGN(o.checksums, with_context(fetch::parse_checksums(text),
                                               "cannot read --checksums " + f.checksums));
  }
  return o;
}

// The URLs to fetch: the list or the command line, filtered to this process's --shard.
struct OpenedSource {
  std::unique_ptr<fetch::ItemSource> source;
  std::unique_ptr<fetch::ShardSource> shard;
  fetch::ItemSource* items = nullptr;
};

class FetchCommand final : public Command {
 public:
  void configure(CLI::App& app) override;
  Result<ExitCode> execute(const Invocation& invocation) override;
  Result<ExitCode> preview(const Invocation& invocation) override;
  Status check_options() const override { return check_flag_values(flags_); }

 private:
  Result<OpenedSource> open_source();
  // -o to a stream: open it, run, flush it; the exit code of the whole run.
  Result<ExitCode> run(const Invocation& invocation, fetch::FetchOptions& options);
  FetchFlags flags_;
  std::optional<FetchOutputPlan> output_;  // from -o
};

Result<OpenedSource> FetchCommand::open_source() {
  OpenedSource opened;
  if (!flags_.input.empty()) {
    GOFER_TRY_ASSIGN(opened.source, fetch::StreamSource::open(flags_.input));
  } else {
    std::vector<fetch::FetchItem> items;
    std::string name = output_ ? output_->name : std::string();
    for (const std::string& url : flags_.urls) items.push_back({url, name, flags_.sha256});
    opened.source = std::make_unique<fetch::ListSource>(std::move(items));
  }
  opened.items = opened.source.get();
  if (!flags_.shard.empty()) {
    GOFER_TRY_ASSIGN(Shard shard, resolve_shard(flags_.shard, &std::getenv));
    opened.shard = std::make_unique<fetch::ShardSource>(*opened.source, shard);
    opened.items = opened.shard.get();
  }
  return opened;
}

// The dry run of `gofer run`: how many URLs, and the name each would get (no request is made,
// so a Content-Disposition name cannot be known yet).
Result<ExitCode> FetchCommand::preview(const Invocation& invocation) {
  GOFER_TRY_ASSIGN(fetch::FetchOptions options, validate(flags_, invocation, output_));
  GOFER_TRY_ASSIGN(OpenedSource opened, open_source());
  fetch::NameRegistry names;
  uint64_t count = 0, bad = 0;
  while (auto item = opened.items->next()) {
    Status usable = *item ? fetch::check_url((*item)->url) : Status(fail(item->error()));
    if (!usable) {  // what the run would report for this line, without a request
      print_err("gofer: fetch: {}\n", escape_for_terminal(usable.error().message()));
      write_error_record(invocation, usable.error());
      ++bad;
      continue;
    }
    std::string name = !(*item)->name.empty()  ? (*item)->name
                       : options.name_template ? options.name_template->expand((*item)->url)
                                               : fetch::name_from_url((*item)->url);
    bool renamed = false;
    std::string path = (options.directory / names.claim(name, renamed)).string();
    ++count;
    if (invocation.globals.json) {
      JsonLinesWriter(stdout).write({{"type", "preview"}, {"url", (*item)->url}, {"path", path}});
    } else {
      print_out("{} -> {}\n", escape_for_terminal((*item)->url), escape_for_terminal(path));
    }
  }
  if (invocation.items != nullptr) *invocation.items = count;
  add_summary_counts(invocation, {{"planned", count}, {"failed", bad}});
  if (!invocation.globals.quiet) {
    print_err("{} would be fetched into {}{}\n", counted(count, "URL"),
              escape_for_terminal(options.directory.string()),
              bad > 0 ? fmt::format(" ({})", counted(bad, "bad input line")) : "");
  }
  return bad > 0 ? ExitCode::kPartialFailure : ExitCode::kOk;
}

Result<ExitCode> FetchCommand::execute(const Invocation& given) {
  GlobalOptions globals = given.globals;
  globals.quiet = globals.quiet || flags_.curl.silent;  // curl's -s
  if (flags_.curl.silent) quiet_stderr_logging();
  Invocation invocation{globals,          given.color_stdout, given.color_stderr,
                        given.root,       given.command_line, given.items,
                        given.json_report};
  GOFER_TRY_ASSIGN(fetch::FetchOptions options, validate(flags_, invocation, output_));
  for (char& c : flags_.sha256) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (options.insecure) {
    spdlog::warn(
        "fetch: --insecure: TLS certificates are NOT verified; anyone on the path can "
        "read and change these downloads");
  }
  if (!output_ || !output_->stream) return run(invocation, options);
  GOFER_TRY_ASSIGN(OutputFile stream, open_fetch_stream(*output_, options));
  GOFER_TRY_ASSIGN(ExitCode code, run(invocation, options));
  GOFER_TRY(stream.commit());
  return code;
}

Result<ExitCode> FetchCommand::run(const Invocation& invocation, fetch::FetchOptions& options) {
  GOFER_TRY_ASSIGN(OpenedSource opened, open_source());
  bool stream = options.output_descriptor >= 0;
  FetchRenderer renderer(invocation, stream ? std::filesystem::path(".") : options.directory);
  GOFER_TRY_ASSIGN(fetch::FetchSummary summary,
                   fetch::run_fetch(*opened.items, options, renderer.callbacks()));
  renderer.summary(summary);
  if (invocation.items != nullptr) {
    *invocation.items =
        static_cast<uint64_t>(summary.ok + summary.unchanged + summary.skipped + summary.failed);
  }
  if (summary.stopped) {
    // Shown even with -q: what was downloaded so far waits in NAME.part files.
    if (stream) {
      print_err(
          "gofer: fetch: interrupted: {} got only part of the body; rerun the same "
          "command to fetch it again\n",
          escape_for_terminal(options.output_display));
    } else {
      print_err(
          "gofer: fetch: interrupted: rerun the same command{} to resume from the .part "
          "files\n",
          options.continue_partial ? "" : " with -c");
    }
    return ExitCode::kInterrupted;
  }
  return summary.failed > 0 ? ExitCode::kPartialFailure : ExitCode::kOk;
}

void FetchCommand::configure(CLI::App& app) {
  FetchFlags& f = flags_;
  app.add_option("urls", f.urls, "http:// or https:// URLs")->type_name("URL");
  app.add_option("-i,--input", f.input,
                 "URL list (one per line, # comments) or CSV with a "
                 "url[,path][,sha256] header; - for stdin")
      ->type_name("FILE");
  app.add_option("-d,--dir", f.directory, "Download directory (default .)")->type_name("DIR");
  app.add_option("-o,--output", f.output,
                 "Write the single URL's body to FILE (inside -d unless absolute; - for stdout; "
                 "a FIFO or device is written through)")
      ->type_name("FILE");
  add_concurrency_flags(app, f.transfer);
  app.add_flag("-c,--continue", f.continue_partial, "Resume NAME.part files (Range + If-Range)");
  app.add_flag("--skip-existing", f.skip_existing, "Leave files that already exist alone");
  app.add_flag("--refresh", f.refresh,
               "Conditional GET: the ETag/Last-Modified recorded by the last download, else "
               "If-Modified-Since from the file's mtime; 304 leaves the file alone");
  app.add_flag("--remote-time", f.remote_time,
               "Set each file's mtime from Last-Modified (default with --refresh)");
  app.add_flag("--no-remote-time", f.no_remote_time, "Keep the download time as mtime");
  app.add_flag("--content-disposition", f.content_disposition, "Use the server's file name");
  app.add_option("--name-template", f.name_template,
                 "Name files by URL parts: {host} {port} {path} {dir} {name}, e.g. "
                 "'{host}/{path}'; each part is sanitized, never leaves -d")
      ->type_name("TEMPLATE");
  app.add_flag("--mkdir", f.make_directories,
               "Create the directories --name-template names (never through a symlink)");
  app.add_flag("--durable{file}", f.durable,
               "When an OK file is safe from a power cut: file (default: each before its OK "
               "line), batch (one sync at the end, then all OK lines), none (never synced, "
               "as curl and wget2)")
      ->option_text("[=file|batch|none]");
  app.add_option("--sha256", f.sha256, "Expected SHA-256 of a single URL")->type_name("HEX");
  app.add_option("--checksums", f.checksums, "Verify against a SHA256SUMS file")->type_name("FILE");
  add_request_flags(app, f.transfer);
  add_curl_habit_flags(app, f.curl);
  app.add_flag("--spider", f.spider, "Check URLs (HEAD, else GET without body); write nothing");
  app.add_option("--shard", f.shard,
                 "Only URLs whose stable hash (FNV-1a) mod N is K-1; auto: "
                 "K and N from the array job's environment")
      ->type_name("K/N|auto");
}

}  // namespace

std::unique_ptr<Command> make_fetch_command() { return std::make_unique<FetchCommand>(); }

}  // namespace gofer::cli
