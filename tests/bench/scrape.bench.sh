# scrape benchmarks (sourced by scripts/bench.sh). Extraction: `gofer scrape` extracting four fields from
# 2,000 saved product pages (about 100 MB) into CSV, against parsel (Scrapy's selectors, on
# lxml), BeautifulSoup with lxml, and pup (one process per page, as it reads one page), in the
# same run. Reports pages/s, peak RSS and ratios, and checks gofer's CSV equals parsel's.
#   GOFER_SCRAPE_BENCH_PAGES   pages (default 2000, the issue's size)
#   GOFER_SCRAPE_SLOW_PAGES    pages for BeautifulSoup and pup (default 500): pages/s does not
#                              depend on the count, and BeautifulSoup takes minutes for 2,000.
bench_scrape() {
  ensure_static_binary
  local pages=${GOFER_SCRAPE_BENCH_PAGES:-2000} slow=${GOFER_SCRAPE_SLOW_PAGES:-500}
  if ! /usr/bin/python3 -c 'import parsel, bs4, lxml' 2>/dev/null || ! command -v pup >/dev/null; then
    say "scrape: installing the peers (python3-parsel python3-bs4 python3-lxml pup)"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
      python3-parsel python3-bs4 python3-lxml pup >/dev/null
  fi
  local data="$results/scrape-data"
  if [[ ! -f $data/pages-$pages/page-$(printf %05d "$pages").html ]]; then
    /usr/bin/python3 "$root/tests/bench/peers/gen_product_pages.py" "$data/pages-$pages" "$pages"
  fi
  say "scrape: $pages pages ($(du -sm "$data/pages-$pages" | cut -f1) MB), slow peers on $slow; $(uptime)"
  /usr/bin/python3 - "$results/scrape.md" "$static_bin" "$data/pages-$pages" "$pages" "$slow" \
    "$root/tests/bench/peers" <<'PY'
import os, subprocess, sys, time
out_md, gofer, pages_dir, count, slow, peers = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), int(sys.argv[5]), sys.argv[6]
files = sorted(os.path.join(pages_dir, f) for f in os.listdir(pages_dir))[:count]
few = files[:slow]
fields = ["--base", "https://shop.example/list/page.html", "--select", "div.product", "--field", "name=h1", "--field", "price=.price",
          "--field", "sku=.sku", "--field", "url=a.more::attr(href)"]
py = "/usr/bin/python3"
runs = [
    ("gofer scrape", [gofer, "scrape", "-q", *fields, *files], len(files)),
    ("parsel (lxml)", [py, f"{peers}/scrape_parsel.py", *files], len(files)),
    ("BeautifulSoup (lxml)", [py, f"{peers}/scrape_bs4.py", *few], len(few)),
    ("pup, one process per page", ["bash", "-c", 'for f in "$@"; do pup "div.product json{}" < "$f"; done', "pup", *few], len(few)),
]
rows, outputs = [], {}
for name, argv, n in runs:
    start = time.monotonic()
    proc = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    output = proc.stdout.read()
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.monotonic() - start
    outputs[name] = output
    cpu = usage.ru_utime + usage.ru_stime
    rows.append((name, n, seconds, n / seconds, usage.ru_maxrss / 1024, cpu, n / cpu, os.waitstatus_to_exitcode(status)))
    print(f"bench: {name}: {n / seconds:.0f} pages/s, {usage.ru_maxrss / 1024:.0f} MB RSS", file=sys.stderr)
same = outputs["gofer scrape"] == outputs["parsel (lxml)"]
gofer_rate, gofer_cpu_rate = rows[0][3], rows[0][6]
with open(out_md, "w") as out:
    out.write(f"load average (1, 5, 15 min) at the end: {os.getloadavg()}\n")
    out.write(f"gofer's CSV is byte-identical to parsel's: {same}\n\n")
    out.write("| command | pages | seconds | pages/s | peak RSS MB | gofer is x faster | CPU s | pages per CPU s | gofer is x cheaper | exit |\n")
    out.write("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n")
    for name, n, seconds, rate, rss, cpu, cpu_rate, rc in rows:
        out.write(f"| {name} | {n} | {seconds:.2f} | {rate:.0f} | {rss:.0f} | {gofer_rate / rate:.2f} | "
                  f"{cpu:.2f} | {cpu_rate:.0f} | {gofer_cpu_rate / cpu_rate:.2f} | {rc} |\n")
PY
  cat "$results/scrape.md"
}

# The crawl half: nginx on 127.0.0.1 serving a generated site (GOFER_CRAWL_BENCH_PAGES, default
# 10,000 pages, fan-out 10, so depth 4 reaches all), crawled with robots.txt obeyed and 16
# transfers (16 per host) by gofer, wget2 -r (pages saved to tmpfs) and Scrapy (Debian's 2.8).
# Requests per second are counted from nginx's access log; peak RSS from wait4.
bench_scrape_crawl() {
  ensure_static_binary
  local pages=${GOFER_CRAWL_BENCH_PAGES:-10000} depth=4
  command -v nginx >/dev/null && command -v wget2 >/dev/null &&
    /usr/bin/python3 -c 'import scrapy' 2>/dev/null ||
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx-light wget2 \
      python3-scrapy=2.8.0-2 >/dev/null
  local work port
  work=$(mktemp -d /dev/shm/gofer-bench-crawl.XXXXXX)
  chmod 755 "$work"
  /usr/bin/python3 "$root/tests/bench/peers/gen_crawl_site.py" "$work/site" "$pages"
  start_nginx "$work" "$work/site" "$work/access.log"
  local start="http://127.0.0.1:$port/p/0.html"
  curl -sf -o /dev/null "$start" || { say "crawl: nginx does not serve $work/site"; return 1; }
  say "crawl: $pages pages, depth $depth; $(uptime)"
  /usr/bin/python3 - "$results/scrape-crawl.md" "$work" "$start" "$depth" "$static_bin" \
    "$root/tests/bench/peers" <<'PY'
import importlib.util, os, sys
out_md, work, start, depth, gofer, peers = sys.argv[1:7]
runs = [
    ("gofer scrape --crawl", [gofer, "scrape", "-q", "--crawl", "--depth", depth, "-j", "16",
                              "--per-host", "16", "--select", "title", start]),
    ("wget2 -r", ["wget2", "-q", "-r", "-l", depth, "--max-threads=16", "-P", f"{work}/wget2", start]),
]
if importlib.util.find_spec("scrapy"):
    runs.append(("Scrapy", ["/usr/bin/python3", f"{peers}/crawl_scrapy.py", start, depth]))
sys.path.insert(0, peers)
from nginx_run import run_crawler
rows = []
for name, argv in runs:
    seconds, requests, rss, code = run_crawler(work, argv)
    rows.append((name, requests, seconds, requests / seconds, rss, code))
    print(f"bench: {name}: {requests} requests, {requests / seconds:.0f}/s, {rss:.0f} MB",
          file=sys.stderr)
base = rows[0][3]
with open(out_md, "w") as out:
    out.write(f"load average (1, 5, 15 min) at the end: {os.getloadavg()}\n\n")
    out.write("| crawler | requests | seconds | requests/s | gofer is x faster | peak RSS MB | exit |\n")
    out.write("|---|---:|---:|---:|---:|---:|---:|\n")
    for name, requests, seconds, rate, rss, rc in rows:
        out.write(f"| {name} | {requests} | {seconds:.2f} | {rate:.0f} | {base / rate:.2f} | {rss:.0f} | {rc} |\n")
PY
  # Peak RSS with 1,000,000 URLs queued (the issue's budget: 100 MB).
  /usr/bin/python3 "$root/tests/bench/peers/gen_queue_site.py" "$work/site/queue"
  XDG_STATE_HOME="$work/state" /usr/bin/time -v "$static_bin" scrape -q --crawl --ignore-robots \
    --max-pages 1001 --max-urls-per-host 2000000 -j 16 --per-host 16 \
    "http://127.0.0.1:$port/queue/index.html" >/dev/null 2>"$work/time-queue.txt" || true
  echo "| gofer scrape, 1,000,000 URLs queued | peak RSS $(awk -F': ' '/Maximum resident/ {print $2}' \
    "$work/time-queue.txt") KB |" >>"$results/scrape-crawl.md"
  kill "$(cat "$work/nginx.pid")"
  rm -rf "$work"
  cat "$results/scrape-crawl.md"
}
# A real documentation tree nobody here wrote (issue 29): a Debian package's HTML docs
# (GOFER_CRAWL_DOC_PACKAGE, default python3.11-doc: 530 Sphinx pages, ~100 KB each, dense with
# links; GOFER_CRAWL_DOC_DIR is its HTML directory inside the package), fetched with
# `apt-get download` and unpacked (never installed) under the results dir, served by nginx on
# 127.0.0.1, crawled from index.html at depth 4 with 16 transfers to the host by gofer
# (--links, every link row) and by wget2 -r, alternately, GOFER_CRAWL_DOC_RUNS times (default
# 3). Requests from nginx's access log, peak RSS from wait4; medians, and gofer's ratios.
# A Debian package's HTML documentation, downloaded and unpacked (never installed) once under
# the results dir: doc_tree PACKAGE HTML_DIR sets $cache to the unpacked root.
doc_tree() {
  local package=$1 html=$2
  cache="$results/scrape-data/$package"
  if [[ ! -f $cache/$html/index.html ]]; then
    mkdir -p "$cache/deb"
    (cd "$cache/deb" && apt-get download -qq "$package" 2>/dev/null) ||
      { say "doc: apt-get download $package failed"; return 1; }
    dpkg-deb -x "$cache"/deb/"$package"_*.deb "$cache"
  fi
}

bench_scrape_doc_tree() {
  ensure_static_binary
  local package=${GOFER_CRAWL_DOC_PACKAGE:-python3.11-doc}
  local html=${GOFER_CRAWL_DOC_DIR:-usr/share/doc/python3.11/html}
  command -v nginx >/dev/null && command -v wget2 >/dev/null ||
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx-light wget2 >/dev/null
  local cache
  doc_tree "$package" "$html" || return 1
  local work port
  work=$(mktemp -d /dev/shm/gofer-bench-doc.XXXXXX)
  chmod 755 "$work"
  start_nginx "$work" "$cache/$html" "$work/access.log"
  local start="http://127.0.0.1:$port/index.html"
  curl -sf -o /dev/null "$start" || { say "crawl-doc: nginx does not serve $cache/$html"; return 1; }
  say "crawl-doc: $package ($(find "$cache/$html" -name '*.html' | wc -l) pages), depth 4; $(uptime)"
  /usr/bin/python3 - "$results/scrape-crawl-doc.md" "$work" "$start" "$static_bin" "$package" \
    "${GOFER_CRAWL_DOC_RUNS:-3}" "$root/tests/bench/peers" <<'PY'
import os, statistics, sys
out_md, work, start, gofer, package, runs, peers_dir = sys.argv[1:8]
peers = [
    ("gofer scrape --crawl --links", [gofer, "scrape", "-q", "--crawl", "--depth", "4", "-j", "16",
                                      "--per-host", "16", "--links", start]),
    ("wget2 -r", ["wget2", "-q", "-r", "-l", "4", "--max-threads=16", "-P", f"{work}/wget2", start]),
]
sys.path.insert(0, peers_dir)
from nginx_run import run_crawler
measured = {name: [] for name, _ in peers}
for _ in range(int(runs)):
    for name, argv in peers:
        seconds, requests, rss, code = run_crawler(work, argv)
        measured[name].append((seconds, requests, rss, code))
        print(f"bench: {name}: {requests} requests in {seconds:.2f} s, {rss:.0f} MB", file=sys.stderr)
rows = []
for name, _ in peers:
    runs_of = measured[name]
    seconds = statistics.median(r[0] for r in runs_of)
    requests = statistics.median(r[1] for r in runs_of)
    rss = statistics.median(r[2] for r in runs_of)
    rows.append((name, requests, seconds, requests / seconds, rss, sorted({r[3] for r in runs_of}),
                 [f"{r[0]:.2f}" for r in runs_of]))
gofer_row, wget2_row = rows
with open(out_md, "w") as out:
    out.write(f"{package}, depth 4, 16 transfers; medians of {runs} alternating runs; "
              f"load average at the end: {os.getloadavg()}\n\n")
    out.write("| crawler | requests | seconds (runs) | requests/s | peak RSS MB | exit codes |\n")
    out.write("|---|---:|---:|---:|---:|---|\n")
    for name, requests, seconds, rate, rss, codes, each in rows:
        out.write(f"| {name} | {requests:.0f} | {seconds:.2f} ({', '.join(each)}) | {rate:.0f} | "
                  f"{rss:.0f} | {codes} |\n")
    out.write(f"\ngofer / wget2: requests/s {gofer_row[3] / wget2_row[3]:.2f}x, "
              f"peak RSS {gofer_row[4] / wget2_row[4]:.2f}x\n")
PY
  kill "$(cat "$work/nginx.pid")"
  rm -rf "$work"
  cat "$results/scrape-crawl-doc.md"
}

# Extraction from the saved pages of two real documentation trees (issue 29): `title::text`
# and `a::attr(href)` over every page by gofer (all cores), parsel (Selector(text=...), one
# process) and a bare single-threaded C program on lexbor (tests/bench/peers/lexbor_select.c,
# the engine's floor), alternately GOFER_DOC_EXTRACT_RUNS times (default 3). Reports medians of
# wall and CPU seconds, gofer's speed over parsel's, gofer's CPU per page over the C floor's,
# and whether gofer's rows equal parsel + urljoin's (differing rows counted).
bench_scrape_doc_extract() {
  ensure_static_binary
  local lexbor=${GOFER_LEXBOR_PREFIX:-/opt/gofer/lexbor} cache
  [[ -f $lexbor/lib/liblexbor_static.a ]] || { say "doc-extract: no lexbor in $lexbor (scripts/setup.sh)"; return 1; }
  local floor="$results/lexbor_select"
  cc -O2 -I"$lexbor/include" "$root/tests/bench/peers/lexbor_select.c" \
    "$lexbor/lib/liblexbor_static.a" -o "$floor"
  local -a trees=()
  for spec in python3.11-doc:usr/share/doc/python3.11/html \
              postgresql-doc-15:usr/share/doc/postgresql-doc-15/html; do
    doc_tree "${spec%%:*}" "${spec#*:}" || return 1
    trees+=("${spec%%:*}=$cache/${spec#*:}")
  done
  say "doc-extract: ${trees[*]}; $(uptime)"
  /usr/bin/python3 "$root/tests/bench/peers/doc_extract.py" "$results/scrape-doc-extract.md" \
    "$static_bin" "$floor" "$root/tests/bench/peers" "${GOFER_DOC_EXTRACT_RUNS:-3}" "${trees[@]}"
  cat "$results/scrape-doc-extract.md"
}

# GOFER_SCRAPE_BENCH=extract, crawl (the synthetic site and the doc tree), doc (the doc tree's
# crawl) or doc-extract (local pages of two doc trees) runs only those.
case ${GOFER_SCRAPE_BENCH:-all} in
  extract) bench_scrape ;;
  crawl) bench_scrape_crawl; bench_scrape_doc_tree ;;
  doc) bench_scrape_doc_tree ;;
  doc-extract) bench_scrape_doc_extract ;;
  *) bench_scrape; bench_scrape_crawl; bench_scrape_doc_tree; bench_scrape_doc_extract ;;
esac
