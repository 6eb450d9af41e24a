#!/usr/bin/env python3
"""Peer for the csv benchmark: read with Python's csv module, write RFC 4180 to stdout."""
import csv
import sys

with open(sys.argv[1], newline="", encoding="utf-8", errors="replace") as src:
    writer = csv.writer(sys.stdout, lineterminator="\n")
    for row in csv.reader(src):
        writer.writerow(row)
