# csv benchmark (sourced by scripts/bench.sh): `gofer csv normalize` against cat (the floor),
# miller, csvkit's csvformat, Python's csv module and Go's encoding/csv, on the same messy
# input from ../shared/bench/gen_messy_csv.py. Reports MB/s, peak RSS and ratios.
#   GOFER_CSV_BENCH_MB   input size in MB (default 1000, the issue's size)
#   GOFER_CSV_SLOW_MB    input size for the slow peers csvkit and Python (default 100):
#                        MB/s is size-independent for streaming tools, and a GB through
#                        csvkit takes many minutes.
bench_csv() {
  ensure_static_binary
  local mb=${GOFER_CSV_BENCH_MB:-1000} slow_mb=${GOFER_CSV_SLOW_MB:-100}
  if ! command -v mlr >/dev/null || ! command -v csvformat >/dev/null || ! command -v go >/dev/null; then
    say "csv: installing the peers (miller csvkit golang-go)"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq miller csvkit golang-go >/dev/null
  fi
  local data="$results/csv-data" gen="$root/../shared/bench/gen_messy_csv.py"
  mkdir -p "$data"
  [[ -f $data/messy-$mb.csv ]] || python3 "$gen" "$data/messy-$mb.csv" "$mb" >/dev/null
  [[ -f $data/messy-$slow_mb.csv ]] || python3 "$gen" "$data/messy-$slow_mb.csv" "$slow_mb" >/dev/null
  (cd "$root/tests/bench/peers" && GOCACHE="$data/go-cache" go build -o "$data/go-csv" csv_roundtrip.go)
  local big="$data/messy-$mb.csv" small="$data/messy-$slow_mb.csv"
  say "csv: $mb MB input ($(nproc) cores), slow peers on $slow_mb MB; $(uptime)"
  # --dates/--numbers exist once the cleaning half of issue 5 has landed.
  local typed=0
  "$static_bin" csv normalize --help 2>/dev/null | grep -q -- '--numbers' && typed=1
  python3 - "$results/csv.md" <<PY
import os, subprocess, sys, time
big, small = "$big", "$small"
gofer = ["$static_bin", "csv", "normalize", "-q"]
runs = [
    ("cat", ["cat", big], big),
    ("gofer csv normalize", gofer + [big], big),
    ("gofer csv normalize --threads 1", gofer + ["--threads", "1", big], big),
    ("gofer csv normalize --threads 2", gofer + ["--threads", "2", big], big),
    ("gofer csv normalize --clean", gofer + ["--clean", big], big),
    # The defaults above take one thread when the 1-min load average (which earlier rows of
    # this run raise) reaches the core count: the chunked path is measured explicitly too.
    ("gofer csv normalize --clean --threads 2", gofer + ["--clean", "--threads", "2", big], big),
    ("mlr --icsv --ocsv cat", ["mlr", "--icsv", "--ocsv", "--allow-ragged-csv-input", "cat", big], big),
    ("go encoding/csv", ["$data/go-csv", big], big),
    ("python csv", ["python3", "$root/tests/bench/peers/csv_roundtrip.py", small], small),
    ("csvkit csvformat", ["csvformat", small], small),
]
if $typed:
    typed_args = ["--clean", "--dates", "iso", "--numbers"]
    runs[6:6] = [("gofer csv normalize " + " ".join(typed_args), gofer + typed_args + [big], big),
                 ("gofer csv normalize " + " ".join(typed_args) + " --threads 2",
                  gofer + typed_args + ["--threads", "2", big], big)]
rows = []
for name, argv, path in runs:
    size = os.path.getsize(path) / 1e6
    start = time.monotonic()
    proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)  # this child's own peak RSS
    seconds = time.monotonic() - start
    cpu = usage.ru_utime + usage.ru_stime  # steadier than wall time on a loaded machine
    rows.append((name, size, seconds, size / seconds, usage.ru_maxrss / 1024,
                 os.waitstatus_to_exitcode(status), cpu, size / cpu))
    print(f"bench: {name}: {size / seconds:.0f} MB/s", file=sys.stderr)
gofer, gofer_cpu = rows[1][3], rows[1][7]
with open(sys.argv[1], "w") as out:
    out.write(f"load average (1, 5, 15 min) at the end: {os.getloadavg()}\n\n")
    out.write("| command | input MB | seconds | MB/s | peak RSS MB | gofer is x faster | CPU s "
              "| MB per CPU s | gofer is x cheaper | exit |\n")
    out.write("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n")
    for name, size, seconds, rate, rss, rc, cpu, cpu_rate in rows:
        out.write(f"| {name} | {size:.0f} | {seconds:.2f} | {rate:.0f} | {rss:.0f} | "
                  f"{gofer / rate:.2f} | {cpu:.2f} | {cpu_rate:.0f} | {gofer_cpu / cpu_rate:.2f} | {rc} |\n")
PY
  cat "$results/csv.md"
}
bench_csv
