#!/usr/bin/env bash
# deb-proof.sh DIST VERSION [amd64|arm64]: installs the .deb of that architecture (default
# amd64) with dpkg -i into a fresh Debian 12 chroot (debootstrap --variant=minbase plus man-db
# and bash-completion), then checks `gofer --version`, the SBOM under /usr/share/doc/gofer,
# `man gofer`, bash completion loading,
# zsh/fish completion files, and that `dpkg --purge` leaves no file behind.
#
# arm64: the chroot (amd64) gets arm64 as a foreign dpkg architecture, so dpkg installs the
# package as it would on an arm64 machine; the installed /usr/bin/gofer is then run through
# qemu-aarch64-static copied into the chroot (binfmt_misc may be absent, e.g. in containers).
#
# The debootstrapped base is cached as build/deb-proof/bookworm-base.tar (first run: a few
# minutes of downloads; later runs unpack it in seconds). GOFER_DEB_PROOF_TARGET=host installs
# on this machine instead (where debootstrap cannot run, e.g. no network).
set -euo pipefail
dist=$1 version=$2 deb_arch=${3:-amd64}
root=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")/../.." && pwd)
say() { printf 'deb-proof: %s\n' "$*" >&2; }
die() { printf 'deb-proof: FAILED: %s\n' "$*" >&2; exit 1; }

deb=$(ls "$dist"/gofer_*_"$deb_arch".deb 2>/dev/null | head -n 1)
[[ -f $deb ]] || die "no $deb_arch .deb in $dist"
target=${GOFER_DEB_PROOF_TARGET:-chroot}
gofer=(gofer)
case $deb_arch in
  amd64) ;;
  arm64)
    [[ $target == chroot ]] || die "the arm64 package is proved in a chroot only"
    gofer=(/usr/bin/qemu-aarch64-static /usr/bin/gofer) ;;
  *) die "unknown architecture '$deb_arch' (amd64, arm64)" ;;
esac
cache=$root/build/deb-proof
base=$cache/bookworm-base.tar
jail=
in_target() {  # in_target COMMAND...: run in the chroot (or on the host)
  if [[ -n $jail ]]; then
    env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LANG=C.UTF-8 /usr/sbin/chroot "$jail" "$@"
  else
    "$@"
  fi
}

cleanup() {
  [[ -z $jail ]] || { umount "$jail/proc" 2>/dev/null || true; rm -rf -- "$jail"; }
}
trap cleanup EXIT

if [[ $target == chroot ]]; then
  if [[ ! -f $base ]]; then
    say "debootstrap bookworm (minbase + man-db, bash-completion) -> $base (cached)"
    mkdir -p "$cache"
    rm -rf -- "$cache/root"
    debootstrap --variant=minbase --include=man-db,bash-completion bookworm "$cache/root" \
      "${GOFER_DEBIAN_MIRROR:-http://deb.debian.org/debian}" >"$cache/debootstrap.log" 2>&1 ||
      { tail -n 20 "$cache/debootstrap.log" >&2; die "debootstrap failed (log: $cache/debootstrap.log)"; }
    rm -rf "$cache/root/var/cache/apt/archives/"*.deb
    tar -C "$cache/root" -cf "$base.tmp" . && mv "$base.tmp" "$base"
    rm -rf -- "$cache/root"
  fi
  jail=$(mktemp -d "$cache/jail.XXXXXX")
  tar -C "$jail" -xf "$base"
  mount -t proc proc "$jail/proc"
  cp "$deb" "$jail/tmp/gofer.deb"
  pkg=/tmp/gofer.deb
  if [[ $deb_arch == arm64 ]]; then
    install -m755 "$(command -v qemu-aarch64-static)" "$jail/usr/bin/qemu-aarch64-static"
    in_target dpkg --add-architecture arm64
  fi
  say "fresh Debian 12 chroot: dpkg -i $(basename "$deb")"
else
  pkg=$deb
  say "on this machine: dpkg -i $(basename "$deb")"
fi

in_target dpkg -i "$pkg" >/dev/null || die "dpkg -i"
in_target "${gofer[@]}" --version | head -n 1 | grep -qx "gofer $version" || die "gofer --version"
say "  installed: $(in_target "${gofer[@]}" --version | sed -n '1p;/^target:/p' | tr -s ' ' | paste -sd' ')"
in_target dpkg -s gofer | grep -q '^Status: install ok installed' || die "dpkg -s gofer"
sbom=$(ls "$dist"/gofer-*.spdx.json 2>/dev/null | head -n 1)
[[ -f $sbom ]] || die "no SBOM (gofer-VERSION.spdx.json) in $dist"
in_target cat /usr/share/doc/gofer/gofer.spdx.json | cmp -s - "$sbom" ||
  die "/usr/share/doc/gofer/gofer.spdx.json is not the release SBOM $(basename "$sbom")"
say "  SBOM installed as /usr/share/doc/gofer/gofer.spdx.json"
in_target dpkg -s gofer | grep -qx "Architecture: $deb_arch" || die "dpkg -s gofer: not $deb_arch"

man_text=$(in_target env MANPAGER=cat MANWIDTH=80 man gofer 2>&1) || die "man gofer: $man_text"
for section in NAME SYNOPSIS COMMANDS 'EXIT STATUS' FILES; do
  grep -q "^$section" <<<"$man_text" || die "man gofer has no $section section"
done
for command in 'gofer rename' 'gofer csv normalize' 'gofer fetch' 'gofer completions'; do
  grep -q "$command" <<<"$man_text" || die "man gofer does not document $command"
done
say "  man gofer ok ($(wc -l <<<"$man_text") lines)"

# Bash completion as an interactive shell loads it: bash-completion finds it by command name.
completion=$(in_target bash -c 'source /usr/share/bash-completion/bash_completion
  _completion_loader gofer
  COMP_WORDS=(gofer c); COMP_CWORD=1; COMPREPLY=()
  "$(complete -p gofer | sed "s/.*-F \([^ ]*\).*/\1/")" gofer c gofer
  printf "%s\n" "${COMPREPLY[@]}"') || die "bash completion failed to load"
grep -qx csv <<<"$completion" || die "bash completion of 'gofer c' gave: $completion"
grep -qx completions <<<"$completion" || die "bash completion of 'gofer c' gave: $completion"
say "  bash completion ok ('gofer c<TAB>' -> $(tr '\n' ' ' <<<"$completion"))"
for file in /usr/share/zsh/vendor-completions/_gofer /usr/share/fish/vendor_completions.d/gofer.fish; do
  in_target test -s "$file" || die "$file not installed"
done
say "  zsh and fish completion files installed"
schema=/usr/share/doc/gofer/gofer-json.schema.json
in_target grep -q '"\$schema"' "$schema" || die "$schema not installed, or not a JSON schema"
say "  --json schema installed ($schema)"

installed_files=$(in_target dpkg -L gofer)
in_target dpkg --purge gofer >/dev/null || die "dpkg --purge"
# Every file of the package must be gone, and so must its own directories (.../gofer).
# shellcheck disable=SC2086  # dpkg -L prints one path per line, without spaces
leftover=$(in_target sh -c 'for f; do
    if [ -d "$f" ]; then case $f in */gofer) echo "$f" ;; esac; elif [ -e "$f" ]; then echo "$f"; fi
  done' sh $installed_files)
[[ -z $leftover ]] || die "left after dpkg --purge: $leftover"
in_target dpkg -s gofer >/dev/null 2>&1 && die "dpkg still knows gofer after purge"
! in_target sh -c 'command -v gofer' >/dev/null || die "gofer still on PATH after purge"
say "  uninstalled cleanly (no file left behind)"
