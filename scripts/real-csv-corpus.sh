#!/usr/bin/env bash
# Fetches the real-world CSV corpus (issue 26): the CSV/TSV files shipped inside Debian 12
# packages that tests/data/real/manifest.tsv lists, copied flat into $cache/corpus/.
#
# The manifest is the pin list: its `source` column holds package=version and `path` the file's
# path inside that package, so the files and their hand-written readings cannot drift apart.
# Packages are fetched with `apt-get download PKG=VERSION` and unpacked with `dpkg-deb -x`;
# nothing is installed. Idempotent: a package already unpacked is not fetched again.
#
# Usage: scripts/real-csv-corpus.sh            (cache: $GOFER_REAL_CSV_DIR or build/real-csv)
set -euo pipefail

root=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")/.." && pwd)
manifest="$root/tests/data/real/manifest.tsv"
cache=${GOFER_REAL_CSV_DIR:-$root/build/real-csv}
mkdir -p "$cache/debs" "$cache/packages" "$cache/corpus"

die() { printf 'real-csv-corpus: %s\n' "$*" >&2; exit 1; }
command -v apt-get >/dev/null && command -v dpkg-deb >/dev/null ||
  die "needs apt-get and dpkg-deb (Debian 12)"

# apt-get download as root warns that _apt cannot write the cache dir; it downloads all the same.
download() { (cd "$cache/debs" && apt-get download -qq "$1" 2>&1 | grep -v 'unsandboxed' >&2
  exit "${PIPESTATUS[0]}"); }

lists_updated=false
# package=version -> unpacked tree, fetched and unpacked once.
unpack() {
  local source=$1 tree="$cache/packages/$1"
  [[ -e "$tree/.unpacked" ]] && return 0
  if ! download "$source"; then
    # A fresh machine may have no package lists yet; update them once and retry.
    if ! $lists_updated && [[ $(id -u) == 0 ]]; then
      apt-get update -qq && lists_updated=true
      download "$source" || die "cannot download $source: is this version gone from the mirror?"
    else
      die "cannot download $source (run apt-get update; or the version is gone from the mirror)"
    fi
  fi
  local package=${source%%=*} version=${source#*=}
  local deb
  deb=$(find "$cache/debs" -maxdepth 1 -name "${package}_${version//:/%3a}_*.deb" | head -n 1)
  [[ -n $deb ]] || die "apt-get download $source left no .deb in $cache/debs"
  rm -rf "$tree" && mkdir -p "$tree"
  dpkg-deb -x "$deb" "$tree" || die "cannot unpack $deb"
  touch "$tree/.unpacked"
}

mapfile -t sources < <(grep -v '^#' "$manifest" | tail -n +2 | cut -f2 | sort -u)
for source in "${sources[@]}"; do unpack "$source"; done

count=0
while IFS=$'\t' read -r name source path _; do
  target="$cache/corpus/$name"
  if [[ ! -e $target ]]; then
    [[ -f "$cache/packages/$source$path" ]] || die "$source has no $path"
    cp "$cache/packages/$source$path" "$target.tmp" && mv "$target.tmp" "$target"
  fi
  count=$((count + 1))
done < <(grep -v '^#' "$manifest" | tail -n +2)
printf 'real-csv-corpus: %d files from %d packages in %s\n' "$count" "${#sources[@]}" \
  "$cache/corpus"
