# gofer scrape demo (sourced by scripts/demo.sh with $gofer set and cwd = a temp dir).
# A small saved shop (UTF-8, windows-1252, and sloppy HTML with unclosed tags) becomes one
# product table; then every link of one page, made absolute against the URL it was saved from.
cp -r "$root/tests/data/scrape/shop" shop
show "$gofer" scrape --base https://shop.example/cat/ --select '.product' \
  --field sku='::attr(data-sku)' --field name=h2 --field price=.price \
  --field url='a.more::attr(href)' shop/chairs.html shop/tables.html shop/lamps.html -o products.csv
show cat products.csv
show "$gofer" scrape --base https://shop.example/cat/ shop/lamps.html
# The same shop served by a local web server and crawled: robots.txt is asked for first (none
# here: everything allowed), then the category pages the pagination links lead to.
serve_directory shop
show "$gofer" scrape --follow 'a[href$="s.html"]' --select '.product' \
  --field sku='::attr(data-sku)' --field name=h2 --field price=.price \
  "http://127.0.0.1:$served_port/chairs.html" -o crawled.csv
show cat crawled.csv
kill "$served_pid"
