// spdlog configuration for stderr and --log-file sinks.
#include "gofer/log.hpp"

#include <fcntl.h>

#include <algorithm>
#include <memory>
#include <string>
#include <vector>

#include <spdlog/sinks/basic_file_sink.h>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include "gofer/fs.hpp"

namespace gofer {
namespace {

spdlog::level::level_enum stderr_level(const LogOptions& options) {
  if (options.quiet) return spdlog::level::err;
  if (options.verbosity >= 2) return spdlog::level::trace;
  if (options.verbosity == 1) return spdlog::level::debug;
  return spdlog::level::info;
}

}  // namespace

Status setup_logging(const LogOptions& options) {
  auto stderr_sink = std::make_shared<spdlog::sinks::stderr_sink_mt>();
  stderr_sink->set_level(stderr_level(options));
  stderr_sink->set_pattern("gofer: %v");
  std::vector<spdlog::sink_ptr> sinks{stderr_sink};
  if (!options.log_file.empty()) {
    // spdlog would silently create missing parent directories; a mistyped path must fail.
    auto probe = open_file(options.log_file, O_WRONLY | O_APPEND | O_CREAT, 0644);
    if (!probe) return fail(std::move(probe.error()).with_context("cannot open log file"));
    try {
      auto file_sink =
          std::make_shared<spdlog::sinks::basic_file_sink_mt>(options.log_file, false);
      file_sink->set_level(std::min(stderr_level(options), spdlog::level::info));
      std::string context;
      for (char c : options.context) context += c == '%' ? std::string("%%") : std::string(1, c);
      if (!context.empty()) context = "[" + context + "] ";
      file_sink->set_pattern("%Y-%m-%dT%H:%M:%S.%e%z [%l] [pid %P] " + context + "%v");
      sinks.push_back(std::move(file_sink));
    } catch (const spdlog::spdlog_ex& ex) {
      // spdlog reports failures by exception; it must not cross into callers.
      return fail(Error(ErrorCategory::kIo, ex.what())
                      .with_context("cannot open log file")
                      .with_subject(options.log_file));
    }
  }
  auto logger = std::make_shared<spdlog::logger>("gofer", sinks.begin(), sinks.end());
  logger->set_level(spdlog::level::trace);
  logger->flush_on(spdlog::level::trace);
  spdlog::set_default_logger(std::move(logger));
  return {};
}

void quiet_stderr_logging() {
  auto logger = spdlog::default_logger();
  // setup_logging() puts the stderr sink first.
  if (logger != nullptr && !logger->sinks().empty()) {
    logger->sinks().front()->set_level(spdlog::level::err);
  }
}

}  // namespace gofer
