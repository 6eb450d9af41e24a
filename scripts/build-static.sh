#!/usr/bin/env bash
# Builds the fully static, stripped release binary: dist/gofer-<version>-<arch>-linux.
#
# Usage: scripts/build-static.sh [x86_64|aarch64]
#
# aarch64 is cross-compiled with Debian's g++-aarch64-linux-gnu against Debian's arm64 -dev
# packages unpacked into a sysroot (scripts/lib/arm64-sysroot.sh, cmake/aarch64-linux-gnu.cmake).
# libcurl comes from scripts/lib/static-curl.sh (Debian's curl source, HTTP/HTTPS only) and
# libxml2 from scripts/lib/static-libxml2.sh (Debian's libxml2 source without ICU, iconv or
# lzma) and TagLib from scripts/lib/static-taglib.sh (Debian's taglib source, CMake, no bindings),
# all cached under build/static-deps/<arch>/; everything else links from Debian's static archives; fmt and
# spdlog are header-only (Debian ships no .a for them).
#
# Reproducible: SOURCE_DATE_EPOCH (default: the last commit's time) fixes the build date and the
# file's mtime, -ffile-prefix-map removes source and build paths, archives are deterministic
# (cmake/reproducible.cmake). scripts/check-reproducible.sh proves it.
#
# Env: GOFER_STATIC_BUILD_DIR (default build/static or build/static-aarch64) and
#      GOFER_DIST_DIR (default dist) put the build and the result elsewhere.
#
# Linker warnings that remain, all "Using 'X' in statically linked applications requires at
# runtime the shared libraries from the glibc version used for linking", and why each is safe:
#   dlopen           libcrypto's DSO loader; gofer loads no OpenSSL engines or providers.
#   getaddrinfo,     libcrypto's BIO socket helpers; libcurl never calls them (its DNS goes
#   gethostbyname    through c-ares, which reads /etc/resolv.conf and /etc/hosts itself).
#   getpwuid_r       curl's .netrc lookup when $HOME is unset (--netrc); falls back cleanly.
#   getservbyname,   c-ares service-name lookups; gofer always passes numeric ports.
#   getservbyport_r
# The script fails if any other warning appears, so a new dependency on NSS cannot slip in.
set -euo pipefail

arch=${1:-x86_64}
root=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
say() { printf 'build-static: %s\n' "$*" >&2; }

case $arch in
  x86_64)
    [[ $(uname -m) == x86_64 ]] || { say "cross-building x86_64 on $(uname -m) is not supported"; exit 2; }
    preset=static strip=strip file_arch='x86-64'
    ;;
  aarch64)
    preset=static-aarch64 strip=aarch64-linux-gnu-strip file_arch='ARM aarch64'
    command -v aarch64-linux-gnu-g++ >/dev/null ||
      { say "aarch64-linux-gnu-g++ is missing (scripts/setup.sh installs g++-aarch64-linux-gnu)"; exit 1; }
    scripts/lib/arm64-sysroot.sh "$root/build/static-deps/aarch64-sysroot"
    ;;
  *) say "unknown architecture '$arch' (supported: x86_64, aarch64)"; exit 2 ;;
esac
build_dir=${GOFER_STATIC_BUILD_DIR:-build/$preset}
dist_dir=${GOFER_DIST_DIR:-dist}
SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-$(git log -1 --format=%ct 2>/dev/null || date +%s)}
export SOURCE_DATE_EPOCH

prefix="$root/build/static-deps/$arch"
GOFER_STATIC_ARCH=$arch scripts/lib/static-curl.sh "$prefix"
GOFER_STATIC_ARCH=$arch scripts/lib/static-libxml2.sh "$prefix"
GOFER_STATIC_ARCH=$arch scripts/lib/static-taglib.sh "$prefix"

say "configuring $arch in $build_dir"
cmake --preset "$preset" -B "$build_dir" -DGOFER_CURL_PREFIX="$prefix" -DGOFER_WERROR=ON >/dev/null
say "building"
mkdir -p "$build_dir"
log=$build_dir/link.log
if ! cmake --build "$build_dir" --target gofer >"$log" 2>&1; then
  grep -E 'error|FAILED' "$log" | head -20 >&2
  say "build failed; see $log"
  exit 1
fi

known='dlopen|getaddrinfo|gethostbyname|getpwuid_r|getservbyname|getservbyport_r'
unexpected=$(grep -E "warning: Using '" "$log" | grep -Ev "Using '($known)'" || true)
if [[ -n $unexpected ]]; then
  say "unexpected linker warnings (explain them in this script or remove their cause):"
  printf '%s\n' "$unexpected" >&2
  exit 1
fi

binary=$build_dir/src/cli/gofer
# The version is read from the generated header: a cross-built binary may not run here.
version=$(sed -n 's/.*kVersion = "\(.*\)";/\1/p' "$build_dir/generated/gofer/build_info.hpp")
[[ -n $version ]] || { say "no version in $build_dir/generated/gofer/build_info.hpp"; exit 1; }
mkdir -p "$dist_dir"
out="$dist_dir/gofer-$version-$arch-linux"
"$strip" --strip-all -o "$out" "$binary"
touch -d "@$SOURCE_DATE_EPOCH" "$out"

description=$(file -b "$out")
[[ $description == *'statically linked'* ]] || { say "$out is not statically linked: $description"; exit 1; }
[[ $description == *"$file_arch"* ]] || { say "$out is not an $arch binary: $description"; exit 1; }
if [[ $arch == "$(uname -m)" ]] && ldd "$out" >/dev/null 2>&1; then
  say "ldd reports dynamic dependencies for $out"; exit 1
fi
size=$(stat -c %s "$out")
max_size=$((12 * 1024 * 1024))  # the release size budget (issue 17: <= 12 MB stripped with libxml2)
(( size <= max_size )) || { say "$out is $size bytes, over the 12 MB budget"; exit 1; }
say "built $out ($size bytes, static, stripped, sha256 $(sha256sum "$out" | cut -c1-16)…)"
echo "$out"
