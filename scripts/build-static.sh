#!/usr/bin/env bash
# Builds the fully static, stripped release binary: dist/gofer-<version>-<arch>-linux.
#
# Usage: scripts/build-static.sh [x86_64]
#
# libcurl comes from scripts/lib/static-curl.sh (Debian's curl source, HTTP/HTTPS only, cached
# under build/static-deps/); everything else links from Debian's static archives; fmt and
# spdlog are header-only (Debian ships no .a for them).
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
  x86_64) ;;
  *) say "architecture '$arch' is not supported yet (only x86_64)"; exit 2 ;;
esac
[[ $(uname -m) == "$arch" ]] || { say "cross-building $arch on $(uname -m) is not supported yet"; exit 2; }

prefix="$root/build/static-deps/$arch"
GOFER_STATIC_ARCH=$arch scripts/lib/static-curl.sh "$prefix"

say "configuring"
cmake --preset static -DGOFER_CURL_PREFIX="$prefix" -DGOFER_WERROR=ON >/dev/null
say "building"
log=build/static/link.log
if ! cmake --build --preset static --target gofer >"$log" 2>&1; then
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

binary=build/static/src/cli/gofer
version=$("$binary" --version | sed -n '1s/^gofer //p')
mkdir -p dist
out="dist/gofer-$version-$arch-linux"
strip --strip-all -o "$out" "$binary"
# Reproducible output: same bytes for the same sources and SOURCE_DATE_EPOCH.
touch -d "@${SOURCE_DATE_EPOCH:-$(git log -1 --format=%ct 2>/dev/null || date +%s)}" "$out"

file "$out" | grep -q 'statically linked' || { say "$out is not statically linked"; exit 1; }
if ldd "$out" >/dev/null 2>&1; then say "ldd reports dynamic dependencies for $out"; exit 1; fi
size=$(stat -c %s "$out")
max_size=$((10 * 1024 * 1024))  # the release size budget (issue: <= 10 MB stripped)
(( size <= max_size )) || { say "$out is $size bytes, over the 10 MB budget"; exit 1; }
say "built $out ($size bytes, static, stripped)"
echo "$out"
