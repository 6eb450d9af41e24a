#!/usr/bin/env python3
"""Runs gofer over the real-world CSV corpus and says which files it reads wrong.

For every file of tests/data/real/manifest.tsv: `gofer --json csv sniff` (dialect, header,
encoding) and `gofer --json csv normalize -o` (the records), compared with the manifest and with
Python's csv module reading the file in the manifest's dialect. A file is
  right    when everything matches and gofer said nothing about being unsure;
  flagged  when it is not right but gofer refused it or warned (not a silent misread);
  wrong    when gofer read it differently and said nothing.
tests/data/real/known-misreads.txt lists the files not read right today (a ratchet): the run
fails on a new misread and on a listed file that is now read right, so the list only shrinks.

Usage: run_corpus.py [--gofer PATH] [--write-known]
         exit 0 ok, 1 ratchet broken, 77 no corpus
"""

import argparse
import concurrent.futures
import csv
import io
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import corpus

SKIPPED = 77  # ctest's SKIP_RETURN_CODE for this test
# gofer's names that read a manifest encoding right (ASCII files are UTF-8 in the manifest;
# a Latin-1 file read as windows-1252 or ISO-8859-15 gets the same text when no byte differs,
# which the cell comparison checks).
SAME_ENCODING = {
    "UTF-8": {"UTF-8", "ASCII", "US-ASCII"},
    "ISO-8859-1": {"ISO-8859-1", "WINDOWS-1252", "ISO-8859-15"},
    "WINDOWS-1252": {"WINDOWS-1252"},
    "UTF-16LE": {"UTF-16LE", "UTF-16"},
    "UTF-16BE": {"UTF-16BE", "UTF-16"},
    "GB18030": {"GB18030"},
}


def run_json(command):
    """gofer's JSON lines: (exit code, objects)."""
    done = subprocess.run(command, capture_output=True, timeout=120, check=False)
    objects = [json.loads(line) for line in done.stdout.decode().splitlines() if line.strip()]
    return done.returncode, objects


def first_of(objects, kind):
    return next((o for o in objects if o.get("type") == kind), None)


def trimmed(record):
    """A record without trailing empty cells: padding a short row is not a misread."""
    end = len(record)
    while end > 0 and record[end - 1] == "":
        end -= 1
    return record[:end]


def describe_cells(ours, theirs):
    for index, (a, b) in enumerate(zip(ours, theirs)):
        if trimmed(a) != trimmed(b):
            return f"record {index + 1}: gofer {short(a)} vs {short(b)}"
    return None


def short(record):
    text = repr(record)
    return text if len(text) <= 90 else text[:87] + "..."


def dialect_differences(entry, sniffed, records, data):
    dialect = sniffed.get("dialect", {})
    found = []
    widest = max((len(r) for r in records), default=0)
    if widest > 1 and dialect.get("delimiter") != entry.delimiter_char:
        found.append(("delimiter", f"gofer {dialect.get('delimiter')!r}, "
                                   f"manifest {entry.delimiter_char!r}"))
    quote = entry.quote_char
    if quote and quote.encode() in data and dialect.get("quote") != quote:
        found.append(("quote", f"gofer {dialect.get('quote')!r}, manifest {quote!r}"))
    header = "yes" if dialect.get("header") else "no"
    if header != entry.header:
        found.append(("header", f"gofer {header}, manifest {entry.header}"))
    encoding = str(sniffed.get("encoding", "")).upper()
    if encoding not in SAME_ENCODING[entry.encoding]:
        found.append(("encoding", f"gofer {encoding}, manifest {entry.encoding}"))
    return found


def record_differences(records, output, report):
    found = []
    rejected = report.get("rejected", 0) if report else 0
    note = f" ({rejected} reported rejected)" if rejected else ""
    if len(output) < len(records):
        found.append(("rows lost", f"{len(output)} records of {len(records)}{note}"))
    elif len(output) > len(records):
        found.append(("rows extra", f"{len(output)} records, {len(records)} in the file"))
    cells = describe_cells(output, records)
    if cells:
        found.append(("cells", cells))
    return found


def unsure(objects):
    """Warnings gofer gave about its reading (any object's non-empty `warnings`)."""
    return [w for o in objects for w in (o.get("warnings") or [])]


def judge(entry, gofer, directory, scratch):
    """(status, [(class, detail)]) for one file."""
    path = directory / entry.name
    data = path.read_bytes()
    records = corpus.reference_records(entry, data)
    if corpus.shape(entry, records) != (entry.rows, entry.cols):
        return "manifest", [("manifest", f"rows/cols {corpus.shape(entry, records)} differ "
                                         f"from the manifest's ({entry.rows}, {entry.cols})")]
    _, sniff_objects = run_json([gofer, "--json", "csv", "sniff", str(path)])
    out = Path(scratch) / (entry.name + ".out.csv")
    _, normalize_objects = run_json(
        [gofer, "--json", "csv", "normalize", str(path), "-o", str(out)])
    errors = [o["error"] for o in sniff_objects + normalize_objects
              if o.get("type") == "error"]
    if errors:
        return "flagged", [("refused", errors[0].replace(str(path), entry.name))]
    sniffed = first_of(sniff_objects, "sniff") or {}
    report = first_of(normalize_objects, "file")
    output = list(csv.reader(io.StringIO(out.read_text(encoding="utf-8", errors="replace"),
                                         newline="")))
    output = [r for r in output if r]
    # R's header over row names is one cell short; gofer names that column "" (as pandas
    # gives it no name): the reference header gets the same empty first cell.
    if sniffed.get("dialect", {}).get("row_names") and records and entry.header == "yes":
        records = [[""] + records[0]] + records[1:]
    found = dialect_differences(entry, sniffed, records, data)
    found += record_differences(records, output, report)
    if not found:
        return "right", []
    warnings = unsure(sniff_objects + normalize_objects)
    if warnings:
        return "flagged", found + [("warned", warnings[0])]
    return "wrong", found


def load_known():
    known = {}
    if corpus.KNOWN_MISREADS.exists():
        for line in corpus.KNOWN_MISREADS.read_text(encoding="utf-8").splitlines():
            if line.strip() and not line.startswith("#"):
                name, _, reason = line.partition(" ")
                known[name] = reason.strip()
    return known


def write_known(results):
    lines = ["# Files of tests/data/real/manifest.tsv that gofer does not read right yet, one per",
             "# line: name, then what differs. tests/real/run_corpus.py fails on a misread not",
             "# listed here and on a listed file read right: remove its line when fixed.",
             "# Regenerate: tests/real/run_corpus.py --write-known"]
    for name, (status, found) in sorted(results.items()):
        if status != "right":
            reason = "; ".join(f"{kind}: {detail}" for kind, detail in found)
            lines.append(f"{name} {status}: {reason}")
    corpus.KNOWN_MISREADS.write_text("\n".join(lines) + "\n", encoding="utf-8")


def ratchet(results, known):
    """Lines saying how this run breaks the known-misreads list (empty: it holds)."""
    broken = []
    for name, (status, _) in sorted(results.items()):
        if status != "right" and name not in known:
            broken.append(f"NEW MISREAD {name}: not in {corpus.KNOWN_MISREADS.name}")
        if status == "right" and name in known:
            broken.append(f"NOW READ RIGHT {name}: remove its line from "
                          f"{corpus.KNOWN_MISREADS.name}")
    broken += [f"UNKNOWN FILE {name} in {corpus.KNOWN_MISREADS.name}"
               for name in sorted(set(known) - set(results))]
    return broken


def print_results(results):
    for name, (status, found) in sorted(results.items()):
        if status != "right":
            print(f"{status.upper()} {name}: " + "; ".join(f"{k}: {d}" for k, d in found))
    counts = {s: sum(1 for v in results.values() if v[0] == s)
              for s in ("right", "flagged", "wrong", "manifest")}
    total = len(results)
    print(f"{counts['right']} of {total} read right ({100.0 * counts['right'] / total:.1f}%), "
          f"{counts['flagged']} flagged, {counts['wrong']} silent-wrong"
          + (f", {counts['manifest']} manifest rows stale" if counts["manifest"] else ""))
    return counts


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gofer", help="the binary (default: $GOFER_BIN, else --built-gofer)")
    parser.add_argument("--built-gofer", default=str(corpus.SOURCE_DIR / "build/dev/src/cli/gofer"),
                        help="the build's binary, used when neither --gofer nor $GOFER_BIN")
    parser.add_argument("--write-known", action="store_true",
                        help="rewrite known-misreads.txt from this run")
    args = parser.parse_args()
    # GOFER_BIN points every CLI test at another build (CI's static binary), this one included.
    args.gofer = args.gofer or os.environ.get("GOFER_BIN") or args.built_gofer
    entries = corpus.load_manifest()
    directory = corpus.corpus_dir()
    missing = [e.name for e in entries if not (directory / e.name).exists()]
    if missing:
        print(f"SKIP: the real-world CSV corpus is not in {directory} ({len(missing)} of "
              f"{len(entries)} files missing); run scripts/real-csv-corpus.sh")
        return SKIPPED
    with tempfile.TemporaryDirectory() as scratch, \
            concurrent.futures.ThreadPoolExecutor(os.cpu_count() or 2) as pool:
        futures = {e.name: pool.submit(judge, e, args.gofer, directory, scratch)
                   for e in entries}
        results = {name: future.result() for name, future in futures.items()}
    counts = print_results(results)
    if args.write_known:
        write_known(results)
        return 0
    broken = ratchet(results, load_known())
    for line in broken:
        print(line)
    return 1 if broken or counts["manifest"] else 0


if __name__ == "__main__":
    sys.exit(main())
