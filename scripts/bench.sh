#!/usr/bin/env bash
# Benchmarks with hyperfine; markdown tables go to bench-results/ and are printed.
# Usage: scripts/bench.sh [startup|rename|csv|fetch|scrape|all]   (default: all)
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
print("\n| command | median [ms] | ratio to first |\n|---|---:|---:|")
for r in runs:
    print(f"| `{r['command']}` | {r['median'] * 1000:.2f} | {r['median'] / base:.2f} |")
PY
}

bench_startup() {
  ensure_static_binary
  say "startup: gofer --version (static) vs /bin/true"
  hyperfine -N --warmup 50 --runs 500 --export-markdown "$results/startup.md" \
    --export-json "$results/startup.json" "/bin/true" "$static_bin --version" >/dev/null
  medians "$results/startup.json" >>"$results/startup.md"
  {
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
