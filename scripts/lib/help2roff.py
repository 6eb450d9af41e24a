#!/usr/bin/env python3
"""help2roff.py "gofer csv normalize" < help-text  ->  roff for one .SS subsection.

Turns one command's CLI11 --help text into man-page roff: "Options:"-style headings become
bold paragraphs, "  -x,--flag TYPE   description" rows become .TP entries (continuation
lines join the description), and the Examples block stays verbatim (.nf). help2man formats
the root `gofer --help`; scripts/lib/man-page.sh feeds every command through this."""
import re
import sys


def esc(text: str) -> str:
    text = text.replace("\\", "\\e").replace("-", "\\-")
    return "\\&" + text if text.startswith((".", "'")) else text


def convert(title: str, lines: list[str]) -> list[str]:
    out = [f".SS {esc(title)}"]
    verbatim = False
    for line in lines:
        if not line.strip():
            if verbatim:
                out.append(".fi")
                verbatim = False
            out.append(".PP")
            continue
        if re.match(r"^\S.*:$", line):  # a heading: "Options:", "Examples:"
            out.append(f".PP\n\\fB{esc(line)}\\fR")
            if line.startswith("Examples"):
                out.append(".nf")
                verbatim = True
            continue
        if verbatim:
            out.append(esc(line))
            continue
        if not line.startswith(" "):  # top-level prose: the summary, "Usage: ..."
            out.append(f".PP\n{esc(line)}")
            continue
        row = re.match(r"^ {1,4}(\S.*?)(?: {2,}(\S.*))?$", line)
        if row:
            out.append(f".TP\n\\fB{esc(row.group(1))}\\fR")
            if row.group(2):
                out.append(esc(row.group(2)))
        else:
            out.append(esc(line.strip()))
    if verbatim:
        out.append(".fi")
    return out


if __name__ == "__main__":
    print("\n".join(convert(sys.argv[1], sys.stdin.read().splitlines())))
