#!/usr/bin/env python3
"""Checks that raw pointers stay in the reader kernel (issue 15, item 3): no Swift file under Sources/ or Fuzz/
mentions `unsafe` in any case (a pointer type, `withUnsafe…`, `String(unsafeUninitializedCapacity:)`; comments too) outside the folders allowed to, where
the bytes are scanned, framed, inflated, transcoded and read for the binary decoders. Decoders and
extractors read a `ByteWindow` or `LineBytes` instead. Prints each file found; exits 1 on any.
Run from the repository root: python3 scripts/check-unsafe.py"""
import os
import re
import sys

ROOTS = ["Sources", "Fuzz"]
ALLOWED = [
    "Sources/TriageEvidence/Reader/",  # the reader kernel
    "Sources/TriageXML/",              # the libxml2 interop module
    "Fuzz/FuzzDriver/",                # libFuzzer hands the harness a C pointer
]
UNSAFE = re.compile(r"unsafe", re.IGNORECASE)  # pointer types, withUnsafe…, String(unsafeUninitializedCapacity:)

found = []
for root in ROOTS:
    for folder, _, files in os.walk(root):
        for file in sorted(files):
            if not file.endswith(".swift"):
                continue
            path = os.path.join(folder, file).replace(os.sep, "/")
            if any(path.startswith(prefix) for prefix in ALLOWED):
                continue
            with open(path, encoding="utf-8") as f:
                lines = [n for n, line in enumerate(f, 1) if UNSAFE.search(line)]
            if lines:
                found.append((path, lines))
for path, lines in sorted(found):
    print(f"{path}: `Unsafe` outside the reader kernel (line{'s' if len(lines) > 1 else ''} "
          f"{', '.join(map(str, lines[:10]))}{', …' if len(lines) > 10 else ''})")
if found:
    print(f"{len(found)} file{'s' if len(found) > 1 else ''}: move the pointer work into "
          "Sources/TriageEvidence/Reader/ and read through a ByteWindow")
sys.exit(1 if found else 0)
