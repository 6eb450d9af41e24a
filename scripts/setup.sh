#!/usr/bin/env bash
# Installs the build, test and release dependencies of gofer from Debian 12 packages.
# Idempotent: packages already at a suitable version are left alone. Works as root or via sudo.
set -euo pipefail

# Profiles, each including the ones before it:
#   build    compiler, CMake and the libraries gofer links (scripts/demo.sh)
#   test     + test frameworks, sanitizers, the fuzzing compiler and the test tools
#   release  + cross compiler, qemu, packaging and the release proofs (scripts/test.sh)
# Usage: scripts/setup.sh [build|test|release] [--print]   (default: release, i.e. everything)
#   --print lists the profile's name=version pins, one per line, and installs nothing.
#
# name=version pins (Debian 12 "bookworm"), one per line. A point/security release may replace a
# pinned version in the archive; then the candidate of the same package is installed with a
# warning, because an unreachable exact pin would make a fresh machine unbuildable.
BUILD_PACKAGES=(
  build-essential=12.9
  cmake=3.25.1-1
  ninja-build=1.11.1-2~deb12u1
  pkg-config=1.8.1-1
  libcli11-dev=2.1.2+ds-1
  libfmt-dev=9.1.0+ds1-2
  libspdlog-dev=1:1.10.0+ds-0.4
  libre2-dev=20220601+dfsg-1+b1
  libcurl4-openssl-dev=7.88.1-10+deb12u15
  libssl-dev=3.0.22-1~deb12u2
  libutf8proc-dev=2.8.0-1
  libuchardet-dev=0.0.7-1
  nlohmann-json3-dev=3.11.2-2
  libtomlplusplus-dev=3.3.0+ds-1  # job files of `gofer run` (used header-only)
  libxml2-dev=2.9.14+dfsg-1.3~deb12u6  # scrape: HTML parsing and XPath
  zlib1g-dev=1:1.2.13.dfsg-1           # scrape: gzip-compressed sitemaps (.xml.gz)
  libexif-dev=0.6.24-1+deb12u1         # rename: {exif.*} placeholders (ships libexif.a)
  libtag1-dev=1.13-2+deb12u1           # rename: {tag.*} audio tags (dev/test link the shared lib; static: scripts/lib/static-taglib.sh)
  ca-certificates=20230311+deb12u1
  python3=3.11.2-1+b1  # the demo's local web server; the tests' CSV cross-checks
)
TEST_PACKAGES=(
  libgtest-dev=1.12.1-0.2
  libgmock-dev=1.12.1-0.2
  libbenchmark-dev=1.7.1-1
  libcpp-httplib-dev=0.11.4+ds-1+deb12u1  # the fetch tests' HTTP(S) server
  libzstd-dev=1.5.4+dfsg2-5               # ... and the encodings it serves
  python3-parsel=1.7.0+dfsg-1             # scrape: the selector oracle test and the bench peers
  python3-bs4=4.11.2-2
  python3-lxml=4.9.2-1+deb12u1
  python3-mutagen=1.46.0-1                # rename: the audio tag tests write tagged files
  python3-jsonschema=4.10.3-1             # the --json output checked against docs/gofer-json.schema.json
  pup=0.4.0+git20190919.681d7bb-2+b13
  libbrotli-dev=1.0.9-2+b6
  openssl=3.0.22-1~deb12u2                # test certificates
  nghttp2-server=1.52.0-1+deb12u3         # nghttpd: the HTTP/2 server of the fetch tests
  strace=6.1-0.1                          # injected faults (-e inject)
  stress-ng=0.15.06-2                     # load beside the test suite
  hyperfine=1.15.0-2
  libimage-exiftool-perl=12.57+dfsg-1     # rename: test photos written in the EXIF tests; the bench peer
  clang-16=1:16.0.6-15~deb12u1            # libFuzzer: the fuzz preset, scripts/fuzz.sh
  libclang-rt-16-dev=1:16.0.6-15~deb12u1
)
RELEASE_PACKAGES=(
  # the static binaries: libcurl's static dependencies, the aarch64 cross build, qemu
  libc-ares-dev=1.18.1-3
  libnghttp2-dev=1.52.0-1+deb12u3
  libutfcpp-dev=3.2.3-1  # static TagLib: Debian's taglib source uses the system utf8-cpp headers
  file=1:5.44-3
  g++-aarch64-linux-gnu=4:12.2.0-3
  qemu-user-static=1:7.2+dfsg-7+deb12u18+b3
  # packages, man page, proofs
  dpkg-dev=1.21.23
  rpm=4.18.0+dfsg-1+deb12u1
  help2man=1.49.3
  debootstrap=1.0.128+nmu2+deb12u2
  xz-utils=5.4.1-1+deb12u2
  minisign=0.11-1  # release signatures (scripts/lib/sign.sh) and their proof
  # the fetch benchmark's server and peers (scripts/bench.sh fetch)
  nginx-light=1.22.1-9+deb12u12
  aria2=1.36.0-1
  wget2=1.99.1-2.2
  time=1.9-0.2
  # release proofs of dist/packaging/: the container image, the AUR package, the formulas
  buildah=1.28.2+ds1-3+deb12u1+b3
  makepkg=6.0.2-3
  pacman-package-manager=6.0.2-3
  libarchive-tools=3.6.2-1+deb12u5
  fakeroot=1.31-1.2
  ruby=1:3.1
  nix-bin=2.8.0-1.1+b1
)

profile=release print=false
for arg in "$@"; do
  case $arg in
    build | test | release) profile=$arg ;;
    --print) print=true ;;
    *) printf 'usage: %s [build|test|release] [--print]\n' "$0" >&2; exit 2 ;;
  esac
done
PINNED_PACKAGES=("${BUILD_PACKAGES[@]}")
[[ $profile == build ]] || PINNED_PACKAGES+=("${TEST_PACKAGES[@]}")
[[ $profile != release ]] || PINNED_PACKAGES+=("${RELEASE_PACKAGES[@]}")
if $print; then
  printf '%s\n' "${PINNED_PACKAGES[@]}"
  exit 0
fi

say() { printf 'setup: %s\n' "$*" >&2; }

if ! command -v apt-get >/dev/null 2>&1 || ! command -v dpkg-query >/dev/null 2>&1; then
  say "this script needs a Debian-based system (apt-get, dpkg-query); install these yourself:"
  printf '  %s\n' "${PINNED_PACKAGES[@]%%=*}" >&2
  exit 1
fi

SUDO=()
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null 2>&1 || { say "not root and no sudo: run as root"; exit 1; }
  SUDO=(sudo)
fi

is_installed() {
  dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'
}

missing=()
for pin in "${PINNED_PACKAGES[@]}"; do
  is_installed "${pin%%=*}" || missing+=("$pin")
done
if [ ${#missing[@]} -eq 0 ]; then
  say "$profile: all ${#PINNED_PACKAGES[@]} packages already installed"
  exit 0
fi

say "$profile: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
"${SUDO[@]}" apt-get update -qq
to_install=()
for pin in "${missing[@]}"; do
  name=${pin%%=*} version=${pin#*=}
  if apt-cache madison "$name" 2>/dev/null | awk -F'|' '{gsub(/ /,"",$2); print $2}' | grep -qxF "$version"; then
    to_install+=("$pin")
  else
    say "warning: $name $version is no longer in the archive; installing its current candidate"
    to_install+=("$name")
  fi
done
"${SUDO[@]}" apt-get install -y -qq --no-install-recommends "${to_install[@]}"
say "done"
