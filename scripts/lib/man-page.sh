#!/usr/bin/env bash
# man-page.sh BINARY VERSION OUT: gofer.1 from one source, the binary's own --help texts.
# help2man formats `gofer --help` (NAME, SYNOPSIS, global OPTIONS, EXAMPLES); a COMMANDS
# section holds every command's --help (found through the completion tree, so a new command
# or option appears without editing anything); packaging/man/gofer.h2m adds EXIT STATUS,
# ENVIRONMENT and FILES. SOURCE_DATE_EPOCH fixes the date in the header.
set -euo pipefail
[[ $# -eq 3 ]] || { echo "usage: $0 BINARY VERSION OUT" >&2; exit 2; }
bin=$1 version=$2 out=$3
root=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")/../.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf -- "$tmp"' EXIT

# Command paths ("rename", "csv", "csv normalize", ...) from the bash completion's table.
mapfile -t commands < <("$bin" completions bash |
  sed -n '/^_gofer_subcommands()/,/^}/s/^ *"\([^"]\+\)").*/\1/p')
((${#commands[@]} > 0)) || { echo "man-page: no commands found in '$bin completions bash'" >&2; exit 1; }
{
  echo "[COMMANDS]"
  for command in "${commands[@]}"; do
    # shellcheck disable=SC2086  # the command path is words
    "$bin" $command --help | python3 "$root/scripts/lib/help2roff.py" "gofer $command"
  done
} >"$tmp/commands.h2m"

# help2man names the page after the program's file name.
ln -s "$(realpath "$bin")" "$tmp/gofer"
help2man --no-info --no-discard-stderr --version-string="$version" \
  --name="batch rename, CSV normalize, concurrent fetch and HTML scraping in one static binary" \
  --include="$tmp/commands.h2m" --include="$root/packaging/man/gofer.h2m" \
  --output="$out" "$tmp/gofer"
# Every command must be documented.
for command in "${commands[@]}"; do
  grep -q "^\.SS gofer ${command// / }$" "$out" || { echo "man-page: '$command' missing" >&2; exit 1; }
done
