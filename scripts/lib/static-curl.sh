#!/usr/bin/env bash
# static-curl.sh PREFIX
#
# Build a minimal static libcurl from Debian's own curl source package (same
# version as the installed libcurl4-openssl-dev) and install it into PREFIX:
#   PREFIX/lib/libcurl.a, PREFIX/include/curl/*.h
#
# Why: Debian's own libcurl.a references Kerberos/LDAP/PSL/IDN static libraries
# that Debian does not ship, so a fully static gofer cannot link against it.
#
# The result is cached: if PREFIX/lib/libcurl.a exists and PREFIX/lib/static-curl.stamp
# records the same curl version and configure-flags hash, the script exits at once.
#
# The machine's apt configuration is never changed: sources come from a private
# deb-src list under build/static-deps/src/, with private lists/cache dirs.
#
# Env:
#   GOFER_STATIC_ARCH      target architecture: x86_64 (default) or aarch64.
#   GOFER_AARCH64_SYSROOT  for aarch64: the arm64 sysroot made by arm64-sysroot.sh
#                          (default build/static-deps/aarch64-sysroot); the compiler is
#                          Debian's aarch64-linux-gnu-gcc.
set -euo pipefail

# shellcheck source=static-source.sh
source "$(dirname -- "${BASH_SOURCE[0]}")/static-source.sh"
static_script_init static-curl "$@"

# ------------------------------------------------------------ version + flags
deb_version=$(dpkg-query -W -f='${Version}' libcurl4-openssl-dev 2>/dev/null) ||
  die "libcurl4-openssl-dev is not installed; it defines which curl version to build (apt-get install libcurl4-openssl-dev)"
[[ -n $deb_version ]] || die "could not read the version of libcurl4-openssl-dev"
noepoch_version=${deb_version#*:}          # 7.88.1-10+deb12u15
upstream_version=${noepoch_version%-*}     # 7.88.1

work=$repo_root/build/static-deps/src/curl-$arch
srcdir=$work/curl-$upstream_version

configure_flags=(
  --prefix="$prefix"
  "${host_flags[@]}"
  --disable-shared --enable-static
  --with-openssl --with-nghttp2 --with-zlib --with-zstd --with-brotli --enable-ares
  --without-libpsl --without-libidn2 --without-gssapi --without-libssh2 --without-libssh
  --without-librtmp --without-nghttp3 --without-ngtcp2 --without-hyper
  --disable-ldap --disable-ldaps --disable-rtsp --disable-dict --disable-telnet
  --disable-tftp --disable-pop3 --disable-imap --disable-smtp --disable-gopher
  --disable-mqtt --disable-smb --disable-ftp --disable-file --disable-manual
  --disable-docs --disable-ntlm-wb
  # netrc stays enabled: `gofer fetch --netrc` needs it (costs one getpwuid_r
  # static-link warning).
  # No compiled-in CA bundle/path: gofer probes CA locations at run time.
  --without-ca-bundle --without-ca-path
)
cflags="-O2 -fPIC -ffile-prefix-map=$srcdir=."

static_cached libcurl.a "curl=$deb_version"

# ---------------------------------------------------------------- build tools
missing=()
for pkg in dpkg-dev build-essential libssl-dev libnghttp2-dev zlib1g-dev \
           libzstd-dev libbrotli-dev libc-ares-dev; do
  status=$(dpkg-query -W -f='${db:Status-Status}' "$pkg" 2>/dev/null || true)
  [[ $status == installed ]] || missing+=("$pkg")
done
for cmd in apt-get patch tar xz make "$cc" sha256sum flock "${run_target[@]}"; do
  command -v "$cmd" >/dev/null || missing+=("command:$cmd")
done
((${#missing[@]} == 0)) ||
  die "missing build requirements: ${missing[*]} (apt-get install ${missing[*]//command:/})"

mkdir -p -- "$work"
# Serialize concurrent runs that share the work dir.
exec 9>"$work/.lock"
flock 9

log "building curl $deb_version ($arch) into $prefix"
log "work dir $work"

# ------------------------------------------ download, extract, apply Debian patches
deb_source_unpack curl "$deb_version" "$work"
[[ $DEB_SRCDIR == "$srcdir" ]] || die "curl source unpacked to $DEB_SRCDIR, expected $srcdir"

# ------------------------------------------------------------ configure + make
cd "$srcdir"
static_configure_and_make -C lib

log "installing into $prefix"
rm -f -- "$stamp"
rm -rf -- "$prefix/include/curl" "$prefix/lib/libcurl.a" "$prefix/lib/libcurl.la"
{ make -C lib install && make -C include install; } >"$work/install.log" 2>&1 ||
  { tail -n 30 "$work/install.log" >&2; die "make install failed (log: $work/install.log)"; }
[[ -f $prefix/lib/libcurl.a && -f $prefix/include/curl/curl.h ]] ||
  die "install did not produce $prefix/lib/libcurl.a and $prefix/include/curl/curl.h"

# ------------------------------------------------------------------ verify
log "verifying with a static test program"
testdir=$work/test
mkdir -p "$testdir"
cat >"$testdir/features.c" <<'EOF'
#include <curl/curl.h>
#include <stdio.h>
#include <string.h>

int main(void) {
  curl_version_info_data *d = curl_version_info(CURLVERSION_NOW);
  printf("version %s\nssl %s\n", d->version, d->ssl_version ? d->ssl_version : "none");
  printf("ares %s\n", d->ares ? d->ares : "none");
  printf("features");
  for (const char *const *f = d->feature_names; f && *f; ++f) printf(" %s", *f);
  printf("\nprotocols");
  for (const char *const *p = d->protocols; *p; ++p) printf(" %s", *p);
  printf("\n");
  return 0;
}
EOF
"$cc" -std=c11 -O2 -static -DCURL_STATICLIB -I"$prefix/include" \
  -o "$testdir/features" "$testdir/features.c" \
  ${libdir:+-isystem "$sysroot/usr/include" -L"$libdir"} \
  "$prefix/lib/libcurl.a" -lcares -lnghttp2 -lssl -lcrypto -lzstd -lbrotlidec \
  -lbrotlicommon -lz -lpthread 2>"$testdir/link.log" ||
  { cat "$testdir/link.log" >&2; die "static link of the test program failed"; }
if grep -q 'warning:' "$testdir/link.log"; then
  log "static link warnings (expected with glibc, see $testdir/link.log):"
  grep 'warning:' "$testdir/link.log" | sed 's/^.*warning: /  /' | sort -u >&2
fi
out=$("${run_target[@]}" "$testdir/features") || die "test program failed to run"
printf '%s\n' "$out" | sed 's/^/static-curl:   /' >&2
features=" $(printf '%s\n' "$out" | sed -n 's/^features //p') "
for f in HTTP2 SSL HTTPS-proxy zstd brotli libz AsynchDNS; do
  [[ $features == *" $f "* ]] || die "feature $f missing from static libcurl"
done
printf '%s\n' "$out" | grep -qx 'ares none' && die "AsynchDNS is not provided by c-ares"
printf '%s\n' "$out" | grep -q '^protocols.* https' || die "https protocol missing"

static_stamp
log "done: $prefix/lib/libcurl.a"
