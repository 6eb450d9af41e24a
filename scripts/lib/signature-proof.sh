#!/usr/bin/env bash
# signature-proof.sh DIST: the minisign signatures of a release (scripts/lib/sign.sh) verify,
# and fail as they must:
#   - SHA256SUMS.minisig and the .minisig of every file SHA256SUMS lists verify with
#     DIST/minisign.pub (and the files' trusted comments name the files they sign);
#   - one flipped byte in a signed artifact, or in SHA256SUMS, fails verification;
#   - a signature checked against another key fails.
# Says whether the release was signed with the project's key (packaging/minisign.pub).
set -euo pipefail
dist=$1
root=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")/../.." && pwd)
say() { printf 'signature-proof: %s\n' "$*" >&2; }
die() { printf 'signature-proof: FAILED: %s\n' "$*" >&2; exit 1; }
command -v minisign >/dev/null || die "minisign is missing (scripts/setup.sh release installs it)"
pub=$dist/minisign.pub
[[ -f $pub && -f $dist/SHA256SUMS.minisig ]] || die "no minisign.pub or SHA256SUMS.minisig in $dist"
work=$(mktemp -d)
trap 'rm -rf -- "$work"' EXIT

verify() { minisign -V -q -p "$1" -m "$2" -x "$3"; }  # verify PUBKEY FILE SIGNATURE
mapfile -t files < <(sed 's/^[0-9a-f]*  //' "$dist/SHA256SUMS")
files+=(SHA256SUMS)
for file in "${files[@]}"; do
  verify "$pub" "$dist/$file" "$dist/$file.minisig" || die "$file: its signature does not verify"
  grep -q "^trusted comment: .*file:$(basename "$file")"$'\t' "$dist/$file.minisig" ||
    die "$file.minisig: the trusted comment does not name $(basename "$file")"
done
say "  ${#files[@]} signatures verify (SHA256SUMS and every file it lists)"

# flip_byte FILE COPY: COPY is FILE with its middle byte inverted.
flip_byte() {
  local size offset byte
  cp -- "$1" "$2"
  size=$(stat -c %s "$2")
  offset=$((size / 2))
  byte=$(od -An -tu1 -j "$offset" -N1 "$2" | tr -d ' ')
  printf "\\$(printf '%03o' $((255 - byte)))" | dd of="$2" bs=1 seek="$offset" conv=notrunc status=none
  ! cmp -s "$1" "$2" || die "could not change a byte of $1"
}
for file in "${files[0]}" SHA256SUMS; do
  flip_byte "$dist/$file" "$work/tampered"
  if verify "$pub" "$work/tampered" "$dist/$file.minisig" 2>/dev/null; then
    die "$file with one byte changed still verifies"
  fi
done
say "  one changed byte in ${files[0]} or in SHA256SUMS fails verification"

minisign -G -W -p "$work/other.pub" -s "$work/other.key" >/dev/null
if verify "$work/other.pub" "$dist/SHA256SUMS" "$dist/SHA256SUMS.minisig" 2>/dev/null; then
  die "SHA256SUMS.minisig verifies with an unrelated key"
fi
say "  another key does not verify the signatures"
if [[ $(sed -n 2p "$pub") == "$(sed -n 2p "$root/packaging/minisign.pub")" ]]; then
  say "  signed with the project's key (packaging/minisign.pub)"
else
  say "  signed with a throwaway key (no --sign KEY): not an official release"
fi
