#!/usr/bin/env python3
"""Codes seen in Error lines of the real-log corpus that the catalog does not explain.

Usage (from the repo root):  python3 scripts/corpus-error-codes.py [CORPUS]

CORPUS defaults to ../shared/corpus (or ../../shared/corpus from a worktree). Error lines are:
  CBS.log / CbsPersist_*.log   lines with ", Error " (the level column)
  DISM.log                     lines with ", Error " (the level column)
  WindowsUpdate.log / .txt     lines with "*FAILED*", "FATAL" or "failed"
A code is a failure HRESULT (severity bit set) written as 0x + 8 hex digits or as 8 hex digits in
brackets ([80070490]) or after "hr = ". Every code found must be in KnowledgeBase/error-codes/*.xml or in
the "Seen and unexplained" table of docs/knowledge-base.md. Prints one row per code (code, where it is
explained, files) and exits 1 when a code is in neither place.
"""
import os
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
HEX = re.compile(rb"(?<![0-9A-Za-z])(?:0[xX]([0-9A-Fa-f]{8})|\[([0-9A-Fa-f]{8})\]|hr ?= ?([0-9A-Fa-f]{8}))(?![0-9A-Za-z])")


def corpus_dir(argv):
    if len(argv) > 1:
        return argv[1]
    for candidate in ("../shared/corpus", "../../shared/corpus"):
        path = os.path.normpath(os.path.join(ROOT, candidate))
        if os.path.exists(os.path.join(path, "SOURCES.md")):
            return path
    sys.exit("corpus not found (give its path)")


def kind(name):
    lower = name.lower()
    if lower.startswith("cbs") and lower.endswith(".log"):
        return "cbs"
    if lower.startswith("dism") and lower.endswith(".log"):
        return "dism"
    if lower.startswith("windowsupdate") and (lower.endswith(".log") or lower.endswith(".txt")):
        return "windowsupdate"
    return None


def lines(path):
    data = open(path, "rb").read()
    if data.startswith(b"\xff\xfe") or data.startswith(b"\xfe\xff"):
        data = data.decode("utf-16", errors="replace").encode("utf-8")
    return data.splitlines()


def is_error(log, line):
    if log in ("cbs", "dism"):
        return b", Error " in line[:40]
    return b"*FAILED*" in line or b"FATAL" in line or b"failed" in line


def catalog():
    codes = set()
    folder = os.path.join(ROOT, "KnowledgeBase", "error-codes")
    for name in sorted(os.listdir(folder)):
        if name.endswith(".xml"):
            text = open(os.path.join(folder, name), encoding="utf-8").read()
            codes.update(m.upper() for m in re.findall(r'<code value="0x([0-9A-F]{8})"', text))
    return codes


def unexplained():
    """Codes in the table under '### Seen and unexplained' in docs/knowledge-base.md."""
    text = open(os.path.join(ROOT, "docs", "knowledge-base.md"), encoding="utf-8").read()
    section = text.split("### Seen and unexplained", 1)
    if len(section) < 2:
        return set()
    body = section[1].split("\n## ", 1)[0].split("\n### ", 1)[0]
    return {m.upper() for m in re.findall(r"^\| `0x([0-9A-Fa-f]{8})`", body, re.M)}


def main(argv):
    corpus = corpus_dir(argv)
    seen = {}
    for folder, _, names in sorted(os.walk(corpus)):
        for name in sorted(names):
            log = kind(name)
            if log is None:
                continue
            path = os.path.join(folder, name)
            for line in lines(path):
                if not is_error(log, line):
                    continue
                for match in HEX.finditer(line):
                    code = (match.group(1) or match.group(2) or match.group(3)).upper().decode()
                    if int(code, 16) & 0x80000000:
                        seen.setdefault(code, set()).add(os.path.relpath(path, corpus))
    known, noted = catalog(), unexplained()
    missing = 0
    for code in sorted(seen):
        where = "catalog" if code in known else "unexplained" if code in noted else "MISSING"
        missing += where == "MISSING"
        files = sorted(seen[code])
        print(f"0x{code}  {where:11}  {len(files)} file(s): {', '.join(files[:3])}{' …' if len(files) > 3 else ''}")
    print(f"{len(seen)} codes in Error lines: {len(seen) - missing} explained, {missing} missing")
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
