#!/usr/bin/env bash
# Builds every release artifact into dist/ (wiped first):
#   gofer-VER-ARCH-linux                 static stripped binaries (x86_64, aarch64)
#   gofer-VER-ARCH-linux.tar.gz          binary, gofer.1, completions, README, LICENSE,
#                                        THIRD-PARTY-NOTICES
#   gofer_DEBVER_{amd64,arm64}.deb       dpkg-deb
#   gofer-RPMVER-1.{x86_64,aarch64}.rpm  rpmbuild (Debian's rpm package)
#   gofer-VER.tar.gz                     source (git archive of HEAD)
#   gofer-VER-docker-context.tar.gz      FROM scratch Dockerfile + binaries + CA bundle
#   packaging/                           Homebrew formula, AUR PKGBUILD, Nix derivation,
#                                        Dockerfile with version and checksums filled in
#   SHA256SUMS                           over everything above
#
# Usage: scripts/release.sh [ARCH...]   (default: x86_64 aarch64)
# Env:   SOURCE_DATE_EPOCH (default: last commit time) — all timestamps; same input, same bytes.
#        GOFER_URL_BASE, GOFER_HOMEPAGE — where the release files are published.
# The proofs that these artifacts work are in scripts/check-release.sh.
set -euo pipefail

root=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
# shellcheck source=lib/package.sh
source scripts/lib/package.sh

arches=("$@")
((${#arches[@]})) || arches=(x86_64 aarch64)
SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-$(git log -1 --format=%ct)}
export SOURCE_DATE_EPOCH
homepage=${GOFER_HOMEPAGE:-https://github.com/gofer-cli/gofer}
started=$(date +%s)
dist=$root/dist
work=$root/build/release
rm -rf -- "$dist" "$work"
mkdir -p "$dist" "$work"

say "build dependencies (scripts/setup.sh)"
bash scripts/setup.sh
say "building static binaries: ${arches[*]}"
declare -A binary
for arch in "${arches[@]}"; do
  binary[$arch]=$root/$(scripts/build-static.sh "$arch" | tail -n 1)
done
version=$(basename "${binary[${arches[0]}]}")
version=${version#gofer-}
version=${version%-"${arches[0]}"-linux}
url_base=${GOFER_URL_BASE:-$homepage/releases/download/v$version}
say "version $version"

host_binary=${binary[$(uname -m)]:-}
[[ -n $host_binary ]] || host_binary=$(scripts/build-static.sh "$(uname -m)" | tail -n 1)
common=$work/common
make_docs "$host_binary" "$version" "$common"

for arch in "${arches[@]}"; do
  stage=$work/$arch/gofer-$version-$arch-linux
  stage_tarball_tree "${binary[$arch]}" "$common" "$arch" "$stage"
  deterministic_tar "$dist/gofer-$version-$arch-linux.tar.gz" "$(dirname "$stage")" "$(basename "$stage")"
  make_deb "$stage" "$version" "$arch" "$work/$arch/deb" "$dist"
  make_rpm "$stage" "$version" "$arch" "$work/$arch/rpm" "$dist"
done

say "source tarball"
git archive --format=tar --prefix="gofer-$version/" HEAD | gzip -n -9 >"$dist/gofer-$version.tar.gz"

make_docker_context "$version" "$work/docker" "$dist" "${arches[@]}"
if [[ -f $dist/gofer-$version-x86_64-linux.tar.gz && -f $dist/gofer-$version-aarch64-linux.tar.gz ]]; then
  fill_packaging "$version" "$url_base" "$homepage" "$dist"
else
  say "packaging/ skipped: Homebrew, AUR and Nix need both x86_64 and aarch64 tarballs"
fi

say "SHA256SUMS"
(cd "$dist" && find . -type f ! -name SHA256SUMS -printf '%P\n' | LC_ALL=C sort |
  xargs sha256sum >SHA256SUMS)
(cd "$dist" && sha256sum --quiet -c SHA256SUMS)

elapsed=$(($(date +%s) - started))
say "done in ${elapsed}s:"
(cd "$dist" && find . -maxdepth 1 -type f -printf '%s\t%P\n' | LC_ALL=C sort -k2 |
  awk -F'\t' '{printf "  %10d  %s\n", $1, $2}') >&2
