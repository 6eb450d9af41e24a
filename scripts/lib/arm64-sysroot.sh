#!/usr/bin/env bash
# arm64-sysroot.sh SYSROOT
#
# Unpacks Debian's arm64 builds of gofer's library -dev packages (same versions as the
# installed amd64 ones) into SYSROOT with `dpkg -x`, for cross-compiling the static aarch64
# binary: SYSROOT/usr/include, SYSROOT/usr/lib/aarch64-linux-gnu/{*.a,pkgconfig,cmake}.
# The C library and libstdc++ come from the cross toolchain (g++-aarch64-linux-gnu installs
# /usr/aarch64-linux-gnu). The machine's apt/dpkg state is never changed: packages come
# from a private arm64-only apt list (scripts/lib/private-apt.sh).
#
# Cached: SYSROOT/.stamp lists the unpacked .debs; delete SYSROOT to refresh it from the
# archive (e.g. after a security update of one of these libraries).
set -euo pipefail

log() { printf 'arm64-sysroot: %s\n' "$*" >&2; }
die() { printf 'arm64-sysroot: error: %s\n' "$*" >&2; exit 1; }

[[ $# -eq 1 && -n $1 ]] || die "usage: $0 SYSROOT"
script_dir=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=private-apt.sh
source "$script_dir/private-apt.sh"
sysroot=$1
[[ $sysroot == /* ]] || sysroot=$PWD/$sysroot

# -dev packages gofer links or includes, plus the runtime packages their CMake configs
# check for (fmt's and spdlog's exported targets name their .so files).
dev_packages=(libssl-dev libnghttp2-dev zlib1g-dev libzstd-dev libbrotli-dev libc-ares-dev
  libre2-dev libutf8proc-dev libuchardet-dev libfmt-dev libspdlog-dev libcli11-dev
  nlohmann-json3-dev libexif-dev)
runtime_packages=(libfmt9 libspdlog1.10)

# Same version as the installed amd64 package when the archive still has it (a security
# update may have replaced it); otherwise the arm64 candidate, with a warning.
pick() {  # pick PACKAGE[:arm64] VERSION -> "PACKAGE=VERSION"
  if private_apt_cache madison "${1%:*}" | awk -F'|' '{gsub(/ /,"",$2); print $2}' | grep -qxF "$2"; then
    printf '%s=%s\n' "$1" "$2"
  else
    log "warning: ${1%:*} $2 is not in the archive for arm64; using its candidate"
    printf '%s\n' "$1"
  fi
}
installed_version() {
  dpkg-query -W -f='${Version}' "$1" 2>/dev/null ||
    die "$1 is not installed; its version picks the arm64 package (run scripts/setup.sh)"
}

work=$sysroot.apt
mkdir -p "$work/debs"
exec 9>"$work/.lock"
flock 9
if [[ -f $sysroot/.stamp ]]; then
  log "cached at $sysroot"
  exit 0
fi
log "private arm64 apt lists"
private_apt_init "$work/apt" deb arm64

pins=()
for pkg in "${dev_packages[@]}" "${runtime_packages[@]}"; do
  case $pkg in
    libfmt9) version=$(installed_version libfmt-dev) ;;
    libspdlog1.10) version=$(installed_version libspdlog-dev) ;;
    *) version=$(installed_version "$pkg") ;;
  esac
  case $pkg in
    libcli11-dev | nlohmann-json3-dev) pins+=("$(pick "$pkg" "$version")") ;;  # Architecture: all
    *) pins+=("$(pick "$pkg:arm64" "$version")") ;;
  esac
done

log "downloading ${#pins[@]} arm64 packages"
(cd "$work/debs" && rm -f ./*.deb && private_apt -q download "${pins[@]}") \
  >"$work/download.log" 2>&1 ||
  { cat "$work/download.log" >&2; die "apt-get download failed (log: $work/download.log)"; }

rm -rf -- "$sysroot"
mkdir -p "$sysroot"
for deb in "$work"/debs/*.deb; do
  dpkg-deb -x "$deb" "$sysroot"
done
[[ -f $sysroot/usr/lib/aarch64-linux-gnu/libssl.a ]] || die "libssl.a missing from the sysroot"
(cd "$work/debs" && ls ./*.deb) >"$sysroot/.stamp"
log "done: $sysroot (${#pins[@]} packages)"
