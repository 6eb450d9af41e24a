#!/usr/bin/env bash
# static-taglib.sh PREFIX
#
# Build a static TagLib (audio tags for `gofer rename`'s {tag.*} placeholders) from Debian's own
# taglib source package (same version as the installed libtag1-dev) and install it into PREFIX:
#   PREFIX/lib/libtag.a, PREFIX/include/taglib/*.h
#
# Why: Debian 12's libtag1-dev ships only the shared libtag.so. Dev and test builds link that;
# the static release build compiles the same source with CMake. Kept: the core and the formats
# gofer reads (MPEG/ID3, FLAC, Ogg Vorbis/Opus, MP4; TagLib 1.13 has no switch to drop the
# others, and the linker keeps only the format classes gofer's code references). zlib is on: ID3v2.4
# compressed frames need it, and zlib is linked for libcurl already, so it costs no bytes. No C
# bindings, tests or examples.
#
# Cached like static-curl.sh: PREFIX/lib/static-taglib.stamp records the version and a hash
# of the CMake flags.
#
# Env: GOFER_STATIC_ARCH, GOFER_AARCH64_SYSROOT as in static-curl.sh.
#      GOFER_TAGLIB_FUZZ=1: build for the fuzz preset instead (scripts/fuzz.sh): clang-16 with
#      libFuzzer coverage, ASan and UBSan, so the fuzzer sees and checks TagLib's own code,
#      not only gofer's side of it (Debian's libtag.so carries no coverage counters).
set -euo pipefail

# shellcheck source=static-source.sh
source "$(dirname -- "${BASH_SOURCE[0]}")/static-source.sh"
static_script_init static-taglib "$@"

deb_dev_version libtag1-dev TagLib

configure_flags=(
  -G Ninja -DCMAKE_BUILD_TYPE=MinSizeRel -DCMAKE_INSTALL_PREFIX="$prefix"
  -DCMAKE_INSTALL_LIBDIR=lib -DBUILD_SHARED_LIBS=OFF -DBUILD_BINDINGS=OFF
  -DBUILD_TESTING=OFF -DBUILD_EXAMPLES=OFF -DWITH_ZLIB=ON
  -DCMAKE_POSITION_INDEPENDENT_CODE=ON
)
if [[ $arch == aarch64 ]]; then
  configure_flags+=(-DCMAKE_TOOLCHAIN_FILE="$repo_root/cmake/aarch64-linux-gnu.cmake")
fi
# Sections per function, so gofer's --gc-sections link keeps only the TagLib code it calls;
# MinSizeRel (-Os): tag reading waits on the disk, not the CPU (size budget: 12 MB).
cflags="-ffunction-sections -fdata-sections -ffile-prefix-map=$work=."
fuzz=${GOFER_TAGLIB_FUZZ:-0}
if [[ $fuzz == 1 ]]; then
  [[ $arch == x86_64 ]] || die "GOFER_TAGLIB_FUZZ builds for the host (x86_64) only"
  work=$repo_root/build/fuzz-deps/src/taglib
  cc=clang-16
  cflags="-O1 -g -fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=all"
  # -fno-sanitize=enum: TagLib 1.13 casts the raw ID3v2 text-encoding byte to String::Type
  # before checking it (nine frame parsers, e.g. textidentificationframe.cpp:197); the enum is
  # an int there and an unknown value reads as "no text", so this known upstream pattern would
  # stop every run at once. Every other UBSan check stays on.
  cflags+=" -fno-sanitize=enum -fno-omit-frame-pointer -ffile-prefix-map=$work=."
  configure_flags+=(-DCMAKE_C_COMPILER=clang-16 -DCMAKE_CXX_COMPILER=clang++-16)
fi
# Debian's patch 0001 makes tstring.cpp include <utf8/checked.h> from libutfcpp-dev (header-only,
# the same for every architecture) instead of the bundled copy.
utf8cpp_include=/usr/include/utf8cpp
[[ -f $utf8cpp_include/utf8/checked.h ]] ||
  die "no $utf8cpp_include/utf8/checked.h: install libutfcpp-dev (scripts/setup.sh release)"
static_cached libtag.a "taglib=$deb_version"

for cmd in apt-get patch tar xz cmake ninja "$cc" sha256sum flock "${run_target[@]}"; do
  command -v "$cmd" >/dev/null || die "missing build requirement: $cmd"
done
mkdir -p -- "$work"
exec 9>"$work/.lock"
flock 9
log "building TagLib $deb_version ($arch) into $prefix"
deb_source_unpack taglib "$deb_version" "$work"

builddir=$work/build
rm -rf -- "$builddir"
log "cmake"
GOFER_AARCH64_SYSROOT=$sysroot CFLAGS="$cflags" CXXFLAGS="$cflags -isystem $utf8cpp_include" \
  cmake -S "$DEB_SRCDIR" -B "$builddir" "${configure_flags[@]}" >"$work/configure.log" 2>&1 ||
  { tail -n 30 "$work/configure.log" >&2; die "cmake failed (log: $work/configure.log)"; }
grep -q '^#define *HAVE_ZLIB 1' "$builddir/config.h" ||
  die "TagLib's cmake found no zlib (log: $work/configure.log)"
log "build"
rm -f -- "$stamp"
rm -rf -- "$prefix/include/taglib" "$prefix/lib/libtag.a"
{ cmake --build "$builddir" -j"$(nproc)" && cmake --install "$builddir"; } >"$work/make.log" 2>&1 ||
  { tail -n 30 "$work/make.log" >&2; die "build failed (log: $work/make.log)"; }
[[ -f $prefix/lib/libtag.a && -f $prefix/include/taglib/mpegfile.h ]] ||
  die "install did not produce $prefix/lib/libtag.a and the headers"

if [[ $fuzz == 1 ]]; then
  static_stamp  # instrumented for libFuzzer: linked only by the fuzz targets
  log "done (fuzz): $prefix/lib/libtag.a"
  exit 0
fi
log "verifying with a static test program"
testdir=$work/test
mkdir -p "$testdir"
cat >"$testdir/tags.cpp" <<'CPP'
#include <taglib/id3v2tag.h>
#include <taglib/tbytevectorstream.h>
#include <taglib/mpegfile.h>
#include <taglib/taglib.h>
#include <cstdio>

// An ID3v2.4 tag (TIT2 "Song") over one silent MPEG frame, read from memory.
int main() {
  TagLib::ID3v2::Tag tag;
  tag.setTitle("Song");
  TagLib::ByteVector bytes = tag.render();
  TagLib::ByteVector frame("\xff\xfb\x90\x64", 4);
  frame.resize(417, '\0');
  bytes.append(frame);
  TagLib::ByteVectorStream stream(bytes);
  TagLib::MPEG::File file(&stream, TagLib::ID3v2::FrameFactory::instance(), false);
  std::printf("%s|%d.%d\n", file.tag()->title().toCString(true), TAGLIB_MAJOR_VERSION,
              TAGLIB_MINOR_VERSION);
  return 0;
}
CPP
"${cc/gcc/g++}" -std=c++17 -O2 -static -DTAGLIB_STATIC -I"$prefix/include" -o "$testdir/tags" \
  "$testdir/tags.cpp" ${libdir:+-isystem "$sysroot/usr/include" -L"$libdir"} "$prefix/lib/libtag.a" -lz \
  2>"$testdir/link.log" || { cat "$testdir/link.log" >&2; die "static link of the test program failed"; }
! grep -q 'warning:' "$testdir/link.log" || { cat "$testdir/link.log" >&2; die "unexpected link warnings"; }
out=$("${run_target[@]}" "$testdir/tags") || die "test program failed to run"
[[ $out == "Song|1."* ]] || die "test program printed '$out', expected 'Song|1.…'"
log "test program: $out"
static_stamp
log "done: $prefix/lib/libtag.a"
