#!/usr/bin/env bash
# The README's first command: install dependencies, build, then run gofer's main jobs on
# bundled sample data in a temporary directory and show what happened.
set -euo pipefail

root=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
# Only the build profile (compiler, CMake, libraries, python3 for the demo's web server):
# test frameworks, sanitizers and release tools are scripts/test.sh's business.
bash scripts/setup.sh build
# Without the tests, configuring needs none of the test profile's packages. A unity build
# compiles the heavy headers (fmt, spdlog, CLI11, nlohmann-json, toml++) a few times instead of
# once per source: 1 min instead of 2:45 on 2 cores. The static release build is a unity build
# too, so CI keeps every source unity-clean.
cmake --preset release -DGOFER_BUILD_TESTS=OFF -DCMAKE_UNITY_BUILD=ON >/dev/null
cmake --build --preset release -j "$(nproc)" --target gofer >/dev/null
gofer="$root/build/release/src/cli/gofer"

work=$(mktemp -d "${TMPDIR:-/tmp}/gofer-demo.XXXXXX")
trap 'rm -rf "$work"' EXIT
export XDG_STATE_HOME="$work/state"
show() { printf '\n$ %s\n' "$*"; "$@"; }
# serve_directory DIR: a local web server for DIR on a free port; sets served_port and
# served_pid. python3's http.server answers If-Modified-Since with 304 (all --refresh needs).
serve_directory() {
  served_port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  python3 -m http.server --bind 127.0.0.1 --directory "$1" "$served_port" >/dev/null 2>&1 &
  served_pid=$!
  for _ in $(seq 50); do
    (exec 3<>"/dev/tcp/127.0.0.1/$served_port") 2>/dev/null && break
    sleep 0.1
  done
}
cd "$work"

show "$gofer" --version
show "$gofer" --help
for demo in "$root"/scripts/demo.d/*.sh; do
  [[ -e $demo ]] || continue
  # shellcheck source=/dev/null
  source "$demo"
done
printf '\ndemo finished (worked in %s, now removed)\n' "$work"
