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
#   gofer-VER.spdx.json                  SPDX 2.3 SBOM: every library linked into the binaries,
#                                        from their own --version --json (scripts/lib/sbom.py);
#                                        also in the tarballs and in the .deb/.rpm's doc dir
#   SHA256SUMS                           over everything above
#   FILE.minisig, SHA256SUMS.minisig     minisign signatures of each of them (scripts/lib/sign.sh)
#   minisign.pub                         the key that verifies them
#
# Usage: scripts/release.sh [--sign SECRET_KEY] [ARCH...]   (default: x86_64 aarch64)
#   --sign: the project's minisign secret key (its public half is packaging/minisign.pub); kept
#   outside the repository. Without it a throwaway key signs, so the proofs still run.
# Env:   SOURCE_DATE_EPOCH (default: last commit time) — all timestamps; same input, same bytes.
#        GOFER_URL_BASE, GOFER_HOMEPAGE — where the release files are published.
# The proofs that these artifacts work are in scripts/check-release.sh.
set -euo pipefail

root=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")/.." && pwd)
invoked_from=$PWD
cd "$root"
# shellcheck source=lib/package.sh
source scripts/lib/package.sh

sign_key=
if [[ ${1:-} == --sign ]]; then
  [[ -n ${2:-} ]] || die "--sign needs the minisign secret key file"
  sign_key=$(cd "$invoked_from" && realpath -e -- "$2") || die "$2: no such file"
  case $sign_key in "$root"/*) die "$2: keep the secret key outside the repository" ;; esac
  shift 2
fi
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

say "SBOM gofer-$version.spdx.json"
sbom_inputs=()
for arch in "${arches[@]}"; do
  build_dir=build/static
  [[ $arch == x86_64 ]] || build_dir=build/static-$arch
  [[ $arch != x86_64 || -z ${GOFER_STATIC_BUILD_DIR:-} ]] || build_dir=$GOFER_STATIC_BUILD_DIR
  sbom_inputs+=(--build-dir "$arch=$build_dir" "$arch=${binary[$arch]}")
done
sbom=$dist/gofer-$version.spdx.json
/usr/bin/python3 scripts/lib/sbom.py generate --version "$version" --url-base "$url_base" \
  --out "$sbom" "${sbom_inputs[@]}"

for arch in "${arches[@]}"; do
  stage=$work/$arch/gofer-$version-$arch-linux
  stage_tarball_tree "${binary[$arch]}" "$common" "$arch" "$stage" "$sbom"
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
say "minisign signatures"
scripts/lib/sign.sh "$dist" ${sign_key:+"$sign_key"}

elapsed=$(($(date +%s) - started))
say "done in ${elapsed}s:"
(cd "$dist" && find . -maxdepth 1 -type f -printf '%s\t%P\n' | LC_ALL=C sort -k2 |
  awk -F'\t' '{printf "  %10d  %s\n", $1, $2}') >&2
