# Demo of `gofer run` (sourced by scripts/demo.sh with $gofer set and cwd = a temp dir): a job
# file with three steps, its dry run, a first run that does the work, and a second run that
# finds nothing to do (fetch: unchanged; rename: nothing to rename).
mkdir -p run-demo/site run-demo/incoming
printf 'sku;price;date\nA-1;"1.234,50";31/12/2024\nB-2;"99,00";01/02/2025\n' >run-demo/site/prices.csv
printf 'store,city\n1,Lyon\n2,Gent\n' >"run-demo/incoming/Store List.CSV"
serve_directory run-demo/site
run_port=$served_port run_server_pid=$served_pid
echo "http://127.0.0.1:$run_port/prices.csv" >run-demo/urls.txt
cat >run-demo/nightly.toml <<'TOML'
[job]
name = "nightly"
lock = true
log = "{job}.log"
vars = { out = "data" }

[[step]]
name = "download"
fetch = { input = "urls.txt", dir = "{out}/raw", refresh = true }

[[step]]
name = "tidy names"
rename = { paths = ["incoming"], find = " ", replace = "_", case = "lower", apply = true }

[[step]]
name = "clean"
csv.normalize = { inputs = ["{out}/raw/*.csv", "incoming/*.csv"], out-dir = "{out}/clean", clean = true }
TOML

show cat run-demo/nightly.toml
show "$gofer" run --check run-demo/nightly.toml
printf '\n# what the run will do; writes nothing, fetches nothing\n'
show "$gofer" run --dry-run run-demo/nightly.toml
show "$gofer" run run-demo/nightly.toml
show find run-demo/data run-demo/incoming -type f
printf '\n# the second run: nothing to download, nothing to rename\n'
show "$gofer" run run-demo/nightly.toml
show "$gofer" run --print-cron '15 2 * * *' run-demo/nightly.toml
kill "$run_server_pid" 2>/dev/null || true
wait "$run_server_pid" 2>/dev/null || true
