# `scripts/bench.sh fetch` (sourced; $root, $results, say, medians, ensure_static_binary come
# from scripts/bench.sh): gofer fetch against curl --parallel, wget2 and aria2c, all
# downloading from one nginx on 127.0.0.1, in one run:
#   sets:  1000 x 100 KB at 50 transfers at a time; 20 x 50 MB at 4 at a time
#   dirs:  tmpfs (/dev/shm: takes the disk out, compares the HTTP engines) and disk
#          (${GOFER_BENCH_DISK_DIR:-/var/tmp}: adds gofer's fsyncs, which the peers skip)
#   rows:  gofer in each --durable mode (file is the default); each peer as it runs, and each
#          peer followed by `sync -f DIR`, i.e. timed until its files are durable too
# Then peak RSS with 100,000 queued URLs, and with GOFER_BENCH_BASE_BIN=<older gofer> the same
# sets on one core (taskset -c 0), old build against this one. GOFER_BENCH_RUNS sets the runs
# per command (default 5; medians are reported), GOFER_BENCH_EXTRA_PEERS=1 adds the Python
# asyncio and Go goroutine peers. The machine's load average goes into every table: on a
# shared machine, figures taken under load are not comparable.
bench_fetch() {
  say "fetch: installing nginx-light aria2 wget2 curl hyperfine time (Debian packages)"
  local sudo=""
  [[ $(id -u) -eq 0 ]] || sudo="sudo"
  command -v nginx >/dev/null && command -v aria2c >/dev/null && command -v wget2 >/dev/null &&
    command -v /usr/bin/time >/dev/null ||
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q nginx-light aria2 wget2 curl \
      hyperfine time >/dev/null
  ensure_static_binary
  local runs=${GOFER_BENCH_RUNS:-5}
  local work disk_work
  work=$(mktemp -d /dev/shm/gofer-bench-fetch.XXXXXX)
  disk_work=$(mktemp -d "${GOFER_BENCH_DISK_DIR:-/var/tmp}/gofer-bench-fetch.XXXXXX")
  local site="$work/site" port
  mkdir -p "$site/small" "$site/large"
  chmod 755 "$work"  # mktemp's 0700 would make nginx's unprivileged workers answer 403
  say "fetch: generating 1000 x 100 KB and 20 x 50 MB files"
  for i in $(seq 1000); do head -c 102400 /dev/urandom >"$site/small/s$i.bin"; done
  for i in $(seq 20); do head -c 52428800 /dev/urandom >"$site/large/l$i.bin"; done
  start_nginx "$work" "$site"
  local base="http://127.0.0.1:$port"
  for i in $(seq 1000); do echo "$base/small/s$i.bin"; done >"$work/small.txt"
  for i in $(seq 20); do echo "$base/large/l$i.bin"; done >"$work/large.txt"
  for list in small large; do
    sed 's/.*/url = "&"/' "$work/$list.txt" >"$work/$list.curl"
  done
  # Fail early (not inside hyperfine) if the server setup is wrong.
  curl -sf -o /dev/null "$base/small/s1.bin" || { say "nginx does not serve $site"; return 1; }
  if [[ ${GOFER_BENCH_EXTRA_PEERS:-0} == 1 ]]; then
    say "fetch: building the Go peer"
    (cd "$work" && cp "$root/tests/bench/peers/fetch_goroutines.go" main.go &&
      GOFLAGS=-mod=mod GOCACHE="$work/gocache" go build -o fetch_goroutines main.go)
  fi

  load() { cut -d' ' -f1-3 /proc/loadavg; }
  # $1 = small|large, $2 = concurrency, $3 = tmpfs|disk
  run_fetch_bench() {
    local list="$work/$1.txt" c=$2 out state name="fetch-$1-$3"
    local top=$work
    [[ $3 == disk ]] && top=$disk_work
    out="$top/out" state="$top/state"
    local -a extra=()
    if [[ ${GOFER_BENCH_EXTRA_PEERS:-0} == 1 ]]; then
      extra=(-n python-asyncio "python3 $root/tests/bench/peers/fetch_asyncio.py -j $c -i $list -d $out"
             -n go-goroutines "$work/fetch_goroutines -j $c -i $list -d $out")
    fi
    local before
    before=$(load)
    # gofer's validator records go to the same medium as its downloads. The prepare step ends
    # with `sync -f`: the previous run's unsynced files (and their deletion) are written back
    # before the next command starts, not while it runs — else each command pays for the last.
    hyperfine --warmup 1 --runs "$runs" --prepare "rm -rf $out $state && mkdir -p $out && sync -f $out" \
      --export-markdown "$results/$name.md" --export-json "$results/$name.json" \
      -n gofer "XDG_STATE_HOME=$state $static_bin fetch -q -j $c --per-host $c -i $list -d $out" \
      -n "gofer --durable=batch" "XDG_STATE_HOME=$state $static_bin fetch -q --durable=batch -j $c --per-host $c -i $list -d $out" \
      -n "gofer --durable=none" "XDG_STATE_HOME=$state $static_bin fetch -q --durable=none -j $c --per-host $c -i $list -d $out" \
      -n curl "curl -s --fail --parallel --parallel-max $c --remote-name-all --output-dir $out -K $work/$1.curl" \
      -n wget2 "wget2 -q --max-threads=$c -P $out -i $list" \
      -n aria2c "aria2c -q -j $c -x 1 --allow-overwrite=true --auto-file-renaming=false -d $out -i $list" \
      -n "curl && sync -f" "curl -s --fail --parallel --parallel-max $c --remote-name-all --output-dir $out -K $work/$1.curl && sync -f $out" \
      -n "wget2 && sync -f" "wget2 -q --max-threads=$c -P $out -i $list && sync -f $out" \
      -n "aria2c && sync -f" "aria2c -q -j $c -x 1 --allow-overwrite=true --auto-file-renaming=false -d $out -i $list && sync -f $out" \
      "${extra[@]}" >/dev/null
    medians "$results/$name.json" >>"$results/$name.md"
    echo "load average before: $before; after: $(load)" >>"$results/$name.md"
  }
  for dir in tmpfs disk; do
    say "fetch: 1000 x 100 KB, c=50, $dir"
    run_fetch_bench small 50 "$dir"
    say "fetch: 20 x 50 MB, c=4, $dir"
    run_fetch_bench large 4 "$dir"
  done

  say "fetch: peak RSS with 100,000 queued URLs (HEAD of the small set: no 10 GB of bodies)"
  local out="$work/out"
  for _ in $(seq 100); do cat "$work/small.txt"; done >"$work/queue.txt"
  rm -rf "$out" && mkdir -p "$out"
  XDG_STATE_HOME="$work/state" /usr/bin/time -v "$static_bin" fetch -q --spider -j 16 \
    --per-host 16 -i "$work/queue.txt" -d "$out" 2>"$work/time-spider.txt" || true
  rm -rf "$out" && mkdir -p "$out"
  XDG_STATE_HOME="$work/state" /usr/bin/time -v "$static_bin" fetch -q -j 50 --per-host 50 \
    -i "$work/small.txt" -d "$out" 2>"$work/time-small.txt" || true
  rss() { awk -F': ' '/Maximum resident/ {print $2}' "$1"; }
  wall() { awk -F': ' '/Elapsed/ {print $2}' "$1"; }
  {
    echo
    echo "| gofer run | peak RSS (KB) | wall |"
    echo "|---|---:|---|"
    echo "| --spider, 100,000 queued URLs | $(rss "$work/time-spider.txt") | $(wall "$work/time-spider.txt") |"
    echo "| download 1000 x 100 KB, -j 50 | $(rss "$work/time-small.txt") | $(wall "$work/time-small.txt") |"
  } >"$results/fetch-rss.md"

  if [[ -n ${GOFER_BENCH_BASE_BIN:-} ]]; then
    local old
    old=$(realpath "$GOFER_BENCH_BASE_BIN")
    for set in "small 50" "large 4"; do
      read -r list c <<<"$set"
      say "fetch: one core (taskset -c 0), $list set, old build vs this one"
      local before
      before=$(load)
      hyperfine --warmup 1 --runs "$runs" --prepare "rm -rf $out $work/state && mkdir -p $out && sync -f $out" \
        --export-markdown "$results/fetch-onecore-$list.md" \
        --export-json "$results/fetch-onecore-$list.json" \
        -n "old gofer" "XDG_STATE_HOME=$work/state taskset -c 0 $old fetch -q -j $c --per-host $c -i $work/$list.txt -d $out" \
        -n "gofer" "XDG_STATE_HOME=$work/state taskset -c 0 $static_bin fetch -q -j $c --per-host $c -i $work/$list.txt -d $out" \
        >/dev/null
      medians "$results/fetch-onecore-$list.json" >>"$results/fetch-onecore-$list.md"
      echo "load average before: $before; after: $(load)" >>"$results/fetch-onecore-$list.md"
    done
  fi
  kill "$(cat "$work/nginx.pid")" 2>/dev/null || true
  sleep 0.5
  rm -rf "$work" "$disk_work"
  for f in "$results"/fetch-{small,large}-{tmpfs,disk}.md "$results/fetch-rss.md" \
    "$results"/fetch-onecore-*.md; do
    [[ -e $f ]] && { echo "## $(basename "$f" .md)"; cat "$f"; echo; }
  done
}
bench_fetch
