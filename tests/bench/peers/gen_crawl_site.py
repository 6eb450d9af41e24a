"""Writes a crawl benchmark site: PAGES pages in a tree of fan-out 10 (page i links to pages
10i+1 .. 10i+10, to its parent and to the index, so a crawler must dedupe), each ~2 KB of
HTML with a title, plus a robots.txt that disallows /private/ (linked from every page, never
served). Usage: gen_crawl_site.py DIR PAGES"""
import os
import sys

root, pages = sys.argv[1], int(sys.argv[2])
os.makedirs(os.path.join(root, "p"), exist_ok=True)
with open(os.path.join(root, "robots.txt"), "w") as out:
    out.write("User-agent: *\nDisallow: /private/\n")
filler = "<p>" + "lorem ipsum dolor sit amet " * 40 + "</p>\n"
for i in range(pages):
    links = [f'<a href="/p/{c}.html">page {c}</a>' for c in range(10 * i + 1, 10 * i + 11) if c < pages]
    links.append(f'<a href="/p/{(i - 1) // 10 if i else 0}.html">up</a>')
    links.append('<a href="/p/0.html">home</a><a href="/private/x.html">private</a>')
    with open(os.path.join(root, "p", f"{i}.html"), "w") as out:
        out.write(f"<!DOCTYPE html><html><head><title>Page {i}</title></head><body>\n"
                  f"<h1>Page {i}</h1>\n{filler}<nav>{' '.join(links)}</nav></body></html>\n")
