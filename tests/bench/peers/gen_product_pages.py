"""Writes N saved product pages (about 50 KB each, like a real shop page with its navigation,
scripts and description) into DIR: page-00001.html ... Deterministic for a given N."""
import os
import random
import sys

out_dir, count = sys.argv[1], int(sys.argv[2])
os.makedirs(out_dir, exist_ok=True)
rng = random.Random(17)
words = ("chair table lamp oak walnut linen steel soft warm bright modern classic handmade "
         "durable compact elegant natural") .split()
nav = "".join(f'<li><a href="/c/{i}/">Category {i}</a></li>' for i in range(60))
script = "<script>var cfg = {" + ",".join(f'"k{i}": {i}' for i in range(400)) + "};</script>"
for n in range(1, count + 1):
    name = " ".join(rng.choice(words).capitalize() for _ in range(3))
    paragraphs = "".join(
        "<p>" + " ".join(rng.choice(words) for _ in range(120)) + "</p>" for _ in range(48))
    related = "".join(
        f'<div class="card"><a href="/p/{rng.randrange(10**6)}.html">{rng.choice(words)}</a>'
        f'<span class="price">{rng.randrange(5, 900)}.99</span></div>' for _ in range(30))
    page = f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{name} | Shop</title>{script}</head>
<body><header><ul class="nav">{nav}</ul></header>
<main><div class="product" data-sku="SKU-{n:05d}">
<h1 class="name">{name}</h1>
<span class="price">{rng.randrange(5, 2000)}.{rng.randrange(100):02d}</span>
<span class="sku">SKU-{n:05d}</span>
<a class="more" href="../p/{n}.html?ref=list#top">Details</a>
<div class="description">{paragraphs}</div></div>
<section class="related">{related}</section></main><footer>&copy; Shop</footer></body></html>
"""
    with open(os.path.join(out_dir, f"page-{n:05d}.html"), "w", encoding="utf-8") as f:
        f.write(page)
