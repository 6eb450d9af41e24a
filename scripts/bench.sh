#!/usr/bin/env bash
# Benchmarks with hyperfine; markdown tables go to bench-results/ and are printed.
# Usage: scripts/bench.sh [startup|rename|rename_exif|csv|fetch|scrape|all]   (default: all)
# Ratios matter, not absolute times: peers run in the same session on the same machine.
set -euo pipefail

root=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
what=${1:-all}
results="$root/bench-results"
mkdir -p "$results"
say() { printf 'bench: %s\n' "$*" >&2; }

ensure_static_binary() {
  # GOFER_BENCH_BIN: measure another build (e.g. build/release/src/cli/gofer) instead.
  if [[ -n ${GOFER_BENCH_BIN:-} ]]; then
    static_bin=$(realpath "$GOFER_BENCH_BIN")
    return
  fi
  static_bin=$(ls -t dist/gofer-*-x86_64-linux 2>/dev/null | head -n 1 || true)
  if [[ -z $static_bin ]]; then
    static_bin=$(bash scripts/build-static.sh | tail -n 1)
  fi
  static_bin="$root/$static_bin"
}

# Appends a "median" table (hyperfine's markdown shows means) from its JSON export.
medians() {
  python3 - "$1" <<'PY'
import json, sys
runs = json.load(open(sys.argv[1]))["results"]
base = runs[0]["median"]
print("\n| command | median [ms] | ratio to first | minus first [ms] |\n|---|---:|---:|---:|")
for r in runs:
    print(f"| `{r['command']}` | {r['median'] * 1000:.2f} | {r['median'] / base:.2f} |"
          f" {(r['median'] - base) * 1000:+.2f} |")
PY
}

# Starts nginx on a free port of 127.0.0.1 serving ROOT (its conf, pid and logs in WORK) and
# sets $port. ACCESS_LOG: "off" (default) or a file (the crawl benchmark counts requests).
start_nginx() {
  local work=$1 root=$2 access_log=${3:-off}
  port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  mkdir -p "$work/tmp"
  cat >"$work/nginx.conf" <<NGINX
worker_processes 2;
pid $work/nginx.pid;
error_log $work/nginx-error.log;
events { worker_connections 1024; }
http {
  access_log $access_log;
  sendfile on;
  keepalive_requests 1000000;
  client_body_temp_path $work/tmp;
  types { text/html html; }
  server { listen 127.0.0.1:$port; root $root; }
}
NGINX
  nginx -p "$work" -c "$work/nginx.conf"
}

bench_startup() {
  ensure_static_binary
  # The dynamic builds too: Debian's libcurl pulls in dozens of shared libraries whose
  # constructors run before main; users get the static binary, so that is the one to watch.
  local -a builds=("static:$static_bin")
  for preset in release dev; do
    local bin="$root/build/$preset/src/cli/gofer"
    if [[ ! -x $bin && $preset == release ]]; then
      say "startup: building the release preset"
      cmake --preset release >/dev/null && cmake --build --preset release --target gofer >/dev/null
    fi
    [[ -x $bin ]] && builds+=("$preset:$bin")
  done
  local empty
  empty=$(mktemp -d)
  local -a commands=(-n "/bin/true" "/bin/true")
  for build in "${builds[@]}"; do
    local name=${build%%:*} bin=${build#*:}
    commands+=(-n "$name --version" "$bin --version"
               -n "$name rename (empty dir)" "$bin rename --case lower $empty")
  done
  say "startup: gofer --version and rename on an empty directory vs /bin/true (load: $(cut -d' ' -f1-3 /proc/loadavg))"
  XDG_STATE_HOME="$empty/state" hyperfine -N --warmup 50 --runs 500 \
    --export-markdown "$results/startup.md" --export-json "$results/startup.json" \
    "${commands[@]}" >/dev/null
  medians "$results/startup.json" >>"$results/startup.md"
  rm -rf "$empty"
  {
    echo
    echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
    echo
    echo "| artifact | bytes |"
    echo "|---|---|"
    echo "| $(basename "$static_bin") (stripped, static) | $(stat -c %s "$static_bin") |"
  } >>"$results/startup.md"
  cat "$results/startup.md"
}

case $what in
  startup) bench_startup ;;
  all)
    bench_startup
    for extra in "$root"/tests/bench/*.bench.sh; do
      [[ -e $extra ]] || continue
      # shellcheck source=/dev/null
      source "$extra"
    done
    ;;
  *)
    if [[ -f "$root/tests/bench/$what.bench.sh" ]]; then
      # shellcheck source=/dev/null
      source "$root/tests/bench/$what.bench.sh"
    else
      say "unknown benchmark '$what'"; exit 2
    fi
    ;;
esac
