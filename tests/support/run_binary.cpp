// Subprocess runner with captured pipes (poll-based, so large outputs cannot deadlock).
#include "run_binary.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <stdexcept>

extern char** environ;

namespace gofer::testing {
namespace {

std::vector<std::string> build_environment(const RunOptions& options) {
  std::vector<std::string> env;
  for (char** entry = environ; *entry != nullptr; ++entry) {
    std::string line(*entry);
    std::string name = line.substr(0, line.find('='));
    bool dropped = options.env.count(name) > 0;
    for (const auto& unset : options.unset_env) dropped = dropped || unset == name;
    if (!dropped) env.push_back(line);
  }
  for (const auto& [name, value] : options.env) env.push_back(name + "=" + value);
  return env;
}

std::vector<char*> as_argv(std::vector<std::string>& strings) {
  std::vector<char*> pointers;
  for (auto& s : strings) pointers.push_back(s.data());
  pointers.push_back(nullptr);
  return pointers;
}

void pump(int in_fd, std::string_view input, int out_fd, std::string& out, int err_fd,
          std::string& err) {
  size_t written = 0;
  if (input.empty()) ::close(in_fd), in_fd = -1;
  char buffer[65536];
  while (out_fd >= 0 || err_fd >= 0) {
    pollfd fds[3] = {{out_fd, POLLIN, 0}, {err_fd, POLLIN, 0}, {in_fd, POLLOUT, 0}};
    if (::poll(fds, 3, -1) < 0 && errno != EINTR) throw std::runtime_error("poll failed");
    for (int i = 0; i < 2; ++i) {
      if (fds[i].fd < 0 || fds[i].revents == 0) continue;
      ssize_t got = ::read(fds[i].fd, buffer, sizeof buffer);
      if (got <= 0) {
        ::close(fds[i].fd);
        (i == 0 ? out_fd : err_fd) = -1;
      } else {
        (i == 0 ? out : err).append(buffer, static_cast<size_t>(got));
      }
    }
    if (in_fd >= 0 && fds[2].revents != 0) {
      ssize_t put = ::write(in_fd, input.data() + written, input.size() - written);
      if (put > 0) written += static_cast<size_t>(put);
      if (put <= 0 || written == input.size()) ::close(in_fd), in_fd = -1;
    }
  }
  if (in_fd >= 0) ::close(in_fd);
}

}  // namespace

std::filesystem::path gofer_binary() {
  if (const char* bin = std::getenv("GOFER_BIN"); bin != nullptr && bin[0] != '\0') {
    return std::filesystem::absolute(bin);
  }
  return GOFER_DEFAULT_BIN;
}

RunResult run_program(const std::vector<std::string>& argv, const RunOptions& options) {
  int in_pipe[2], out_pipe[2], err_pipe[2];
  if (::pipe2(in_pipe, O_CLOEXEC) || ::pipe2(out_pipe, O_CLOEXEC) || ::pipe2(err_pipe, O_CLOEXEC)) {
    throw std::runtime_error("pipe failed");
  }
  std::vector<std::string> args = argv;
  std::vector<std::string> env = build_environment(options);
  auto arg_pointers = as_argv(args);
  auto env_pointers = as_argv(env);
  pid_t pid = ::fork();
  if (pid == 0) {
    ::dup2(in_pipe[0], 0);
    ::dup2(out_pipe[1], 1);
    ::dup2(err_pipe[1], 2);
    ::signal(SIGPIPE, SIG_DFL);
    if (!options.cwd.empty() && ::chdir(options.cwd.c_str()) != 0) ::_exit(126);
    environ = env_pointers.data();
    ::execvp(arg_pointers[0], arg_pointers.data());
    ::_exit(127);
  }
  ::close(in_pipe[0]);
  ::close(out_pipe[1]);
  ::close(err_pipe[1]);
  RunResult result;
  ::signal(SIGPIPE, SIG_IGN);  // the child may exit before reading all of stdin
  pump(in_pipe[1], options.stdin_data, out_pipe[0], result.out, err_pipe[0], result.err);
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  return result;
}

RunResult run_gofer(const std::vector<std::string>& args, const RunOptions& options) {
  std::vector<std::string> argv{gofer_binary().string()};
  argv.insert(argv.end(), args.begin(), args.end());
  return run_program(argv, options);
}

std::string mask_seconds(std::string text) {
  size_t close = text.rfind(" s)\n");
  size_t open = close == std::string::npos ? close : text.rfind('(', close);
  if (open != std::string::npos) text.replace(open + 1, close - open - 1, "T");
  return text;
}

}  // namespace gofer::testing
