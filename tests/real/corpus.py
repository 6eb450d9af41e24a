"""The real-world CSV corpus: its manifest, and the reference reading of each file.

The manifest (tests/data/real/manifest.tsv) says by hand how each file is meant to be read;
Python's csv module with that dialect is the reference for cells and row counts.
"""

import csv
import dataclasses
import io
import os
from pathlib import Path

SOURCE_DIR = Path(__file__).resolve().parents[2]
MANIFEST = SOURCE_DIR / "tests/data/real/manifest.tsv"
KNOWN_MISREADS = SOURCE_DIR / "tests/data/real/known-misreads.txt"

DELIMITERS = {"comma": ",", "tab": "\t", "semicolon": ";", "pipe": "|", "colon": ":",
              "space": " "}
QUOTES = {"dquote": '"', "squote": "'", "none": None}
# Manifest encoding -> Python codec; UTF-8 and UTF-16 drop their BOM as gofer does.
CODECS = {"UTF-8": "utf-8-sig", "ISO-8859-1": "latin-1", "WINDOWS-1252": "cp1252",
          "UTF-16LE": "utf-16",
          "UTF-16BE": "utf-16", "GB18030": "gb18030"}
COLUMNS = ["name", "source", "path", "delimiter", "quote", "escape", "header", "encoding",
           "skip", "rows", "cols", "notes"]


@dataclasses.dataclass
class Entry:
    name: str
    source: str  # package=version
    path: str  # inside the package
    delimiter: str
    quote: str
    escape: str  # doubled | backslash
    header: str  # yes | no
    encoding: str
    skip: str  # - | comment (lines starting with #) | preamble:N
    rows: int  # data rows, the header excluded
    cols: int
    notes: str

    @property
    def delimiter_char(self):
        return DELIMITERS[self.delimiter]

    @property
    def quote_char(self):
        return QUOTES[self.quote]


def corpus_dir():
    """Where scripts/real-csv-corpus.sh put the flat corpus."""
    cache = os.environ.get("GOFER_REAL_CSV_DIR", str(SOURCE_DIR / "build/real-csv"))
    return Path(cache) / "corpus"


def load_manifest(path=MANIFEST):
    lines = [line for line in path.read_text(encoding="utf-8").splitlines()
             if line and not line.startswith("#")]
    header = lines[0].split("\t")
    if header != COLUMNS:
        raise ValueError(f"{path}: columns {header}, expected {COLUMNS}")
    entries = []
    for number, line in enumerate(lines[1:], start=2):
        fields = line.split("\t")
        if len(fields) != len(COLUMNS):
            raise ValueError(f"{path}: row {number} has {len(fields)} fields: {line!r}")
        values = dict(zip(COLUMNS, fields))
        values["rows"] = int(values["rows"])
        values["cols"] = int(values["cols"])
        entries.append(Entry(**values))
    return entries


def write_manifest(entries, path=MANIFEST):
    """Rewrites the rows, keeping the leading comment block as it is."""
    text = path.read_text(encoding="utf-8").splitlines()
    preface = [line for line in text if line.startswith("#")]
    body = ["\t".join(COLUMNS)]
    for e in entries:
        body.append("\t".join(str(getattr(e, c)) for c in COLUMNS))
    path.write_text("\n".join(preface + body) + "\n", encoding="utf-8")


def skip_lines(text, skip):
    if skip == "-":
        return text
    lines = text.splitlines(keepends=True)
    if skip == "comment":
        return "".join(line for line in lines if not line.startswith("#"))
    if skip.startswith("preamble:"):
        return "".join(lines[int(skip.split(":")[1]):])
    raise ValueError(f"unknown skip {skip!r}")


def reference_records(entry, data):
    """All records (header included) as Python's csv module reads them in the manifest's
    dialect; blank lines are no records."""
    text = skip_lines(data.decode(CODECS[entry.encoding]), entry.skip)
    options = {"delimiter": entry.delimiter_char, "strict": False}
    if entry.quote_char is None:
        options["quoting"] = csv.QUOTE_NONE
    else:
        options["quotechar"] = entry.quote_char
    if entry.escape == "backslash":
        options.update(escapechar="\\", doublequote=False)
    reader = csv.reader(io.StringIO(text, newline=""), **options)
    return [record for record in reader if record]


def shape(entry, records):
    """(data rows, columns) of a reference reading."""
    rows = len(records) - (1 if entry.header == "yes" and records else 0)
    cols = max((len(r) for r in records), default=0)
    return rows, cols
