"""The doc-tree extraction benchmark (tests/bench/scrape.bench.sh, bench_scrape_doc_extract).

Usage: doc_extract.py OUT.md GOFER LEXBOR_FLOOR PEERS_DIR RUNS NAME=HTML_DIR...

For each tree and selector, runs gofer, parsel and the lexbor C floor alternately RUNS times,
timing wall and CPU (user + sys of the child, from wait4) and writing a Markdown table."""
import csv
import io
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

out_md, gofer, floor, peers_dir, runs = sys.argv[1:6]
trees = [arg.split("=", 1) for arg in sys.argv[6:]]
SELECTORS = [("title::text", "title"), ("a::attr(href)", "href")]


def timed(argv):
    """(wall s, cpu s, stdout bytes) of one run; stdout is kept to compare rows."""
    start = time.perf_counter()
    child = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    output = child.stdout.read()
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"doc_extract: {argv[0]} failed with {status}")
    return wall, usage.ru_utime + usage.ru_stime, output


def gofer_rows(output):
    rows = list(csv.reader(io.StringIO(output.decode("utf-8"))))
    return [row[0] for row in rows[1:]]  # the header is the column's name


def text_rows(output):
    return output.decode("utf-8").splitlines()


def measure(files, selector, mode):
    tools = {
        "gofer scrape (all cores)": ([gofer, "scrape", "-q", "--select", selector, *files], gofer_rows),
        "parsel Selector(text=)": (["/usr/bin/python3", f"{peers_dir}/scrape_parsel_select.py",
                                    selector, *files], text_rows),
        "lexbor C floor (1 thread)": ([floor, mode, *files], text_rows),
    }
    measured = {name: [] for name in tools}
    rows = {}
    for _ in range(int(runs)):
        for name, (argv, parse) in tools.items():
            wall, cpu, output = timed(argv)
            measured[name].append((wall, cpu))
            rows[name] = parse(output)
    return tools, measured, rows


def differing(a, b):
    return sum(x != y for x, y in zip(a, b)) + abs(len(a) - len(b))


with open(out_md, "w") as out:
    out.write(f"Extraction from saved doc pages; medians of {runs} alternating runs, "
              f"{os.cpu_count()} cores; load average at the start: {os.getloadavg()}\n\n")
    for name, html in trees:
        files = sorted(str(p) for p in Path(html).rglob("*.html"))
        for selector, mode in SELECTORS:
            tools, measured, rows = measure(files, selector, mode)
            out.write(f"### {name}: {len(files)} pages, `{selector}`\n\n")
            out.write("| tool | rows | wall s (runs) | pages/s | CPU s | CPU ms/page |\n")
            out.write("|---|---:|---:|---:|---:|---:|\n")
            med = {}
            for tool in tools:
                walls = [w for w, _ in measured[tool]]
                cpus = [c for _, c in measured[tool]]
                med[tool] = (statistics.median(walls), statistics.median(cpus))
                each = ", ".join(f"{w:.2f}" for w in walls)
                out.write(f"| {tool} | {len(rows[tool])} | {med[tool][0]:.2f} ({each}) | "
                          f"{len(files) / med[tool][0]:.0f} | {med[tool][1]:.2f} | "
                          f"{1000 * med[tool][1] / len(files):.2f} |\n")
            g, p, c = (med[t] for t in tools)
            names = list(tools)
            diff = differing(rows[names[0]], rows[names[1]])
            out.write(f"\ngofer / parsel speed: {p[0] / g[0]:.2f}x; gofer CPU / C floor CPU: "
                      f"{g[1] / c[1]:.2f}x; rows differing from parsel + urljoin: {diff} of "
                      f"{len(rows[names[1]])}\n\n")
