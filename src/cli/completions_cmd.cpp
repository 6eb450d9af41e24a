// `gofer completions bash|zsh|fish`: completion scripts generated from the CLI11 command tree,
// so they never drift from the real options.
#include <algorithm>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "command.hpp"
#include "completions_cmd.hpp"

#include "gofer/json_lines.hpp"
#include "gofer/std_streams.hpp"

namespace gofer::cli {
namespace {

struct CompletionNode {
  std::string path;  // "" for the root, "csv normalize" for a nested command
  std::vector<std::string> subcommands;
  std::vector<std::string> options;  // "--long" and "-s" spellings
};

void add_unique(std::vector<std::string>& names, std::string name) {
  if (std::find(names.begin(), names.end(), name) == names.end()) names.push_back(std::move(name));
}

// Each node lists its own options plus the global ones (accepted after any command).
void collect_nodes(const CLI::App& app, const std::string& path,
                   std::vector<CompletionNode>& nodes) {
  CompletionNode node{path, {}, {}};
  for (const CLI::Option* option : app.get_options()) {
    for (const std::string& name : option->get_lnames()) add_unique(node.options, "--" + name);
    for (const std::string& name : option->get_snames()) add_unique(node.options, "-" + name);
  }
  if (!nodes.empty()) {
    for (const std::string& global : nodes.front().options) add_unique(node.options, global);
  }
  auto children = app.get_subcommands([](const CLI::App*) { return true; });
  for (const CLI::App* child : children) node.subcommands.push_back(child->get_name());
  nodes.push_back(node);
  for (const CLI::App* child : children) {
    collect_nodes(*child, path.empty() ? child->get_name() : path + " " + child->get_name(),
                  nodes);
  }
}

// Shell functions `_gofer_subcommands PATH` and `_gofer_options PATH` (bash and zsh syntax).
std::string lookup_functions(const std::vector<CompletionNode>& nodes) {
  std::string subcommands = "_gofer_subcommands() {\n  case \"$1\" in\n";
  std::string options = "_gofer_options() {\n  case \"$1\" in\n";
  for (const CompletionNode& node : nodes) {
    subcommands += fmt::format("    \"{}\") echo \"{}\" ;;\n", node.path,
                               fmt::join(node.subcommands, " "));
    options += fmt::format("    \"{}\") echo \"{}\" ;;\n", node.path, fmt::join(node.options, " "));
  }
  return subcommands + "  esac\n}\n" + options + "  esac\n}\n";
}

constexpr std::string_view kBashDriver = R"SH(_gofer() {
  local cur=${COMP_WORDS[COMP_CWORD]} cmdpath="" i s
  for ((i = 1; i < COMP_CWORD; i++)); do
    for s in $(_gofer_subcommands "$cmdpath"); do
      if [[ ${COMP_WORDS[i]} == "$s" ]]; then cmdpath="${cmdpath:+$cmdpath }$s"; break; fi
    done
  done
  if [[ $cur == -* ]]; then
    COMPREPLY=($(compgen -W "$(_gofer_options "$cmdpath")" -- "$cur"))
    return
  fi
  local subs
  subs=$(_gofer_subcommands "$cmdpath")
  if [[ -n $subs ]]; then
    COMPREPLY=($(compgen -W "$subs" -- "$cur"))
  else
    COMPREPLY=($(compgen -f -- "$cur"))
  fi
}
complete -o bashdefault -o default -F _gofer gofer
)SH";

constexpr std::string_view kZshDriver = R"SH(_gofer() {
  local cmdpath="" i s
  for ((i = 2; i < CURRENT; i++)); do
    for s in ${(s: :)$(_gofer_subcommands "$cmdpath")}; do
      if [[ ${words[i]} == "$s" ]]; then cmdpath="${cmdpath:+$cmdpath }$s"; break; fi
    done
  done
  if [[ ${words[CURRENT]} == -* ]]; then
    compadd -- ${(s: :)$(_gofer_options "$cmdpath")}
    return
  fi
  local subs=$(_gofer_subcommands "$cmdpath")
  if [[ -n $subs ]]; then compadd -- ${(s: :)subs}; else _files; fi
}
compdef _gofer gofer
)SH";

std::string fish_script(const std::vector<CompletionNode>& nodes) {
  std::string out = "complete -c gofer -f\n";
  for (const CompletionNode& node : nodes) {
    std::string condition =
        node.path.empty() ? "__fish_use_subcommand"
                          : fmt::format("__fish_seen_subcommand_from {}",
                                        node.path.substr(node.path.rfind(' ') + 1));
    for (const std::string& sub : node.subcommands) {
      std::string guard = node.subcommands.empty() ? "" : fmt::format(
          "; and not __fish_seen_subcommand_from {}", fmt::join(node.subcommands, " "));
      out += fmt::format("complete -c gofer -n '{}{}' -a {}\n", condition,
                         node.path.empty() ? "" : guard, sub);
    }
    for (const std::string& option : node.options) {
      bool is_long = option.starts_with("--");
      out += fmt::format("complete -c gofer -n '{}' -{} {}\n",
                         node.path.empty() ? "true" : condition, is_long ? "l" : "s",
                         option.substr(is_long ? 2 : 1));
    }
    if (!node.path.empty() && node.subcommands.empty()) {
      out += fmt::format("complete -c gofer -n '{}' -F\n", condition);
    }
  }
  return out;
}

class CompletionsCommand final : public Command {
 public:
  void configure(CLI::App& app) override {
    app.add_option("shell", shell_, "bash, zsh or fish")
        ->required()
        ->check(CLI::IsMember({"bash", "zsh", "fish"}));
  }

  Result<ExitCode> execute(const Invocation& invocation) override {
    std::vector<CompletionNode> nodes;
    collect_nodes(invocation.root, "", nodes);
    std::string script;
    if (shell_ == "bash") script = fmt::format("{}{}", lookup_functions(nodes), kBashDriver);
    if (shell_ == "zsh")
      script = fmt::format("#compdef gofer\n{}{}", lookup_functions(nodes), kZshDriver);
    if (shell_ == "fish") script = fish_script(nodes);
    if (!invocation.globals.json) {
      print_out("{}", script);
      return ExitCode::kOk;
    }
    // --json: the script is one record's value, so stdout stays JSON lines.
    JsonLinesWriter(stdout).write({{"type", "completions"}, {"shell", shell_}, {"script", script}});
    return ExitCode::kOk;
  }

 private:
  std::string shell_;
};

}  // namespace

std::unique_ptr<Command> make_completions_command() {
  return std::make_unique<CompletionsCommand>();
}

}  // namespace gofer::cli
