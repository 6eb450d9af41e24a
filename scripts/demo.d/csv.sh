# gofer csv demo (sourced by scripts/demo.sh with $gofer set and cwd = a temp dir).
# A messy Excel export (Windows-1252, ';', Excel's sep= line, ragged rows) becomes clean
# UTF-8 CSV with ISO dates and plain numbers; then `check` lists the problems of a broken file and exits 3.
csv_data="$root/tests/data/csv"
cp "$csv_data/messy-excel-1252.csv" export.csv
cp "$csv_data/broken-fields.csv" broken-fields.csv
show "$gofer" csv sniff export.csv
show "$gofer" csv normalize --clean --dates iso --numbers export.csv -o clean.csv --rejects rejects.csv || true
show cat clean.csv
show cat rejects.csv
show "$gofer" csv check --strict broken-fields.csv || true
