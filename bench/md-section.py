#!/usr/bin/env python3
"""Replaces one section of a generated markdown file, leaving the others as they are.

    bench/md-section.py FILE NAME < section.md

The section sits between <!-- NAME:begin --> and <!-- NAME:end -->; a file without it gets it appended, a
missing file is created with the common header. Used by bench/engine.sh and bench/deploy800.sh, which share
docs/benchmarks-engine.md.
"""
import os
import sys

HEADER = """# Template engine and deployment benchmarks

Written by `bench/engine.sh` (section 1) and `bench/deploy800.sh` (section 2) — do not edit by hand; run them again.
Each script rewrites only its own section. The machine is shared: the numbers are indicative.
"""

ORDER = ["engine", "deploy800"]


def main():
    path, name = sys.argv[1], sys.argv[2]
    body = sys.stdin.read().rstrip("\n") + "\n"
    begin, end = f"<!-- {name}:begin -->", f"<!-- {name}:end -->"
    block = f"{begin}\n{body}{end}\n"
    text = open(path, encoding="utf-8").read() if os.path.exists(path) else HEADER
    if begin in text and end in text:
        head, rest = text.split(begin, 1)
        _, tail = rest.split(end, 1)
        text = head + block.rstrip("\n") + tail
    else:
        # keep the sections in ORDER: insert before the first later section present, else append
        later = [n for n in ORDER[ORDER.index(name) + 1:] if f"<!-- {n}:begin -->" in text] if name in ORDER else []
        if later:
            marker = f"<!-- {later[0]}:begin -->"
            head, tail = text.split(marker, 1)
            text = head + block + "\n" + marker + tail
        else:
            text = text.rstrip("\n") + "\n\n" + block
    if not text.endswith("\n"):
        text += "\n"
    os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


if __name__ == "__main__":
    main()
