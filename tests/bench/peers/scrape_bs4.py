"""The BeautifulSoup + lxml version of the scrape benchmark (the script `gofer scrape`
replaces): four fields of the product on each page, as CSV."""
import csv
import sys
from pathlib import Path
from urllib.parse import urljoin

from bs4 import BeautifulSoup

# Saved pages: links resolve against the URL they were saved from, as `gofer scrape --base`.
base = "https://shop.example/list/page.html"
writer = csv.writer(sys.stdout, lineterminator="\n")
writer.writerow(["name", "price", "sku", "url"])
for path in sys.argv[1:]:
    soup = BeautifulSoup(Path(path).read_bytes(), "lxml")
    for product in soup.select("div.product"):
        link = product.select_one("a.more")
        writer.writerow([
            product.select_one("h1").get_text(" ", strip=True),
            product.select_one(".price").get_text(" ", strip=True),
            product.select_one(".sku").get_text(" ", strip=True),
            urljoin(base, link["href"]).split("#")[0] if link else "",
        ])
