#!/usr/bin/env bash
# Coverage-guided fuzzing with libFuzzer (clang-16, ASan + UBSan: the `fuzz` CMake preset).
# Usage: scripts/fuzz.sh [TARGET] [SECONDS]    (default: every target, 60 s each)
#   TARGET is a file name in tests/fuzz without _fuzz.cpp (csv, rename_journal, ...).
# Each run starts from tests/fuzz/corpus/TARGET plus what earlier runs found (kept in
# build/fuzz/work/TARGET), uses tests/fuzz/dict/ where the target has a dictionary, and ends
# with `-merge=1` into tests/fuzz/corpus/TARGET: only inputs that add coverage are added.
# A crash, leak, sanitizer report or slow input (> 1 s) stops the run; the input is written to
# build/fuzz/artifacts/TARGET/ and the script exits 1. Runs under `nice` (FUZZ_NICE, default
# 10): fuzzing takes a whole core.
set -euo pipefail

root=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
say() { printf 'fuzz: %s\n' "$*" >&2; }

targets=()
if [[ -n ${1:-} ]]; then
  [[ -f tests/fuzz/$1_fuzz.cpp ]] || { say "no target '$1' (tests/fuzz/$1_fuzz.cpp)"; exit 2; }
  targets=("$1")
else
  for source in tests/fuzz/*_fuzz.cpp; do
    name=${source##*/}
    targets+=("${name%_fuzz.cpp}")
  done
fi
seconds=${2:-60}
[[ $seconds =~ ^[0-9]+$ ]] || { say "SECONDS must be a whole number, got '$seconds'"; exit 2; }
# libFuzzer's timeout is wall-clock time: on a machine busy with other work, a starved fuzzer
# reports inputs that take milliseconds as hangs. FUZZ_TIMEOUT (seconds, default 1) loosens it
# for such runs; replay every timeout-* artifact on its own before calling it a hang.
timeout=${FUZZ_TIMEOUT:-1}
[[ $timeout =~ ^[0-9]+$ ]] || { say "FUZZ_TIMEOUT must be a whole number, got '$timeout'"; exit 2; }

# The dictionary of each target that has one (libFuzzer's -dict format).
dictionary() {
  case $1 in
    csv | csv_sniff) echo tests/fuzz/dict/csv.dict ;;
    csv_types | fetch_retry) echo tests/fuzz/dict/dates.dict ;;
    rename_rules) echo tests/fuzz/dict/rename.dict ;;
    rename_journal) echo tests/fuzz/dict/journal.dict ;;
    rename_exif) echo tests/fuzz/dict/exif.dict ;;
    fetch_input | fetch_names) echo tests/fuzz/dict/fetch.dict ;;
    rename_map) echo tests/fuzz/dict/csv.dict ;;
    scrape_robots) echo tests/fuzz/dict/robots.dict ;;
    job_file) echo tests/fuzz/dict/job.dict ;;
  esac
}

command -v clang++-16 >/dev/null || { say "clang++-16 missing: run scripts/setup.sh test"; exit 1; }
binaries=()
for target in "${targets[@]}"; do binaries+=("gofer_fuzz_$target"); done
# Two fuzz.sh runs side by side (one per core) must not build the same tree at once.
mkdir -p build/fuzz
(
  flock 9
  # TagLib built with the fuzzer's coverage and sanitizers, for rename_audio (cached).
  GOFER_TAGLIB_FUZZ=1 scripts/lib/static-taglib.sh build/fuzz-deps
  cmake --preset fuzz -DGOFER_TAGLIB_PREFIX="$root/build/fuzz-deps" >/dev/null
  nice -n "${FUZZ_NICE:-10}" cmake --build --preset fuzz -j "$(nproc)" --target "${binaries[@]}"
) 9>build/fuzz/.build-lock

status=0
for target in "${targets[@]}"; do
  binary=build/fuzz/tests/fuzz/gofer_fuzz_$target
  corpus=tests/fuzz/corpus/$target
  work=build/fuzz/work/$target
  artifacts=build/fuzz/artifacts/$target/
  mkdir -p "$work" "$artifacts" "$corpus"
  options=(-max_total_time="$seconds" -timeout="$timeout" -rss_limit_mb=2048 -max_len=4096
           -artifact_prefix="$artifacts" -print_final_stats=1)
  dict=$(dictionary "$target")
  [[ -n $dict ]] && options+=(-dict="$dict")
  say "$target: ${seconds}s${dict:+ with $dict}"
  if ! nice -n "${FUZZ_NICE:-10}" "$binary" "${options[@]}" "$work" "$corpus"; then
    say "$target: FAILED, reproducer in $artifacts (replay: $binary FILE)"
    status=1
  fi
  # Minimized: the committed corpus keeps its files and gains only inputs with new edges.
  # -use_counters=0 ignores hit counts: with them, 10 minutes of csv_types added ~600 files
  # for the same edges that ~140 cover.
  nice -n "${FUZZ_NICE:-10}" "$binary" -merge=1 -use_counters=0 -timeout="$timeout" -max_len=4096 \
    "$corpus" "$work" 2>&1 | grep -E '^MERGE-OUTER: [0-9]+ new files' >&2 || true
done
exit "$status"
