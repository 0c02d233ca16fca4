#!/usr/bin/env python3
"""Checks that every target's dependencies in Package.swift are exactly the modules its sources import
(system modules such as Foundation, Glibc and Testing aside). Prints each difference; exits 1 on any.
Run from the repository root: python3 scripts/check-package-edges.py"""
import json
import os
import re
import subprocess
import sys

SYSTEM = {"Foundation", "Glibc", "Darwin", "Dispatch", "Testing", "XCTest", "PackageDescription"}
IMPORT = re.compile(r"^(?:@testable\s+|@preconcurrency\s+|internal\s+|public\s+|package\s+)*import\s+(\w+)", re.M)

manifest = json.loads(subprocess.run(["swift", "package", "dump-package"], check=True, capture_output=True,
                                     text=True).stdout)
failed = False
for target in manifest["targets"]:
    if target["type"] in ("system", "binary", "plugin"):
        continue
    name = target["name"]
    path = target.get("path") or os.path.join("Tests" if target["type"] == "test" else "Sources", name)
    declared = set()
    for dep in target["dependencies"]:
        kind, value = next(iter(dep.items()))
        declared.add(value[0])            # byName / target: [name, …]; product: [name, package, …]
    imported = set()
    for root, _, files in os.walk(path):
        for file in files:
            if file.endswith(".swift"):
                with open(os.path.join(root, file), encoding="utf-8") as f:
                    imported.update(IMPORT.findall(f.read()))
    imported -= SYSTEM
    # C modules are imported by their module name, which is the target name here.
    unused = sorted(declared - imported)
    undeclared = sorted(imported - declared)
    if unused or undeclared:
        failed = True
        print(f"{name}: " + "; ".join(filter(None, [
            f"declared but never imported: {', '.join(unused)}" if unused else "",
            f"imported but not declared: {', '.join(undeclared)}" if undeclared else ""])))
if not failed:
    print(f"Package.swift: every target's dependencies equal its imports ({len(manifest['targets'])} targets)")
sys.exit(1 if failed else 0)
