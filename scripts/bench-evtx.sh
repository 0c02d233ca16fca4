#!/usr/bin/env bash
# EVTX reading speed (issue 9): triage's native reader (release build, one thread, from memory, every
# record evaluated into an event) beside the Rust `evtx` parser (PyPI `evtx`, one thread and its default
# thread count, every record rendered as XML) and libevtx's `evtxexport` (Debian libevtx-utils, text export
# to a file), on the corpus EVTX files. Records/s and MB/s over the file sizes; best of 3 runs each.
#   scripts/bench-evtx.sh [FILE.evtx…]
# The Rust parser is installed in a throwaway venv ($EVTX_VENV, default /tmp/venv-evtx) when missing; it is a
# yardstick only, never a dependency of triage.
set -euo pipefail
cd "$(dirname "$0")/.."
CORPUS=${CORPUS:-../shared/corpus}
if [ $# -gt 0 ]; then FILES=("$@"); else
    FILES=("$CORPUS/windcludy-public/System.evtx" "$CORPUS/windcludy-public/Setup.evtx"
           "$CORPUS/omerbenamram-evtx/2-vss_7-System.evtx")
fi
VENV=${EVTX_VENV:-/tmp/venv-evtx}
if [ ! -x "$VENV/bin/python" ] || ! "$VENV/bin/python" -c 'import evtx' 2>/dev/null; then
    python3 -m venv "$VENV" && "$VENV/bin/pip" install -q evtx
fi
swift build -c release --product triage-bench >/dev/null
BIN=$(swift build -c release --show-bin-path)
cat "${FILES[@]}" >/dev/null   # warm the page cache

echo "== triage (native Swift, 1 thread)"
"$BIN/triage-bench" evtx "${FILES[@]}"

for threads in 1 0; do
    echo "== Rust evtx via PyPI evtx $("$VENV/bin/python" -c 'import importlib.metadata as m; print(m.version("evtx"))'), XML, threads=$threads (0 = default)"
    "$VENV/bin/python" - "$threads" "${FILES[@]}" <<'PY'
import evtx, os, sys, time
threads = int(sys.argv[1])
total_bytes = total_records = 0
total_seconds = 0.0
for path in sys.argv[2:]:
    size = os.path.getsize(path)
    best = None
    for _ in range(3):
        t = time.perf_counter()
        n = sum(1 for _ in evtx.PyEvtxParser(path, number_of_threads=threads).records())
        d = time.perf_counter() - t
        best = d if best is None else min(best, d)
    total_bytes += size; total_records += n; total_seconds += best
    print(f"{os.path.basename(path)}: {n} records, {size/1e6:.1f} MB, {best*1000:.2f} ms, {n/best:.0f} records/s, {size/1e6/best:.1f} MB/s")
print(f"total: {total_records} records, {total_bytes/1e6:.1f} MB, {total_records/total_seconds:.0f} records/s, {total_bytes/1e6/total_seconds:.1f} MB/s")
PY
done

if command -v evtxexport >/dev/null; then
    echo "== evtxexport ($(evtxexport -V 2>/dev/null | head -1)), text export"
    total_bytes=0; total_records=0; total_ms=0
    for f in "${FILES[@]}"; do
        size=$(stat -c %s "$f")
        best=""
        for _ in 1 2 3; do
            start=$(date +%s%N)
            evtxexport "$f" >/tmp/bench-evtx-export.txt 2>/dev/null || true
            ms=$(( ($(date +%s%N) - start) / 1000000 ))
            if [ -z "$best" ] || [ "$ms" -lt "$best" ]; then best=$ms; fi
        done
        n=$(grep -c '^Event number' /tmp/bench-evtx-export.txt || true)
        total_bytes=$((total_bytes + size)); total_records=$((total_records + n)); total_ms=$((total_ms + best))
        awk -v f="$(basename "$f")" -v n="$n" -v s="$size" -v ms="$best" 'BEGIN { printf "%s: %d records, %.1f MB, %d ms, %.0f records/s, %.1f MB/s\n", f, n, s/1e6, ms, n/(ms/1000), s/1e6/(ms/1000) }'
    done
    awk -v n="$total_records" -v s="$total_bytes" -v ms="$total_ms" 'BEGIN { printf "total: %d records, %.1f MB, %.0f records/s, %.1f MB/s\n", n, s/1e6, n/(ms/1000), s/1e6/(ms/1000) }'
    rm -f /tmp/bench-evtx-export.txt
else
    echo "== evtxexport not installed (apt-get install libevtx-utils)"
fi
