#!/usr/bin/env bash
# Benchmark of the evidence reader on a generated 1 GB CBS-like log (1% Error lines with
# `[HRESULT = 0x800f0821 - CBS_E_ABORT]`), side by side with LC_ALL=C grep -c and rg -c (when installed).
# Prints seconds, MB/s and peak RSS for each. Data lives in $BENCH_DIR (default /tmp/triage-bench), outside git.
#   scripts/bench-evidence.sh [SIZE_MB]        (RUNS=N: runs per command, median shown; default 3)
set -euo pipefail
cd "$(dirname "$0")/.."
SIZE_MB=${1:-1024}
DIR=${BENCH_DIR:-/tmp/triage-bench}
mkdir -p "$DIR/two"
swift build -c release --product triage >/dev/null
swift build -c release --product triage-bench >/dev/null
BIN=$(swift build -c release --show-bin-path)
FILE="$DIR/CBS.log"
if [ ! -f "$FILE" ] || [ "$(stat -c %s "$FILE")" -lt $((SIZE_MB * 1048576)) ]; then
    echo "generating $FILE ($SIZE_MB MB)…"
    "$BIN/triage-bench" scan generate "$FILE" "$SIZE_MB"
    rm -f "$DIR/two/"*
fi
if [ ! -f "$DIR/two/CBS.log" ]; then   # the same bytes as two logs, for the two-core runs
    split -n l/2 -d "$FILE" "$DIR/two/part"
    mv "$DIR/two/part00" "$DIR/two/CBS.log"
    mv "$DIR/two/part01" "$DIR/two/CbsPersist_20221027101503.log"
fi
BYTES=$(stat -c %s "$FILE")
cat "$FILE" "$DIR/two/"* >/dev/null   # warm the page cache

# Output goes to a file, not /dev/null: GNU grep stops at the first match when it writes to /dev/null.
# Each command runs $RUNS times (default 3); the median time is shown, with the peak RSS of that run.
RUNS=${RUNS:-3}
run() {   # run LABEL COMMAND…: prints seconds, MB/s, peak RSS
    local label=$1; shift
    if [ -x /usr/bin/time ]; then
        local results=()
        for _ in $(seq "$RUNS"); do
            /usr/bin/time -o "$DIR/.time" -f "TIME %e %M" "$@" >"$DIR/.out" 2>/dev/null || true
            results+=("$(grep '^TIME' "$DIR/.time" | tail -1 | cut -d' ' -f2-)")
        done
        local median
        median=$(printf '%s\n' "${results[@]}" | sort -n | sed -n "$(( (RUNS + 1) / 2 ))p")
        read -r secs rss <<<"$median"
        awk -v l="$label" -v s="$secs" -v r="$rss" -v b="$BYTES" \
            'BEGIN { printf "%-58s %7.2f s %8.0f MB/s %7.0f MB peak RSS\n", l, s, b / 1e6 / (s > 0 ? s : 0.001), r / 1024 }'
    else
        local start end
        start=$(date +%s.%N); "$@" >"$DIR/.out" 2>&1; end=$(date +%s.%N)
        awk -v l="$label" -v s="$(echo "$end - $start" | bc)" -v b="$BYTES" \
            'BEGIN { printf "%-58s %7.2f s %8.0f MB/s   (no /usr/bin/time: RSS n/a)\n", l, s, b / 1e6 / s }'
    fi
}

echo "file: $FILE ($BYTES bytes, $(LC_ALL=C grep -c ', Error' "$FILE") ', Error' lines); $(nproc) cores;" \
     "$(grep -q avx2 /proc/cpuinfo 2>/dev/null && echo "AVX2: vector region pass" || echo "no AVX2: Wu-Manber and memchr")"
echo "(median of $RUNS runs each)"
run "triage evidence (text), 1 file = 1 core" "$BIN/triage" evidence "$FILE"
run "triage evidence (json), 1 file = 1 core" "$BIN/triage" evidence "$FILE" --format json
run "triage evidence (text), 1 core, portable path (TRIAGE_SCAN=portable)" env TRIAGE_SCAN=portable "$BIN/triage" evidence "$FILE"
run "triage evidence (text), same bytes as 2 files = 2 cores" "$BIN/triage" evidence "$DIR/two"
run "triage evidence (json), same bytes as 2 files = 2 cores" "$BIN/triage" evidence "$DIR/two" --format json
run "reader + 26 CBS signatures, 1 thread" "$BIN/triage-bench" scan read "$FILE" --threads 1
run "reader + 26 CBS signatures, 2 files, 2 threads" "$BIN/triage-bench" scan read "$DIR/two" --threads 2
run "reader alone, 1 thread" "$BIN/triage-bench" scan read "$FILE" --threads 1 --no-signatures
run "LC_ALL=C grep -c ', Error'" env LC_ALL=C grep -c ', Error' "$FILE"
if command -v rg >/dev/null; then
    run "rg -c ', Error'" rg -c ', Error' "$FILE"
else
    echo "rg: not installed (apt-get install ripgrep to compare)"
fi
echo "(triage evidence: all extractors and the knowledge base's $(grep -c '<signature id' KnowledgeBase/signatures/cbs.xml) CBS signatures, output written to a file;"
echo " the triage-bench rows use the built-in set of 26 CBS signatures in ScanBenchmark.swift and print no facts)"
