#!/usr/bin/env bash
# The README's test command: install dependencies, build, run every test.
#   1. dev build (warnings as errors) + all tests through ctest
#   2. the same tests under ASan + UBSan
#   3. the fully static release binary + the CLI suite run against it (GOFER_BIN)
#   4. scripts/release.sh (both arches, tarballs, .deb, .rpm, packaging/) and its proofs
#      (scripts/check-release.sh: checksums, empty chroot, .deb/.rpm install for both arches,
#      container image, AUR package, Homebrew/Nix formulas, aarch64 CLI suite under qemu), then
#      a reproducibility check (scripts/check-reproducible.sh)
# `--quick` stops after step 1, for local iteration.
set -euo pipefail

root=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
quick=false
[[ ${1:-} == --quick ]] && quick=true
jobs=$(nproc)
step() { printf '\n==> %s  [%s]\n' "$*" "$(date -u +%T)"; }

step "setup"
# Every profile: the release steps below need the cross compiler and the proof tools
# (--quick stops before them).
if $quick; then bash scripts/setup.sh test; else bash scripts/setup.sh release; fi

step "dev build and tests"
cmake --preset dev -DGOFER_WERROR=ON >/dev/null
cmake --build --preset dev -j "$jobs"
ctest --preset dev -j "$jobs"
$quick && exit 0

step "ASan + UBSan build and tests"
cmake --preset asan -DGOFER_WERROR=ON >/dev/null
cmake --build --preset asan -j "$jobs"
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
  ctest --preset asan -j "$jobs"

step "static binary and CLI suite against it"
binary=$(bash scripts/build-static.sh | tail -n 1)
GOFER_BIN="$root/$binary" ctest --test-dir build/dev -L cli -j "$jobs" --output-on-failure

step "release artifacts: scripts/release.sh (x86_64 + cross-compiled aarch64)"
bash scripts/release.sh

step "release proofs: SHA256SUMS, empty chroot, .deb/.rpm (both arches), image, AUR, formulas, aarch64 CLI suite under qemu"
bash scripts/check-release.sh

step "reproducible build: x86_64 rebuilt in a second build dir, same SHA-256"
bash scripts/check-reproducible.sh
