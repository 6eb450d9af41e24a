"""Writes a site whose 1,000 pages (linked from /index.html) link to 1,000 distinct URLs each
that are never fetched: crawling it with --max-pages 1001 leaves 1,000,000 URLs queued, for a
peak RSS measurement of the frontier. Usage: gen_queue_site.py DIR"""
import os
import sys

root = sys.argv[1]
os.makedirs(os.path.join(root, "q"), exist_ok=True)
with open(os.path.join(root, "index.html"), "w") as out:
    out.write("".join(f'<a href="q/{i}.html">{i}</a>' for i in range(1000)))
for i in range(1000):
    with open(os.path.join(root, "q", f"{i}.html"), "w") as out:
        out.write("".join(f'<a href="/x/{i}/{j}.html">x</a>' for j in range(1000)))
