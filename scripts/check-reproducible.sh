#!/usr/bin/env bash
# Proves the static build is reproducible: builds gofer a second time from scratch in another
# build directory (build/static-repro, ccache off, the cached libcurl reused) and compares the
# SHA-256 of the stripped binary with the first build's. Both builds use the same
# SOURCE_DATE_EPOCH (the last commit's time unless set).
# Usage: scripts/check-reproducible.sh [x86_64|aarch64]   (default x86_64)
set -euo pipefail
arch=${1:-x86_64}
root=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
say() { printf 'check-reproducible: %s\n' "$*" >&2; }
SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-$(git log -1 --format=%ct)}
export SOURCE_DATE_EPOCH

first=$(scripts/build-static.sh "$arch" | tail -n 1)
second_build=build/static-repro-$arch
rm -rf -- "$second_build" build/repro-dist
second=$(CCACHE_DISABLE=1 GOFER_STATIC_BUILD_DIR=$second_build GOFER_DIST_DIR=build/repro-dist \
  scripts/build-static.sh "$arch" | tail -n 1)
sum1=$(sha256sum <"$first" | cut -d' ' -f1)
sum2=$(sha256sum <"$second" | cut -d' ' -f1)
say "first  $sum1  $first"
say "second $sum2  $second"
if [[ $sum1 != "$sum2" ]]; then
  say "NOT reproducible: the two builds differ (cmp: $(cmp "$first" "$second" | head -n 1))"
  exit 1
fi
rm -rf -- "$second_build" build/repro-dist
say "reproducible: identical SHA-256"
