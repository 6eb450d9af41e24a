# scrape benchmark (sourced by scripts/bench.sh): `gofer scrape` extracting four fields from
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
bench_scrape
