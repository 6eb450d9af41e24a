# Sourced by scripts/bench.sh: `gofer rename` on 100,000 files vs perl rename, mmv, Python,
# Go and a bare renameat(2) loop in C (the floor). Peers are installed here, not by setup.sh.
bench_rename() {
  local count=${GOFER_BENCH_RENAME_COUNT:-100000}
  local work="$root/build/bench/rename"
  local peers="$root/tests/bench/peers"
  say "rename: installing peers (rename, mmv, golang-go) if missing"
  command -v file-rename >/dev/null && command -v mmv >/dev/null && command -v go >/dev/null ||
    apt-get install -y -qq --no-install-recommends rename mmv golang-go >/dev/null
  mkdir -p "$work/bin"
  gcc -O2 -o "$work/bin/floor" "$peers/rename_floor.c"
  (cd "$peers/rename_go" && GOFLAGS=-mod=mod GO111MODULE=off go build -o "$work/bin/rename_go" main.go)
  cmake --preset release >/dev/null && cmake --build --preset release --target gofer >/dev/null
  local gofer="$root/build/release/src/cli/gofer"
  # A fresh directory of "Sales Report NNNNNN.CSV" before every timed run.
  local prepare="rm -rf '$work/d' '$work/state' && mkdir '$work/d' && cd '$work/d' && python3 -c 'for i in range($count): open(\"Sales Report %06d.CSV\" % i, \"w\").close()'"
  cd "$work"
  hyperfine --runs "${GOFER_BENCH_RUNS:-5}" --export-markdown "$results/rename.md" \
    --export-json "$results/rename.json" --prepare "$prepare" \
    -n "C renameat loop (floor)" "cd '$work/d' && '$work/bin/floor' $count" \
    -n "gofer rename -x" "cd '$work/d' && XDG_STATE_HOME='$work/state' '$gofer' rename --glob '*.csv' -e ' ' -r _ --case lower -x -q" \
    -n "mmv" "cd '$work/d' && mmv '* * *.CSV' '#l1_#l2_#l3.csv'" \
    -n "python pathlib" "cd '$work/d' && python3 '$peers/rename_pathlib.py'" \
    -n "go ReadDir+Rename" "cd '$work/d' && '$work/bin/rename_go'" \
    -n "perl rename (find | xargs)" "cd '$work/d' && find . -maxdepth 1 -name '*.CSV' -print0 | xargs -0 file-rename 's/ /_/g; \$_ = lc'" \
    >/dev/null
  medians "$results/rename.json" >>"$results/rename.md"
  # Preview (no renames): needs one prepared directory, then repeated runs on it.
  eval "$prepare"
  hyperfine --warmup 1 --runs 5 --export-markdown "$results/rename-preview.md" \
    -n "gofer rename (preview)" "'$gofer' rename --glob '*.csv' -e ' ' -r _ --case lower >/dev/null" >/dev/null
  /usr/bin/time -f "%M" -o "$work/rss" "$gofer" rename --glob '*.csv' -e ' ' -r _ --case lower >/dev/null 2>&1
  echo "| preview RSS, $count entries | $(cat "$work/rss") KB |" >>"$results/rename-preview.md"
  cd "$root"
  cat "$results/rename.md" "$results/rename-preview.md"
}
bench_rename
