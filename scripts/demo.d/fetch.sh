# Demo of `gofer fetch` (sourced by scripts/demo.sh with $gofer set and cwd = a temp dir):
# a local web server with sample files and one broken link, a first download, then the
# cron-style re-run with --refresh that finds everything unchanged.
mkdir -p fetch-demo/site
for i in 1 2 3 4 5 6; do
  head -c $((i * 150000)) /dev/urandom >"fetch-demo/site/sample-$i.bin"
done
fetch_port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
# python3's http.server answers If-Modified-Since with 304, which is all --refresh needs.
python3 -m http.server --bind 127.0.0.1 --directory fetch-demo/site "$fetch_port" >/dev/null 2>&1 &
fetch_server_pid=$!
for _ in $(seq 50); do
  (exec 3<>"/dev/tcp/127.0.0.1/$fetch_port") 2>/dev/null && break
  sleep 0.1
done
{
  for i in 1 2 3 4 5 6; do echo "http://127.0.0.1:$fetch_port/sample-$i.bin"; done
  echo "# a link that went away: 404, reported, not retried"
  echo "http://127.0.0.1:$fetch_port/gone.bin"
} >fetch-demo/urls.txt

show cat fetch-demo/urls.txt
show "$gofer" fetch -j 4 --refresh -i fetch-demo/urls.txt -d fetch-demo/downloads ||
  printf '(exit %s: one URL failed, the others were downloaded)\n' "$?"
show ls -l fetch-demo/downloads
printf '\n# the nightly cron run: conditional GETs, nothing transferred\n'
show "$gofer" fetch -j 4 --refresh -i fetch-demo/urls.txt -d fetch-demo/downloads ||
  printf '(exit %s: gone.bin is still gone)\n' "$?"
show "$gofer" fetch --json --refresh -d fetch-demo/downloads "http://127.0.0.1:$fetch_port/sample-1.bin"
kill "$fetch_server_pid" 2>/dev/null || true
wait "$fetch_server_pid" 2>/dev/null || true
