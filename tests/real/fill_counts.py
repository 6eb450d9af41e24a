#!/usr/bin/env python3
"""Writes the rows and cols columns of tests/data/real/manifest.tsv from each file's reference
reading, so that only dialect, header, encoding and skip are decided by hand.

Usage: tests/real/fill_counts.py [--check]   (--check: exit 1 if a count would change)
"""

import sys

import corpus


def main():
    check = "--check" in sys.argv[1:]
    entries = corpus.load_manifest()
    directory = corpus.corpus_dir()
    changed = []
    for entry in entries:
        records = corpus.reference_records(entry, (directory / entry.name).read_bytes())
        rows, cols = corpus.shape(entry, records)
        if (rows, cols) != (entry.rows, entry.cols):
            changed.append(f"{entry.name}: {entry.rows}x{entry.cols} -> {rows}x{cols}")
            entry.rows, entry.cols = rows, cols
    for line in changed:
        print(line)
    if check:
        return 1 if changed else 0
    corpus.write_manifest(entries)
    print(f"{len(changed)} of {len(entries)} rows updated")
    return 0


if __name__ == "__main__":
    sys.exit(main())
