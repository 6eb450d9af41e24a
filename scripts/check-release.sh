#!/usr/bin/env bash
# Proves the artifacts of scripts/release.sh work on a machine that has nothing else:
#   1. SHA256SUMS verify.
#   2. The x86_64 static binary, in an empty chroot holding only itself and Debian's CA bundle
#      (plus the test inputs), runs --version, a CSV normalize, a rename, and an HTTPS fetch
#      from a loopback test server whose certificate is made here and passed with --cacert.
#   3. The .deb of each architecture installs with dpkg -i into a fresh Debian chroot
#      (scripts/lib/deb-proof.sh; arm64 as a foreign architecture, run through qemu), `man
#      gofer`, completion loading and `gofer --version` work, and it uninstalls cleanly.
#   4. The .rpm of each architecture installs with rpm into an empty root, runs (aarch64
#      through qemu), and erases cleanly.
#   5. dist/packaging/ (scripts/lib/packaging-proof.sh): the container image builds with
#      buildah for amd64 and arm64 and runs; makepkg builds the AUR package, pacman installs and
#      removes it; the Homebrew formula and the Nix derivation point every platform at the
#      right release file with the right SHA-256.
#   6. The aarch64 binary passes the CLI test suite under qemu-aarch64-static
#      (needs the dev build's CLI tests: build/dev).
#   7. The minisign signatures (scripts/lib/signature-proof.sh): every file's and SHA256SUMS's
#      verify with dist/minisign.pub; one changed byte, or another key, fails.
#   8. The SBOM gofer-VERSION.spdx.json (scripts/lib/sbom.py check): SPDX 2.3, one package per
#      library each binary reports in --version --json (same versions), every library on the
#      static link line (build/static*/build.ninja) among them; the .deb and .rpm install it
#      as /usr/share/doc/gofer/gofer.spdx.json (steps deb, rpm).
# Usage: scripts/check-release.sh [STEP]...  (default: all, in this order)
#        steps: sums signatures sbom chroot deb deb-arm64 rpm rpm-aarch64 image aur formulas qemu
# Needs root (chroot, dpkg -i; re-runs itself through sudo).
# GOFER_DIST_DIR checks another directory than dist/.
set -euo pipefail

root=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
say() { printf 'check-release: %s\n' "$*" >&2; }
die() { printf 'check-release: FAILED: %s\n' "$*" >&2; exit 1; }
if ((EUID != 0)); then
  command -v sudo >/dev/null || die "needs root (chroot, dpkg -i) and there is no sudo"
  exec sudo --preserve-env=GOFER_DIST_DIR,GOFER_DEB_PROOF_TARGET,GOFER_DEBIAN_MIRROR bash "$0" "$@"
fi
dist=${GOFER_DIST_DIR:-$root/dist}
[[ -f $dist/SHA256SUMS ]] || die "no $dist/SHA256SUMS: run scripts/release.sh first"
version=$(sed -n 's/.*  gofer-\(.*\)-x86_64-linux$/\1/p' "$dist/SHA256SUMS")
[[ -n $version ]] || die "no x86_64 binary listed in $dist/SHA256SUMS"
work=$(mktemp -d)
server_pid=
cleanup() {
  [[ -z $server_pid ]] || kill "$server_pid" 2>/dev/null || true
  rm -rf -- "$work"
}
trap cleanup EXIT

check_sums() {
  say "SHA256SUMS"
  (cd "$dist" && sha256sum --strict --quiet -c SHA256SUMS) || die "SHA256SUMS do not verify"
  say "  $(wc -l <"$dist/SHA256SUMS") files verified"
}

# start_https_server DIR CERT KEY: serves DIR on 127.0.0.1; sets server_pid and server_port.
start_https_server() {
  python3 - "$1" "$2" "$3" "$work/port" 2>"$work/server.log" <<'PY' &
import functools, http.server, ssl, sys
directory, cert, key, port_file = sys.argv[1:]
context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
context.load_cert_chain(cert, key)
handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=directory)
server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
server.socket = context.wrap_socket(server.socket, server_side=True)
with open(port_file + ".tmp", "w") as f:
    f.write(str(server.server_address[1]))
import os; os.rename(port_file + ".tmp", port_file)
server.serve_forever()
PY
  server_pid=$!
  for _ in $(seq 50); do [[ -f $work/port ]] && break; sleep 0.1; done
  [[ -f $work/port ]] || die "the HTTPS test server did not start"
  server_port=$(cat "$work/port")
}

check_sbom() {
  local sbom=$dist/gofer-$version.spdx.json arch build_dir inputs=()
  say "SBOM $(basename "$sbom")"
  for arch in x86_64 aarch64; do
    [[ -f $dist/gofer-$version-$arch-linux ]] || continue
    build_dir=build/static
    [[ $arch == x86_64 ]] || build_dir=build/static-$arch
    if [[ -f $build_dir/build.ninja ]]; then
      inputs+=(--build-dir "$arch=$build_dir")
    else
      say "  $arch: no $build_dir, so its link line is not compared"
    fi
    inputs+=("$arch=$dist/gofer-$version-$arch-linux")
  done
  /usr/bin/python3 scripts/lib/sbom.py check "$sbom" "${inputs[@]}" || die "the SBOM is incomplete or wrong"
}

# expect WHAT EXPECTED ACTUAL
expect() { [[ $2 == "$3" ]] || die "$1: expected $(printf '%q' "$2"), got $(printf '%q' "$3")"; }

check_chroot() {
  local jail=$work/jail run
  say "empty chroot: only the static binary and a CA bundle"
  mkdir -p "$jail/etc/ssl/certs" "$jail/data/photos" "$jail/state"
  install -m755 "$dist/gofer-$version-x86_64-linux" "$jail/gofer"
  # The CA bundle is Debian's; the test server's certificate, made here, is trusted only
  # through --cacert.
  install -m644 /etc/ssl/certs/ca-certificates.crt "$jail/etc/ssl/certs/ca-certificates.crt"
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 1 \
    -subj /CN=localhost -addext subjectAltName=IP:127.0.0.1,DNS:localhost \
    -keyout "$work/key.pem" -out "$work/cert.pem" 2>/dev/null
  install -m644 "$work/cert.pem" "$jail/test-ca.pem"
  run=(env -i HOME=/state "$(PATH=$PATH:/usr/sbin:/sbin command -v chroot)" "$jail" /gofer)

  "${run[@]}" --version | head -n 1 | grep -qx "gofer $version" || die "--version in the chroot"
  say "  --version ok: $("${run[@]}" --version | head -n 1)"

  printf 'name;city\r\n"Smith, J";K\xf6ln\r\n' >"$jail/data/in.csv"
  expect "csv normalize in the chroot" $'name,city\n"Smith, J",K\xc3\xb6ln' \
    "$("${run[@]}" -q csv normalize /data/in.csv)"
  say "  csv normalize ok (semicolons, CRLF, latin-1 -> RFC 4180 UTF-8)"

  touch "$jail/data/photos/IMG 1.JPG" "$jail/data/photos/IMG 2.JPG"
  "${run[@]}" -q rename -x --case lower -e ' ' -r _ /data/photos >/dev/null ||
    die "rename in the chroot"
  expect "rename in the chroot" $'img_1.jpg\nimg_2.jpg' "$(ls "$jail/data/photos")"
  [[ -n $(ls "$jail/state/.local/state/gofer/rename" 2>/dev/null) ]] || die "no rename journal in the chroot"
  say "  rename ok (journal under \$HOME/.local/state/gofer/rename)"

  mkdir -p "$work/www"
  head -c 300000 /dev/urandom >"$work/www/payload.bin"
  start_https_server "$work/www" "$work/cert.pem" "$work/key.pem"
  "${run[@]}" -q fetch --cacert /test-ca.pem -d /data/downloads \
    "https://127.0.0.1:$server_port/payload.bin" ||
    die "fetch from https://127.0.0.1:$server_port in the chroot"
  cmp -s "$work/www/payload.bin" "$jail/data/downloads/payload.bin" || die "fetched file differs"
  say "  fetch ok (HTTPS from a loopback server, its certificate via --cacert)"
  if "${run[@]}" -q fetch -d /data/untrusted "https://localhost:$server_port/payload.bin" 2>/dev/null; then
    die "fetch trusted the test certificate without --cacert"
  fi
  say "  fetch without --cacert refuses the untrusted certificate (the CA bundle is used)"
  kill "$server_pid" && server_pid=
}

# check_rpm ARCH: the .rpm of ARCH installs into an empty root with rpm itself, runs there
# (aarch64: through qemu-aarch64-static, copied in for the run only), and erases cleanly.
check_rpm() {
  local arch=$1 rpmroot=$work/rpmroot-$1 package run
  package=$(ls "$dist"/gofer-*."$arch".rpm)
  say "rpm -i $(basename "$package") into an empty root"
  mkdir -p "$rpmroot"
  rpm --root "$rpmroot" --dbpath /rpmdb --initdb
  # --ignorearch: rpm would refuse an aarch64 package on this x86_64 host, as it should.
  rpm --root "$rpmroot" --dbpath /rpmdb -i --nodeps --ignorearch "$package" 2>/dev/null ||
    die "rpm -i"
  [[ $(rpm --root "$rpmroot" --dbpath /rpmdb -q --qf '%{ARCH}' gofer) == "$arch" ]] ||
    die "rpm -q gofer: not $arch"
  run=(/usr/bin/gofer)
  if [[ $arch == aarch64 ]]; then
    install -m755 "$(command -v qemu-aarch64-static)" "$rpmroot/qemu-aarch64-static"
    run=(/qemu-aarch64-static /usr/bin/gofer)
  fi
  "$(PATH=$PATH:/usr/sbin command -v chroot)" "$rpmroot" "${run[@]}" --version | head -n 1 |
    grep -qx "gofer $version" || die "gofer --version after rpm -i"
  rm -f "$rpmroot/qemu-aarch64-static"
  [[ -f $rpmroot/usr/share/man/man1/gofer.1 && -f $rpmroot/usr/share/bash-completion/completions/gofer ]] ||
    die "rpm did not install the man page and completions"
  cmp -s "$dist/gofer-$version.spdx.json" "$rpmroot/usr/share/doc/gofer/gofer.spdx.json" ||
    die "rpm did not install the release SBOM as /usr/share/doc/gofer/gofer.spdx.json"
  rpm --root "$rpmroot" --dbpath /rpmdb -e gofer 2>/dev/null || die "rpm -e"
  [[ -z $(find "$rpmroot" -type f ! -path "$rpmroot/rpmdb/*") ]] || die "files left after rpm -e"
  say "  installed (with the SBOM in /usr/share/doc/gofer), ran, erased cleanly"
}

check_qemu() {
  local bin=$dist/gofer-$version-aarch64-linux
  [[ -f $bin ]] || die "no aarch64 binary in $dist"
  [[ -d build/dev ]] || die "the CLI suite needs the dev build (cmake --preset dev && cmake --build --preset dev)"
  say "aarch64 binary: CLI suite under qemu-aarch64-static"
  # The suite execs GOFER_BIN directly; binfmt_misc may be absent (containers), so a wrapper.
  # Some tests run it as nobody (setpriv), so the wrapper must be reachable by everyone.
  printf '#!/bin/sh\nexec qemu-aarch64-static %q "$@"\n' "$bin" >"$work/gofer-aarch64"
  chmod 755 "$work" "$work/gofer-aarch64"
  "$work/gofer-aarch64" --version | grep -q 'aarch64' || die "aarch64 --version under qemu"
  # The fault-injection tests skip (strace would aim at qemu's own host calls), and the tests
  # that compare gofer's printed own path expect the real binary, not the wrapper.
  GOFER_BIN=$work/gofer-aarch64 GOFER_TEST_EMULATOR=qemu-aarch64-static GOFER_TEST_REAL_BIN=$(realpath "$bin") \
    ctest --test-dir build/dev -L cli -j "$(nproc)" \
    --output-on-failure >"$work/qemu-ctest.log" 2>&1 ||
    { tail -n 60 "$work/qemu-ctest.log" >&2; die "CLI suite under qemu"; }
  say "  $(grep -E 'tests passed' "$work/qemu-ctest.log")"
}

steps=("$@")
((${#steps[@]})) || steps=(sums signatures sbom chroot deb deb-arm64 rpm rpm-aarch64 image aur formulas qemu)
for step in "${steps[@]}"; do
  case $step in
    sums) check_sums ;;
    signatures) say "minisign signatures"; scripts/lib/signature-proof.sh "$dist" ;;
    sbom) check_sbom ;;
    chroot) check_chroot ;;
    deb) scripts/lib/deb-proof.sh "$dist" "$version" amd64 ;;
    deb-arm64) scripts/lib/deb-proof.sh "$dist" "$version" arm64 ;;
    rpm) check_rpm x86_64 ;;
    rpm-aarch64) check_rpm aarch64 ;;
    image | aur | formulas) scripts/lib/packaging-proof.sh "$dist" "$version" "$step" ;;
    qemu) check_qemu ;;
    *) die "unknown step '$step' (sums, signatures, sbom, chroot, deb, deb-arm64, rpm, rpm-aarch64, image, aur, formulas, qemu)" ;;
  esac
done
say "all proofs passed: ${steps[*]}"
