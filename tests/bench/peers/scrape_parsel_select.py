"""parsel's fastest use (Selector(text=...)) of one CSS selector over saved pages, one value a
line, as `gofer scrape --select SELECTOR FILE...` writes them: attribute values that are
links (href, src) joined to the page's file:// URL as gofer resolves them (urljoin), text
values with HTML whitespace runs collapsed (not U+00A0, which HTML does not count as space). Usage: scrape_parsel_select.py SELECTOR FILE..."""
import re
import sys
from pathlib import Path
from urllib.parse import urljoin

from parsel import Selector

HTML_SPACE = re.compile(r"[ \t\n\r\f]+")
selector = sys.argv[1]
is_link = selector.endswith("::attr(href)") or selector.endswith("::attr(src)")
out = sys.stdout
for name in sys.argv[2:]:
    path = Path(name).resolve()
    sel = Selector(text=path.read_text(encoding="utf-8", errors="replace"))
    base = path.as_uri()
    for value in sel.css(selector).getall():
        if is_link:
            value = urljoin(base, value.strip())
        else:
            value = HTML_SPACE.sub(" ", value).strip(" ")
        out.write(value + "\n")
