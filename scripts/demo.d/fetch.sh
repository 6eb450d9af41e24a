# Demo of `gofer fetch` (sourced by scripts/demo.sh with $gofer set and cwd = a temp dir):
# a local web server with sample files and one broken link, a first download, then the
# cron-style re-run with --refresh that finds everything unchanged.
mkdir -p fetch-demo/site
for i in 1 2 3 4 5 6; do
  head -c $((i * 150000)) /dev/urandom >"fetch-demo/site/sample-$i.bin"
done
serve_directory fetch-demo/site
fetch_port=$served_port fetch_server_pid=$served_pid
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
