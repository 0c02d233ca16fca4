#!/usr/bin/env python3
"""Writes the log bundles of the regression cases under Tests/Cases (deterministic; run from anywhere).

    python3 scripts/case-bundles.py          # rewrite every bundle and zip
    python3 scripts/case-bundles.py --check  # exit 1 when the committed bundles differ from what this writes

The logs are written by hand in the real formats (see scripts/caselib.py); nothing is copied from real logs.
"""
import filecmp
import os
import shutil
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import caselib  # noqa: E402
import seed_bundles  # noqa: E402
import hypothesis_bundles  # noqa: E402
import tree_bundles  # noqa: E402
import upgrade_bundles  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CASES = os.path.join(ROOT, "Tests", "Cases")


def build(into):
    seed_bundles.build(os.path.join(into, "CAS-07397"), caselib.make_zip)
    hypothesis_bundles.build(into, caselib.make_zip)
    tree_bundles.build(into, caselib.make_zip)
    upgrade_bundles.build(into, caselib.make_zip)


def same_tree(a, b):
    cmp = filecmp.dircmp(a, b)
    if cmp.left_only or cmp.right_only or cmp.diff_files or cmp.funny_files:
        print("differs:", a, cmp.left_only, cmp.right_only, cmp.diff_files)
        return False
    return all(same_tree(os.path.join(a, d), os.path.join(b, d)) for d in cmp.common_dirs)


if __name__ == "__main__":
    if "--check" in sys.argv:
        tmp = tempfile.mkdtemp()
        try:
            build(tmp)
            ok = all(same_tree(os.path.join(tmp, c, "bundles"), os.path.join(CASES, c, "bundles"))
                     for c in sorted(os.listdir(tmp)))
        finally:
            shutil.rmtree(tmp)
        sys.exit(0 if ok else 1)
    build(CASES)
