# Sourced by scripts/demo.sh ($gofer, cwd = a fresh temp dir, XDG_STATE_HOME set):
# preview, conflict refusal, apply and undo of a batch rename.
mkdir -p rename-demo && cd rename-demo
touch "Sales Report 2024.CSV" "Q1 Summary.CSV" "Budget Draft.csv" "notes.txt"
show ls -1
show "$gofer" rename --glob '*.csv' -e ' ' -r _ --case lower
# A file already holds one of the target names: the whole plan is refused, nothing changes.
touch "q1_summary.csv"
show "$gofer" rename --glob '*.csv' -e ' ' -r _ --case lower -x || echo "(exit $? — nothing was renamed)"
rm "q1_summary.csv"
show "$gofer" rename --glob '*.csv' -e ' ' -r _ --case lower -x -v
show ls -1
show "$gofer" rename --history
show "$gofer" rename --undo
show ls -1
cd ..
