# Sourced by scripts/bench.sh: previewing a card of 3,000 photos by date taken, gofer vs
# exiftool's own renamer (the issue's target: >= 20x). Photos are copies of a real Nikon JPEG
# (tests/data/exif/real/nikon-d2h.jpg), each with its own DateTimeOriginal, written by one
# exiftool run from distinct file times.
bench_rename_exif() {
  local count=${GOFER_BENCH_EXIF_COUNT:-3000}
  local work="$root/build/bench/rename-exif"
  ensure_static_binary
  command -v exiftool >/dev/null || { say "rename_exif: exiftool missing: run scripts/setup.sh test"; return 1; }
  rm -rf "$work" && mkdir -p "$work/card"
  say "rename_exif: writing $count photos"
  python3 - "$work/card" "$count" "$root/tests/data/exif/real/nikon-d2h.jpg" <<'PY'
import os, shutil, sys
card, count, photo = sys.argv[1], int(sys.argv[2]), sys.argv[3]
for i in range(count):
    path = os.path.join(card, "DSC_%05d.JPG" % i)
    shutil.copyfile(photo, path)
    stamp = 1700000000 + i * 37  # a shot every 37 s
    os.utime(path, (stamp, stamp))
PY
  exiftool -q -overwrite_original '-DateTimeOriginal<FileModifyDate' "$work/card" >/dev/null
  cd "$work"
  XDG_STATE_HOME="$work/state" hyperfine --warmup 1 --runs "${GOFER_BENCH_RUNS:-5}" \
    --export-markdown "$results/rename-exif.md" --export-json "$results/rename-exif.json" \
    -n "gofer rename (preview)" \
    "'$static_bin' rename --mkdir --template '{exif.date:%Y/%m}/{exif.date:%Y%m%d_%H%M%S}_{n:03}.{ext}' card >/dev/null 2>&1" \
    -n "exiftool -testname" \
    "exiftool -d '%Y/%m/%Y%m%d_%H%M%S.%%e' '-testname<DateTimeOriginal' card >/dev/null" \
    >/dev/null
  medians "$results/rename-exif.json" >>"$results/rename-exif.md"
  echo "load average: $(cut -d' ' -f1-3 /proc/loadavg); $count photos" >>"$results/rename-exif.md"
  cd "$root"
  rm -rf "$work"
  cat "$results/rename-exif.md"
}
bench_rename_exif
