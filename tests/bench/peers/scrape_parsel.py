"""The parsel (Scrapy's selectors, on lxml) version of the scrape benchmark: four fields of the
product on each page, as CSV."""
import csv
import sys
from urllib.parse import urljoin
from pathlib import Path

from parsel import Selector

# Saved pages: links resolve against the URL they were saved from, as `gofer scrape --base`.
base = "https://shop.example/list/page.html"
writer = csv.writer(sys.stdout, lineterminator="\n")
writer.writerow(["name", "price", "sku", "url"])
for path in sys.argv[1:]:
    sel = Selector(text=Path(path).read_text(encoding="utf-8"))
    for product in sel.css("div.product"):
        href = product.css("a.more::attr(href)").get(default="")
        writer.writerow([
            " ".join(" ".join(product.css("h1 ::text").getall()).split()),
            " ".join(" ".join(product.css(".price ::text").getall()).split()),
            " ".join(" ".join(product.css(".sku ::text").getall()).split()),
            urljoin(base, href).split("#")[0],
        ])
