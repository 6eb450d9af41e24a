# Sourced helper shared by the static library builds (static-curl.sh, static-libxml2.sh):
# the target architecture's toolchain, and a Debian source package unpacked with its patches.
#
#   static_target_init
#     Reads GOFER_STATIC_ARCH (x86_64 default, or aarch64) and sets:
#       arch, cc, host_flags (configure --host), cross_env (env for configure),
#       run_target (how to run a target program here: empty or qemu-aarch64-static),
#       sysroot and libdir (aarch64 only: the arm64 sysroot of arm64-sysroot.sh;
#       GOFER_AARCH64_SYSROOT overrides build/static-deps/aarch64-sysroot).
#   deb_source_unpack PACKAGE DEB_VERSION WORK
#     Downloads the source package PACKAGE=DEB_VERSION through a private deb-src list (cached
#     in WORK/apt/src), unpacks the orig tarball into WORK, applies debian/patches/series in
#     order and sets DEB_SRCDIR to the unpacked tree. The shipped configure is kept newer than
#     the inputs the patches touch, so make never reruns autotools.
#   static_cached LIBRARY VERSION_LINE
#     Exits the script at once when $prefix/lib/LIBRARY exists and the stamp beside it records
#     VERSION_LINE and the hash of $arch, $cflags and configure_flags; otherwise sets $stamp
#     and $stamp_content for static_stamp, to be called when the library is built and checked.
#   static_configure_and_make MAKE_ARGS...
#     In the current directory: ./configure with configure_flags for the target, then
#     make -jN MAKE_ARGS; logs in $work, their tail shown on failure.
#   deb_dev_version DEV_PACKAGE LIBRARY
#     Sets deb_version to the installed version of DEV_PACKAGE, which defines the version of
#     LIBRARY the script builds; dies when it is not installed (scripts/setup.sh installs it).
#     Also sets work, the library's build directory: build/static-deps/src/LIBRARY-ARCH
#     (LIBRARY in lower case).
#   static_script_init NAME "$@"
#     The common start of a static-*.sh script: log() and die() prefixed with NAME, the one
#     PREFIX argument made absolute in $prefix, then static_target_init.

repo_root=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")/../.." && pwd)
# shellcheck source=private-apt.sh
source "$(dirname -- "${BASH_SOURCE[0]}")/private-apt.sh"

static_name=static-build
log() { printf '%s: %s\n' "$static_name" "$*" >&2; }
die() { printf '%s: error: %s\n' "$static_name" "$*" >&2; exit 1; }

static_cached() {
  local library=$1 version_line=$2 flags_hash
  stamp=$prefix/lib/$static_name.stamp
  flags_hash=$(printf '%s\n' "$arch" "$cflags" "${configure_flags[@]}" | sha256sum | cut -d' ' -f1)
  stamp_content="$version_line
flags=$flags_hash"
  if [[ -f $prefix/lib/$library && -f $stamp && "$(cat -- "$stamp")" == "$stamp_content" ]]; then
    log "cached at $prefix"
    exit 0
  fi
}

static_configure_and_make() {
  log "configure"
  env "${cross_env[@]}" CFLAGS="$cflags" ./configure "${configure_flags[@]}" >"$work/configure.log" 2>&1 ||
    { tail -n 30 "$work/configure.log" >&2; die "configure failed (log: $work/configure.log)"; }
  log "make $*"
  make -j"$(nproc)" "$@" >"$work/make.log" 2>&1 ||
    { tail -n 30 "$work/make.log" >&2; die "make failed (log: $work/make.log)"; }
}

deb_dev_version() {
  deb_version=$(dpkg-query -W -f='${Version}' "$1" 2>/dev/null) ||
    die "$1 is not installed; it defines which $2 version to build (scripts/setup.sh)"
  [[ -n $deb_version ]] || die "could not read the version of $1"
  work=$repo_root/build/static-deps/src/${2,,}-$arch
}

static_stamp() { printf '%s\n' "$stamp_content" >"$stamp"; }

static_script_init() {
  static_name=$1
  shift
  [[ $# -eq 1 && -n $1 ]] || die "usage: $static_name.sh PREFIX   (e.g. build/static-deps/x86_64)"
  prefix=$1
  [[ $prefix == /* ]] || prefix=$PWD/$prefix  # relative to the current directory
  prefix=${prefix%/}
  static_target_init
}

static_target_init() {
  arch=${GOFER_STATIC_ARCH:-x86_64}
  cc=gcc
  run_target=()
  cross_env=()
  host_flags=()
  sysroot='' libdir=''
  case $arch in
    x86_64)
      [[ $(uname -m) == x86_64 ]] || die "building for x86_64 requires an x86_64 host (host is $(uname -m))"
      ;;
    aarch64)
      sysroot=${GOFER_AARCH64_SYSROOT:-$repo_root/build/static-deps/aarch64-sysroot}
      [[ -f $sysroot/usr/lib/aarch64-linux-gnu/libssl.a ]] ||
        die "no arm64 sysroot at $sysroot (run scripts/lib/arm64-sysroot.sh $sysroot)"
      cc=aarch64-linux-gnu-gcc
      host_flags=(--host=aarch64-linux-gnu)
      libdir=$sysroot/usr/lib/aarch64-linux-gnu
      cross_env=(CC="$cc" AR=aarch64-linux-gnu-ar RANLIB=aarch64-linux-gnu-ranlib
        CPPFLAGS="-isystem $sysroot/usr/include -isystem $sysroot/usr/include/aarch64-linux-gnu"
        LDFLAGS="-L$libdir"
        PKG_CONFIG_LIBDIR="$libdir/pkgconfig:$sysroot/usr/share/pkgconfig"
        PKG_CONFIG_SYSROOT_DIR="$sysroot" PKG_CONFIG_PATH=)
      [[ $(uname -m) == aarch64 ]] || run_target=(qemu-aarch64-static)
      ;;
    *) die "unknown GOFER_STATIC_ARCH '$arch' (supported: x86_64, aarch64)" ;;
  esac
}

# The upstream tarball (.orig.tar.gz/.xz/...), not its detached signature (.asc).
orig_tarball() {
  local candidate
  for candidate in "$1/${2}_$3".orig.tar.*; do
    if [[ -f $candidate && $candidate != *.asc ]]; then
      printf '%s\n' "$candidate"
      return 0
    fi
  done
  return 0
}

deb_source_unpack() {
  local package=$1 deb_version=$2 work=$3
  local noepoch=${deb_version#*:}
  local upstream=${noepoch%-*}
  local aptdir=$work/apt
  local dsc=$aptdir/src/${package}_$noepoch.dsc
  local orig debian_tar=$aptdir/src/${package}_$noepoch.debian.tar.xz
  orig=$(orig_tarball "$aptdir/src" "$package" "$upstream")
  if [[ -f $dsc && -n $orig && -f $debian_tar ]]; then
    log "source package $package=$deb_version already downloaded"
  else
    log "fetching source package $package=$deb_version via a private deb-src list"
    mkdir -p "$aptdir/src"
    private_apt_init "$aptdir" deb-src
    (cd "$aptdir/src" && private_apt -q source --download-only "$package=$deb_version") \
      >"$aptdir/source.log" 2>&1 ||
      { cat "$aptdir/source.log" >&2
        die "could not download $package source $deb_version (is it still in the archive? log: $aptdir/source.log)"; }
    orig=$(orig_tarball "$aptdir/src" "$package" "$upstream")
    [[ -n $orig && -f $debian_tar ]] ||
      die "expected the orig and debian tarballs after download; got: $(ls "$aptdir/src")"
  fi

  local top
  top=$(tar -tf "$orig" | head -n1 || true)  # head closes the pipe early: SIGPIPE in tar
  DEB_SRCDIR=$work/${top%%/*}
  log "extracting $(basename "$orig") and applying Debian patches"
  rm -rf -- "$DEB_SRCDIR"
  tar -xf "$orig" -C "$work"
  [[ -d $DEB_SRCDIR ]] || die "orig tarball did not unpack to $DEB_SRCDIR"
  tar -xJf "$debian_tar" -C "$DEB_SRCDIR"
  local series=$DEB_SRCDIR/debian/patches/series p npatches=0
  if [[ -f $series ]]; then
    while read -r p _; do
      [[ -z $p || $p == \#* ]] && continue
      patch -d "$DEB_SRCDIR" -p1 -s --no-backup-if-mismatch -i "debian/patches/$p" ||
        die "Debian patch $p failed to apply"
      npatches=$((npatches + 1))
    done <"$series"
  fi
  log "applied $npatches patches"
  find "$DEB_SRCDIR" \( -name configure -o -name Makefile.in -o -name aclocal.m4 \
    -o -name '*config.h.in' \) -exec touch {} +
}
