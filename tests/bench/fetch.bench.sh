# `scripts/bench.sh fetch` (sourced; $root, $results, say, medians, ensure_static_binary come
# from scripts/bench.sh): gofer fetch against curl --parallel, aria2c, wget2, a Python asyncio
# peer and a Go goroutine peer, all downloading from one nginx on 127.0.0.1.
# Downloads land in tmpfs so the figures compare the HTTP engines, not this machine's disk.
bench_fetch() {
  say "fetch: installing nginx-light aria2 wget2 curl golang-go hyperfine time (Debian packages)"
  local sudo=""
  [[ $(id -u) -eq 0 ]] || sudo="sudo"
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q nginx-light aria2 wget2 curl \
    golang-go hyperfine time >/dev/null
  ensure_static_binary
  local work
  work=$(mktemp -d /dev/shm/gofer-bench-fetch.XXXXXX)
  local site="$work/site" out="$work/out" port
  mkdir -p "$site/small" "$site/large" "$out"
  chmod 755 "$work"  # mktemp's 0700 would make nginx's unprivileged workers answer 403
  say "fetch: generating 1000 x 100 KB and 20 x 50 MB files"
  for i in $(seq 1000); do head -c 102400 /dev/urandom >"$site/small/s$i.bin"; done
  for i in $(seq 20); do head -c 52428800 /dev/urandom >"$site/large/l$i.bin"; done
  port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  cat >"$work/nginx.conf" <<NGINX
worker_processes 2;
pid $work/nginx.pid;
error_log $work/nginx-error.log;
events { worker_connections 1024; }
http {
  access_log off;
  sendfile on;
  keepalive_requests 1000000;
  client_body_temp_path $work/tmp;
  server { listen 127.0.0.1:$port; root $site; }
}
NGINX
  mkdir -p "$work/tmp"
  nginx -p "$work" -c "$work/nginx.conf"
  local base="http://127.0.0.1:$port"
  for i in $(seq 1000); do echo "$base/small/s$i.bin"; done >"$work/small.txt"
  for i in $(seq 20); do echo "$base/large/l$i.bin"; done >"$work/large.txt"
  for list in small large; do
    sed 's/.*/url = "&"/' "$work/$list.txt" >"$work/$list.curl"
  done
  say "fetch: building the Go peer"
  (cd "$work" && cp "$root/tests/bench/peers/fetch_goroutines.go" main.go &&
    GOFLAGS=-mod=mod GOCACHE="$work/gocache" go build -o fetch_goroutines main.go)
  # Fail early (not inside hyperfine) if the server setup is wrong.
  curl -sf -o /dev/null "$base/small/s1.bin" || { say "nginx does not serve $site"; return 1; }

  local -a names=(gofer curl aria2c wget2 python-asyncio go-goroutines)
  run_fetch_bench() {  # $1 = small|large, $2 = runs
    local list="$work/$1.txt"
    hyperfine --warmup 1 --runs "$2" --prepare "rm -rf $out && mkdir -p $out" \
      --export-markdown "$results/fetch-$1.md" --export-json "$results/fetch-$1.json" \
      -n gofer "$static_bin fetch -q -j 16 --per-host 16 -i $list -d $out" \
      -n curl "curl -s --fail --parallel --parallel-max 16 --remote-name-all --output-dir $out -K $work/$1.curl" \
      -n aria2c "aria2c -q -j 16 -x 1 --allow-overwrite=true --auto-file-renaming=false -d $out -i $list" \
      -n wget2 "wget2 -q --max-threads=16 -P $out -i $list" \
      -n python-asyncio "python3 $root/tests/bench/peers/fetch_asyncio.py -j 16 -i $list -d $out" \
      -n go-goroutines "$work/fetch_goroutines -j 16 -i $list -d $out" >/dev/null
    medians "$results/fetch-$1.json" >>"$results/fetch-$1.md"
  }
  say "fetch: 1000 x 100 KB"
  run_fetch_bench small 10  # ~0.3 s a run and noisy on a shared machine: more runs
  say "fetch: 20 x 50 MB"
  run_fetch_bench large 3

  say "fetch: peak RSS with 100,000 queued URLs (HEAD of the small set: no 10 GB of bodies)"
  for _ in $(seq 100); do cat "$work/small.txt"; done >"$work/queue.txt"
  rm -rf "$out" && mkdir -p "$out"
  /usr/bin/time -v "$static_bin" fetch -q --spider -j 16 --per-host 16 -i "$work/queue.txt" \
    -d "$out" 2>"$work/time-spider.txt" || true
  rm -rf "$out" && mkdir -p "$out"
  /usr/bin/time -v "$static_bin" fetch -q -j 16 --per-host 16 -i "$work/small.txt" -d "$out" \
    2>"$work/time-small.txt" || true
  {
    echo
    echo "| gofer run | peak RSS (KB) | wall |"
    echo "|---|---:|---|"
    echo "| --spider, 100,000 queued URLs | $(awk -F': ' '/Maximum resident/ {print $2}' "$work/time-spider.txt") | $(awk -F': ' '/Elapsed/ {print $2}' "$work/time-spider.txt") |"
    echo "| download 1000 x 100 KB | $(awk -F': ' '/Maximum resident/ {print $2}' "$work/time-small.txt") | $(awk -F': ' '/Elapsed/ {print $2}' "$work/time-small.txt") |"
  } >>"$results/fetch-small.md"
  kill "$(cat "$work/nginx.pid")" 2>/dev/null || true
  sleep 0.5
  rm -rf "$work"
  cat "$results/fetch-small.md" "$results/fetch-large.md"
}
bench_fetch
