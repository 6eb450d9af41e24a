// `gofer completions bash|zsh|fish`: completion scripts generated from the CLI11 command tree,
// so they never drift from the real options.
#include <algorithm>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "command.hpp"
#include "completions_cmd.hpp"
#include "help_format.hpp"

#include "gofer/json_lines.hpp"
#include "gofer/rename/rules.hpp"
#include "gofer/std_streams.hpp"

namespace gofer::cli {
namespace {

struct CompletionNode {
  std::string path;  // "" for the root, "csv normalize" for a nested command
  std::vector<std::string> subcommands;
  std::vector<std::string> options;  // "--long" and "-s" spellings
  // What each spelling's value completes to: "words:a b c", "files" or "dirs".
  std::vector<std::pair<std::string, std::string>> values;
};

std::string value_kind(const CLI::Option& option) {
  ValueCompletion completion = value_completion(option);
  switch (completion.kind) {
    case ValueCompletion::Kind::kWords:
      return fmt::format("words:{}", fmt::join(completion.words, " "));
    case ValueCompletion::Kind::kFiles: return "files";
    case ValueCompletion::Kind::kDirectories: return "dirs";
    case ValueCompletion::Kind::kNone: break;
  }
  return {};
}

void add_option(CompletionNode& node, const std::string& spelling, const std::string& kind) {
  if (std::find(node.options.begin(), node.options.end(), spelling) != node.options.end()) return;
  node.options.push_back(spelling);
  if (!kind.empty()) node.values.emplace_back(spelling, kind);
}

// Each node lists its own options plus the global ones (accepted after any command).
void collect_nodes(const CLI::App& app, const std::string& path,
                   std::vector<CompletionNode>& nodes) {
  CompletionNode node{path, {}, {}, {}};
  for (const CLI::Option* option : app.get_options()) {
    if (option->get_group().empty()) continue;  // hidden: accepted, never offered
    std::string kind = value_kind(*option);
    // A rename template is free text; its placeholders are what is worth offering.
    if (path == "rename" && option->get_name() == "--template") {
      kind = fmt::format("words:{}", fmt::join(rename::template_placeholders(), " "));
    }
    for (const std::string& name : option->get_lnames()) add_option(node, "--" + name, kind);
    for (const std::string& name : option->get_snames()) add_option(node, "-" + name, kind);
  }
  if (!nodes.empty()) {
    const CompletionNode& root = nodes.front();
    for (const std::string& global : root.options) {
      auto value = std::find_if(root.values.begin(), root.values.end(),
                                [&](const auto& entry) { return entry.first == global; });
      add_option(node, global, value == root.values.end() ? "" : value->second);
    }
  }
  auto children = app.get_subcommands([](const CLI::App*) { return true; });
  for (const CLI::App* child : children) node.subcommands.push_back(child->get_name());
  nodes.push_back(node);
  for (const CLI::App* child : children) {
    collect_nodes(*child, path.empty() ? child->get_name() : path + " " + child->get_name(), nodes);
  }
}

// Shell functions `_gofer_subcommands PATH` and `_gofer_options PATH` (bash and zsh syntax).
std::string lookup_functions(const std::vector<CompletionNode>& nodes) {
  std::string subcommands = "_gofer_subcommands() {\n  case \"$1\" in\n";
  std::string options = "_gofer_options() {\n  case \"$1\" in\n";
  for (const CompletionNode& node : nodes) {
    subcommands +=
        fmt::format("    \"{}\") echo \"{}\" ;;\n", node.path, fmt::join(node.subcommands, " "));
    options += fmt::format("    \"{}\") echo \"{}\" ;;\n", node.path, fmt::join(node.options, " "));
  }
  std::string values = "_gofer_values() {\n  case \"$1|$2\" in\n";
  for (const CompletionNode& node : nodes) {
    for (const auto& [option, kind] : node.values) {
      values += fmt::format("    \"{}|{}\") echo \"{}\" ;;\n", node.path, option, kind);
    }
  }
  return subcommands + "  esac\n}\n" + options + "  esac\n}\n" + values + "  esac\n}\n";
}

constexpr std::string_view kBashDriver = R"SH(_gofer() {
  local cur=${COMP_WORDS[COMP_CWORD]} cmdpath="" i s
  for ((i = 1; i < COMP_CWORD; i++)); do
    for s in $(_gofer_subcommands "$cmdpath"); do
      if [[ ${COMP_WORDS[i]} == "$s" ]]; then cmdpath="${cmdpath:+$cmdpath }$s"; break; fi
    done
  done
  local values
  values=$(_gofer_values "$cmdpath" "${COMP_WORDS[COMP_CWORD-1]}")
  case $values in
    words:*) COMPREPLY=($(compgen -W "${values#words:}" -- "$cur")); return ;;
    files) COMPREPLY=($(compgen -f -- "$cur")); return ;;
    dirs) COMPREPLY=($(compgen -d -- "$cur")); return ;;
  esac
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
  local values=$(_gofer_values "$cmdpath" "${words[CURRENT-1]}")
  case $values in
    words:*) compadd -- ${(s: :)${values#words:}}; return ;;
    files) _files; return ;;
    dirs) _files -/; return ;;
  esac
  if [[ ${words[CURRENT]} == -* ]]; then
    compadd -- ${(s: :)$(_gofer_options "$cmdpath")}
    return
  fi
  local subs=$(_gofer_subcommands "$cmdpath")
  if [[ -n $subs ]]; then compadd -- ${(s: :)subs}; else _files; fi
}
compdef _gofer gofer
)SH";

// fish's own switches for an option's value: -x -a WORDS, -r -F (files), or directories.
std::string fish_value(const CompletionNode& node, const std::string& option) {
  auto value = std::find_if(node.values.begin(), node.values.end(),
                            [&](const auto& entry) { return entry.first == option; });
  if (value == node.values.end()) return {};
  if (value->second.starts_with("words:")) {
    return fmt::format(" -x -a '{}'", value->second.substr(6));
  }
  if (value->second == "dirs") return " -x -a '(__fish_complete_directories)'";
  return " -r -F";
}

std::string fish_script(const std::vector<CompletionNode>& nodes) {
  std::string out = "complete -c gofer -f\n";
  for (const CompletionNode& node : nodes) {
    std::string condition = node.path.empty()
                                ? "__fish_use_subcommand"
                                : fmt::format("__fish_seen_subcommand_from {}",
                                              node.path.substr(node.path.rfind(' ') + 1));
    for (const std::string& sub : node.subcommands) {
      std::string guard = node.subcommands.empty()
                              ? ""
                              : fmt::format("; and not __fish_seen_subcommand_from {}",
                                            fmt::join(node.subcommands, " "));
      out += fmt::format("complete -c gofer -n '{}{}' -a {}\n", condition,
                         node.path.empty() ? "" : guard, sub);
    }
    for (const std::string& option : node.options) {
      bool is_long = option.starts_with("--");
      out += fmt::format("complete -c gofer -n '{}' -{} {}{}\n",
                         node.path.empty() ? "true" : condition, is_long ? "l" : "s",
                         option.substr(is_long ? 2 : 1), fish_value(node, option));
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
