#!/usr/bin/env bash
# sign.sh DIST [SECRET_KEY]: minisign signatures for a release directory that has SHA256SUMS.
#   DIST/FILE.minisig       for every file SHA256SUMS lists, and for SHA256SUMS itself
#   DIST/minisign.pub       the public key that verifies them
# With SECRET_KEY (scripts/release.sh --sign KEY), its public key must be the project's
# (packaging/minisign.pub), so a release is never signed by a key users were not told about;
# GOFER_SIGN_FOREIGN_KEY=1 allows another key (a fork's). Without SECRET_KEY a throwaway key is
# made in a temporary directory outside the repository and deleted afterwards: the signatures
# then prove only that the release pipeline works (minisign.pub's comment line says so).
# The secret key is never written inside the repository.
set -euo pipefail
dist=$1 key=${2:-}
root=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")/../.." && pwd)
say() { printf 'sign: %s\n' "$*" >&2; }
die() { printf 'sign: error: %s\n' "$*" >&2; exit 1; }
command -v minisign >/dev/null || die "minisign is missing (scripts/setup.sh release installs it)"
[[ -f $dist/SHA256SUMS ]] || die "no $dist/SHA256SUMS to sign"

keydir=$(mktemp -d)
trap 'rm -rf -- "$keydir"' EXIT
case $(realpath "$keydir")/ in
  "$root"/*) die "the temporary key directory $keydir is inside the repository (set TMPDIR)" ;;
esac
if [[ -z $key ]]; then
  say "no --sign KEY: signing with a throwaway key (not the project's key)"
  key=$keydir/throwaway.key
  minisign -G -W -p "$keydir/minisign.pub" -s "$key" >/dev/null || die "minisign -G (throwaway key) failed"
  sed -i '1s/: /: THROWAWAY key of an unofficial build, do not trust: /' "$keydir/minisign.pub"
else
  [[ -f $key ]] || die "$key: no such secret key file"
  minisign -R -s "$key" -p "$keydir/minisign.pub" >/dev/null || die "$key: cannot read the public key from it"
  if [[ ${GOFER_SIGN_FOREIGN_KEY:-0} != 1 ]] &&
    [[ $(sed -n 2p "$keydir/minisign.pub") != "$(sed -n 2p "$root/packaging/minisign.pub")" ]]; then
    die "$key is not the project's key (packaging/minisign.pub); GOFER_SIGN_FOREIGN_KEY=1 signs anyway"
  fi
fi
install -m644 "$keydir/minisign.pub" "$dist/minisign.pub"

mapfile -t files < <(sed 's/^[0-9a-f]*  //' "$dist/SHA256SUMS")
files+=(SHA256SUMS)
# One minisign call: an encrypted key asks for its password once. The default trusted comment
# names each file, so a signature cannot be passed off as another file's.
(cd "$dist" && minisign -S -s "$key" -m "${files[@]}" >/dev/null) || die "minisign -S failed"
say "${#files[@]} files signed, key $(sed -n 's/.*minisign public key \([0-9A-F]*\).*/\1/p' "$dist/minisign.pub")"
