#!/usr/bin/env python3
"""Prints, for every folder of the shared corpus of real logs, the top hypothesis, its probability and the first
next step: the quick way to see how a knowledge change reads real bundles (docs/knowledge-base.md).

    python3 scripts/corpus-readings.py [TRIAGE_BINARY] [CORPUS_DIR] > readings.txt
    diff before.txt readings.txt

Defaults: .build/debug/triage and ../shared/corpus next to the repository (or $TRIAGE_CORPUS).
"""
import json
import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def main():
    triage = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, ".build", "debug", "triage")
    corpus = sys.argv[2] if len(sys.argv) > 2 else os.environ.get("TRIAGE_CORPUS") or os.path.join(ROOT, "..", "shared", "corpus")
    if not os.path.isdir(corpus):
        corpus = os.path.join(ROOT, "..", "..", "shared", "corpus")
    if not os.path.isdir(corpus):
        sys.exit("no corpus folder found")
    for name in sorted(os.listdir(corpus)):
        path = os.path.join(corpus, name)
        if not os.path.isdir(path):
            continue
        run = subprocess.run([triage, "analyze", "--format", "json", path], capture_output=True)
        try:
            report = json.loads(run.stdout)
        except ValueError:
            print(f"{name} ERROR")
            continue
        top = (report.get("hypotheses") or [{}])[0]
        steps = report.get("nextSteps") or []
        step = steps[0].get("procedure", "-") if steps else "-"
        print(f"{name} {top.get('id', '-')} {top.get('probability', 0):.2f} {step}")


if __name__ == "__main__":
    main()
