#!/usr/bin/env bash
# Process Monitor log (PML) reading speed (issue 10): triage's native reader (release build, one thread, from
# memory) — the reader alone (every event's operation, path and result decoded) and the evidence reader (facts,
# as `triage evidence` makes them) — beside procmon-parser (PyPI, pure Python; every event read with its
# details, stack traces off) on the same files. Events/s and MB/s over the file sizes; best of 3 runs each.
#   scripts/bench-pml.sh [FILE.PML…]
# Without arguments the six corpus captures are unpacked from ../shared/corpus/procmon-parser/*.zip into a
# temporary folder. procmon-parser is installed in a throwaway venv ($PML_VENV, default /tmp/venv-procmon)
# when missing; it is a yardstick only, never a dependency of triage.
set -euo pipefail
cd "$(dirname "$0")/.."
CORPUS=${CORPUS:-../shared/corpus}
VENV=${PML_VENV:-/tmp/venv-procmon}
if [ ! -x "$VENV/bin/python" ] || ! "$VENV/bin/python" -c 'import procmon_parser' 2>/dev/null; then
    python3 -m venv "$VENV" && "$VENV/bin/pip" install -q procmon-parser
fi
if [ $# -gt 0 ]; then FILES=("$@"); else
    TMP=$(mktemp -d); trap 'rm -rf "$TMP"' EXIT
    "$VENV/bin/python" - "$TMP" "$CORPUS"/procmon-parser/*.zip <<'PY'
import sys, zipfile
for z in sys.argv[2:]:
    with zipfile.ZipFile(z) as f:
        for n in f.namelist():
            if n.upper().endswith(".PML"): f.extract(n, sys.argv[1])
PY
    FILES=("$TMP"/*.PML)
fi
swift build -c release --product triage-bench >/dev/null
BIN=$(swift build -c release --show-bin-path)
cat "${FILES[@]}" >/dev/null   # warm the page cache

echo "== triage (native Swift, 1 thread)"
"$BIN/triage-bench" pml "${FILES[@]}"

echo "== procmon-parser $("$VENV/bin/python" -c 'import importlib.metadata as m; print(m.version("procmon-parser"))') (Python $("$VENV/bin/python" -c 'import platform; print(platform.python_version())')), details on, stack traces off"
"$VENV/bin/python" - "${FILES[@]}" <<'PY'
import os, sys, time
from procmon_parser import ProcmonLogsReader
total_bytes = total_events = 0
total_seconds = 0.0
for path in sys.argv[1:]:
    size = os.path.getsize(path)
    best = None
    for _ in range(3):
        t = time.perf_counter()
        with open(path, "rb") as f:
            n = 0
            for e in ProcmonLogsReader(f, should_get_stacktrace=False):
                n += 1
        d = time.perf_counter() - t
        best = d if best is None else min(best, d)
    total_bytes += size; total_events += n; total_seconds += best
    print(f"{os.path.basename(path)}: {n} events, {size/1e6:.1f} MB, {best*1000:.0f} ms, {n/best:.0f} events/s, {size/1e6/best:.1f} MB/s")
print(f"total: {total_events} events, {total_bytes/1e6:.1f} MB, {total_events/total_seconds:.0f} events/s, {total_bytes/1e6/total_seconds:.1f} MB/s")
PY
