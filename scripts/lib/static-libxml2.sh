#!/usr/bin/env bash
# static-libxml2.sh PREFIX
#
# Build a static libxml2 (HTML parser + XPath, for `gofer scrape`) from Debian's own libxml2
# source package (same version as the installed libxml2-dev) and install it into PREFIX:
#   PREFIX/lib/libxml2.a, PREFIX/include/libxml2/libxml/*.h
#
# Why: Debian's libxml2.a needs ICU (its static data alone is ~30 MB) and liblzma. gofer hands
# libxml2 UTF-8 only (it decodes pages itself, src/scrape/charset.cpp), so the build needs no
# ICU and no iconv either: glibc's iconv in a static binary would dlopen gconv modules at run
# time. No zlib, HTTP, FTP or module loading: gofer gives libxml2 bytes in memory, never a
# path or URL. Features kept: tree, HTML, XPath, pattern, threads.
#
# Cached like static-curl.sh: PREFIX/lib/static-libxml2.stamp records the version and a hash
# of the configure flags.
#
# Env: GOFER_STATIC_ARCH, GOFER_AARCH64_SYSROOT as in static-curl.sh.
set -euo pipefail

# shellcheck source=static-source.sh
source "$(dirname -- "${BASH_SOURCE[0]}")/static-source.sh"
static_script_init static-libxml2 "$@"

deb_dev_version libxml2-dev libxml2

configure_flags=(
  --prefix="$prefix" "${host_flags[@]}"
  --disable-shared --enable-static
  --with-html --with-xpath --with-tree --with-pattern --with-threads
  --without-icu --without-iconv --without-lzma --without-zlib --without-python
  --without-http --without-ftp --without-modules --without-catalog --without-docbook
  --without-legacy --without-debug --without-schemas --without-schematron --without-xinclude
  --without-xptr --without-reader --without-writer --without-readline --without-history
)
cflags="-O2 -fPIC -ffile-prefix-map=$work=."
static_cached libxml2.a "libxml2=$deb_version pthread-strong"

for cmd in apt-get patch tar xz make "$cc" sha256sum flock "${run_target[@]}"; do
  command -v "$cmd" >/dev/null || die "missing build requirement: $cmd"
done
mkdir -p -- "$work"
exec 9>"$work/.lock"
flock 9
log "building libxml2 $deb_version ($arch) into $prefix"
deb_source_unpack libxml2 "$deb_version" "$work"

cd "$DEB_SRCDIR"
# libxml2 2.9.14 probes pthread through weak symbols on glibc (threads.c, XML_PTHREAD_WEAK) and
# runs single-threaded when they are null. glibc >= 2.34 has pthread inside libc, and in a
# static link a weak reference pulls nothing out of libc.a: pthread_key_create and others stay
# null, libxml2 keeps one global state for every thread, and `gofer scrape` parsing pages on
# two threads corrupted the heap ("malloc(): unaligned tcache chunk detected"). Referenced
# strongly, they link. (libxml2 2.12 removed the probe.)
sed -i 's/^    defined(__GLIBC__) && defined(__linux__)$/& \&\& 0 \/* gofer: strong pthread *\//' threads.c
grep -q 'gofer: strong pthread' threads.c || die "threads.c: the weak pthread probe was not found"
static_configure_and_make libxml2.la
rm -f -- "$stamp"
rm -rf -- "$prefix/include/libxml2" "$prefix/lib/libxml2.a" "$prefix/lib/libxml2.la"
{ make install-libLTLIBRARIES && make -C include install; } >"$work/install.log" 2>&1 ||
  { tail -n 30 "$work/install.log" >&2; die "make install failed (log: $work/install.log)"; }
[[ -f $prefix/lib/libxml2.a && -f $prefix/include/libxml2/libxml/HTMLparser.h ]] ||
  die "install did not produce $prefix/lib/libxml2.a and the headers"

log "verifying with a static test program"
testdir=$work/test
mkdir -p "$testdir"
cat >"$testdir/html.c" <<'C'
#include <libxml/HTMLparser.h>
#include <libxml/threads.h>
#include <libxml/xpath.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>

/* Single-threaded, libxml2 calls every thread its main thread. */
static void *is_main(void *out) { *(int *)out = xmlIsMainThread(); return NULL; }

int main(void) {
  xmlInitParser();
  int other_is_main = 1;
  pthread_t thread;
  pthread_create(&thread, NULL, is_main, &other_is_main);
  pthread_join(thread, NULL);
  const char html[] = "<p class=x>caf\xc3\xa9 &amp; <b>tea</p></div><p>2";
  htmlDocPtr doc = htmlReadMemory(html, (int)strlen(html), NULL, "UTF-8",
      HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_NONET);
  xmlXPathContextPtr ctx = xmlXPathNewContext(doc);
  xmlXPathObjectPtr r = xmlXPathEvalExpression((const xmlChar *)"string(//p[@class='x'])", ctx);
  printf("%s|%s|%d\n", (const char *)r->stringval, other_is_main ? "one-thread" : "threads",
         LIBXML_VERSION);
  xmlXPathFreeObject(r);
  xmlXPathFreeContext(ctx);
  xmlFreeDoc(doc);
  return 0;
}
C
"$cc" -std=c11 -O2 -static -I"$prefix/include/libxml2" -o "$testdir/html" "$testdir/html.c" \
  ${libdir:+-isystem "$sysroot/usr/include" -L"$libdir"} "$prefix/lib/libxml2.a" -lm -lpthread \
  2>"$testdir/link.log" || { cat "$testdir/link.log" >&2; die "static link of the test program failed"; }
! grep -q 'warning:' "$testdir/link.log" || { cat "$testdir/link.log" >&2; die "unexpected link warnings"; }
out=$("${run_target[@]}" "$testdir/html") || die "test program failed to run"
[[ $out == "café & tea|threads|"* ]] ||
  die "test program printed '$out', expected 'café & tea|threads|…'"
log "test program: $out"
static_stamp
log "done: $prefix/lib/libxml2.a"
