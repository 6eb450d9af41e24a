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
  {
    echo
    echo "| measurement | max RSS [KB] | wall [s] |"
    echo "|---|---:|---:|"
    echo "| preview, $count entries | $(cat "$work/rss") | |"
  } >>"$results/rename-preview.md"
  bench_rename_memory
  cd "$root"
  rm -rf "$work/d" "$work/state"
  echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)" >>"$results/rename-preview.md"
  cat "$results/rename.md" "$results/rename-preview.md"
}

# Planning memory at a million entries (target: under 100 MB): max RSS of the preview, then
# of -x (journal included). The directory is removed afterwards (a million inodes).
bench_rename_memory() {
  local big=${GOFER_BENCH_RENAME_RSS_COUNT:-1000000}
  [[ $big -gt 0 ]] || return 0
  say "rename: max RSS with $big entries (creating them takes a while)"
  rm -rf "$work/big" "$work/big-state" && mkdir "$work/big"
  (cd "$work/big" && python3 -c "for i in range($big): open('Sales Report %07d.CSV' % i, 'w').close()")
  local mode args
  for mode in preview apply; do
    args=(rename --glob '*.csv' -e ' ' -r _ --case lower -q)
    [[ $mode == apply ]] && args+=(-x)
    (cd "$work/big" && XDG_STATE_HOME="$work/big-state" /usr/bin/time -f "%M %e" -o "$work/rss" \
      "$gofer" "${args[@]}" >/dev/null)
    read -r kb seconds <"$work/rss"
    echo "| $mode, $big entries | $kb | $seconds |" >>"$results/rename-preview.md"
  done
  rm -rf "$work/big" "$work/big-state"
}
bench_rename
