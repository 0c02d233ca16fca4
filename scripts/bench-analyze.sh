#!/usr/bin/env bash
# End-to-end and engine benchmarks for issue 4:
#  1. `triage analyze` on a generated 200 MB bundle (CBS.log + CbsPersist, CBS-like lines with 1% errors),
#     wall time and peak RSS, with `LC_ALL=C grep -c` (and `rg -c` when installed) over the same bytes;
#  2. the evaluator alone and the whole analysis for 1,000 rules × 100,000 facts (triage-bench engine);
#  3. loading the shipped knowledge base (triage-bench load).
# Data lives in $BENCH_DIR (default /tmp/triage-bench), outside git.
#   scripts/bench-analyze.sh [BUNDLE_MB]
set -euo pipefail
cd "$(dirname "$0")/.."
SIZE_MB=${1:-200}
DIR=${BENCH_DIR:-/tmp/triage-bench}/bundle-${SIZE_MB}
mkdir -p "$DIR"
swift build -c release --product triage >/dev/null
swift build -c release --product triage-bench >/dev/null
BIN=$(swift build -c release --show-bin-path)
if [ ! -f "$DIR/Logs/CBS/CBS.log" ]; then
    echo "generating a ${SIZE_MB} MB bundle in $DIR…"
    mkdir -p "$DIR/Logs/CBS"
    "$BIN/triage-bench" scan generate "$DIR/whole.log" "$SIZE_MB" >/dev/null
    split -n l/2 -d "$DIR/whole.log" "$DIR/Logs/CBS/part"
    mv "$DIR/Logs/CBS/part00" "$DIR/Logs/CBS/CBS.log"
    mv "$DIR/Logs/CBS/part01" "$DIR/Logs/CBS/CbsPersist_20221027101503.log"
    rm -f "$DIR/whole.log"
fi
BYTES=$(cat "$DIR"/Logs/CBS/* | wc -c)
cat "$DIR"/Logs/CBS/* >/dev/null   # warm the page cache

# Output goes to a file, not /dev/null: GNU grep stops at the first match when it writes to /dev/null.
run() {   # run LABEL COMMAND…: seconds, MB/s over the bundle's bytes, peak RSS
    local label=$1; shift
    local out secs rss
    out=$(/usr/bin/time -o "$DIR/../.time" -f "TIME %e %M" "$@" >"$DIR/../.out" 2>/dev/null; grep '^TIME' "$DIR/../.time" | tail -1)
    read -r _ secs rss <<<"$out"
    awk -v l="$label" -v s="$secs" -v r="$rss" -v b="$BYTES" \
        'BEGIN { printf "%-52s %7.2f s %8.0f MB/s %7.0f MB peak RSS\n", l, s, b / 1e6 / (s > 0 ? s : 0.001), r / 1024 }'
}

echo "bundle: $DIR ($BYTES bytes in 2 CBS logs); $(nproc) cores"
run "triage analyze (text), end to end" "$BIN/triage" analyze "$DIR"
run "triage analyze --format json, end to end" "$BIN/triage" analyze "$DIR" --format json
run "LC_ALL=C grep -c ', Error' (same bytes)" env LC_ALL=C grep -c ', Error' "$DIR"/Logs/CBS/CBS.log "$DIR"/Logs/CBS/CbsPersist_20221027101503.log
if command -v rg >/dev/null; then
    run "rg -c ', Error' (same bytes)" rg -c ', Error' "$DIR/Logs/CBS"
else
    echo "rg: not installed (apt-get install ripgrep to compare)"
fi
echo
"$BIN/triage-bench" engine 1000 100000
echo
"$BIN/triage-bench" load
