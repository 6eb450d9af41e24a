#!/usr/bin/env bash
# The README's first command: install dependencies, build, then run gofer's main jobs on
# bundled sample data in a temporary directory and show what happened.
set -euo pipefail

root=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
# Only the build profile (compiler, CMake, libraries, python3 for the demo's web server):
# test frameworks, sanitizers and release tools are scripts/test.sh's business.
bash scripts/setup.sh build
# Without the tests, configuring needs none of the test profile's packages.
cmake --preset release -DGOFER_BUILD_TESTS=OFF >/dev/null
cmake --build --preset release -j "$(nproc)" --target gofer >/dev/null
gofer="$root/build/release/src/cli/gofer"

work=$(mktemp -d "${TMPDIR:-/tmp}/gofer-demo.XXXXXX")
trap 'rm -rf "$work"' EXIT
export XDG_STATE_HOME="$work/state"
show() { printf '\n$ %s\n' "$*"; "$@"; }
cd "$work"

show "$gofer" --version
show "$gofer" --help
for demo in "$root"/scripts/demo.d/*.sh; do
  [[ -e $demo ]] || continue
  # shellcheck source=/dev/null
  source "$demo"
done
printf '\ndemo finished (worked in %s, now removed)\n' "$work"
