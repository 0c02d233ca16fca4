#!/usr/bin/env bash
# Benchmark of the CAB and ETL readers. Data is generated under $BENCH_DIR (default /tmp/triage-bench), outside git:
# - CAB: a generated CBS-like log (triage-bench scan generate), put into an MSZIP cab by gcab; `triage evidence`
#   on the cab (members decompressed in memory by libmspack and read) against `cabextract -p` of the same cab, and
#   against `triage evidence` on the plain log.
# - ETL: a Windows Update trace written by the generator below (the seed case's WindowsUpdate.log lines as
#   WUTraceLogging events, 64 KiB buffers); `triage evidence` on it, and dissect.etl's event loop when
#   DISSECT_PYTHON names a Python with dissect.etl installed.
#   scripts/bench-cab-etl.sh [CAB_LOG_MB] [ETL_MB]     (RUNS=N: runs per command, median shown; default 3)
set -euo pipefail
cd "$(dirname "$0")/.."
CAB_MB=${1:-200}
ETL_MB=${2:-64}
DIR=${BENCH_DIR:-/tmp/triage-bench}/cab-etl
mkdir -p "$DIR"
swift build -c release --product triage >/dev/null
swift build -c release --product triage-bench >/dev/null
BIN=$(swift build -c release --show-bin-path)

LOG="$DIR/CbsPersist_20221027103011.log"
CAB="$DIR/CbsPersist_20221027103011.cab"
if [ ! -f "$CAB" ] || [ "$(stat -c %s "$LOG")" -lt $((CAB_MB * 1048576)) ]; then
    echo "generating $LOG ($CAB_MB MB) and $CAB (gcab, MSZIP)…"
    "$BIN/triage-bench" scan generate "$LOG" "$CAB_MB" >/dev/null
    rm -f "$CAB"
    (cd "$DIR" && gcab -c -z -n "$CAB" "$(basename "$LOG")")
fi

ETL="$DIR/WindowsUpdate.20221101.090511.190.1.etl"
if [ ! -f "$ETL" ] || [ "$(stat -c %s "$ETL")" -lt $((ETL_MB * 1048576 * 9 / 10)) ]; then
    echo "generating $ETL ($ETL_MB MB)…"
    python3 - "$ETL" "$ETL_MB" Tests/Cases/CAS-07397/bundles/2022-11-08-BR0101-PC023/WindowsUpdate.log <<'PY'
import struct, sys
out, size_mb, source = sys.argv[1], int(sys.argv[2]), sys.argv[3]
lines = [l for l in open(source, encoding="utf-8", newline="").read().split("\r\n") if len(l) > 56]
BUF, FREQ, START, QPC0 = 65536, 10_000_000, 133117383111955408, 0x089C2B62
def le16(v): return struct.pack("<H", v)
def ext(t, data, last):
    size = (8 + len(data) + 7) & ~7
    return struct.pack("<HHHH", size, t, 0 if last else 1, len(data)) + data + b"\0" * (size - 8 - len(data))
def event(ts, pid, tid, comp, msg):
    prov = b"WUTraceLogging\0"; schema = b"\0" + comp.encode() + b"\0Info\0\x01"
    body = ext(12, le16(len(prov) + 2) + prov, False) + ext(11, le16(len(schema) + 2) + schema, True)
    payload = (msg + "\0").encode("utf-16-le")
    size = 80 + len(body) + len(payload)
    head = struct.pack("<HBBHHIIq", size, 0x13, 0xC0, 0x41, 0, tid, pid, QPC0 + ts)
    head += bytes.fromhex("196f7a0bc4474e458c5ce868d637e4d8") + struct.pack("<HBBBBHQQ", 0, 0, 11, 4, 0, 0, 0x800, 0) + b"\0" * 16
    return head + body + payload
def header(buffers):
    h = struct.pack("<IIIIqIIIIIIII", BUF, 0x0501000A, 19041, 1, START, 156250, 0, 0x11002009, buffers, 1, 8, 0, 3000)
    h += b"\0" * 16 + b"\0" * 172 + b"\0" * 4 + struct.pack("<qqqII", START, FREQ, START, 1, 0)
    h += "WindowsUpdate_trace_log\0C:\\Windows\\Logs\\WindowsUpdate\\bench.etl\0".encode("utf-16-le")
    return struct.pack("<HBBHHIIqQ", 2, 2, 0xC0, 0x20 + len(h), 0, 1, 1, QPC0, 0) + h
records, total, ts, k = [], 0, 0, 0
while total < size_mb * 1048576:
    l = lines[k % len(lines)]; k += 1; ts += 1234
    records.append(event(ts, int(l[28:33]), int(l[34:39]), l[40:55].strip(), l[56:])); total += len(records[-1]) + 8
buffers, cur = [], [header(0)]
for r in records:
    r += b"\0" * (-len(r) % 8)
    if 0x48 + sum(map(len, cur)) + len(r) > BUF: buffers.append(b"".join(cur)); cur = []
    cur.append(r)
buffers.append(b"".join(cur))
buffers[0] = header(len(buffers)) + buffers[0][len(header(0)):]
with open(out, "wb") as f:
    for i, b in enumerate(buffers):
        filled = 0x48 + len(b)
        f.write(struct.pack("<IIIiqqQBBHII HH", BUF, filled, filled, 0, 0, i, 0, 0, 0, 0x23, 3, filled, 0x21 if i == 0 else 0x20, 0)
                + b"\0" * 16 + b + b"\xff" * (BUF - filled))
print(len(records), "events,", len(buffers), "buffers")
PY
fi
cat "$LOG" "$CAB" "$ETL" >/dev/null   # warm the page cache

RUNS=${RUNS:-3}
run() {   # run LABEL BYTES COMMAND…: prints the median seconds, MB/s of BYTES, peak RSS
    local label=$1 bytes=$2; shift 2
    local results=()
    for _ in $(seq "$RUNS"); do
        /usr/bin/time -o "$DIR/.time" -f "TIME %e %M" "$@" >"$DIR/.out" 2>/dev/null || true
        results+=("$(grep '^TIME' "$DIR/.time" | tail -1 | cut -d' ' -f2-)")
    done
    read -r secs rss <<<"$(printf '%s\n' "${results[@]}" | sort -n | sed -n "$(( (RUNS + 1) / 2 ))p")"
    awk -v l="$label" -v s="$secs" -v r="$rss" -v b="$bytes" \
        'BEGIN { printf "%-62s %7.2f s %8.0f MB/s %7.0f MB peak RSS\n", l, s, b / 1e6 / (s > 0 ? s : 0.001), r / 1024 }'
}
LOGB=$(stat -c %s "$LOG"); CABB=$(stat -c %s "$CAB"); ETLB=$(stat -c %s "$ETL")
echo "cab: $CAB ($CABB bytes; member $LOGB bytes); MB/s below are of the member's $LOGB bytes. median of $RUNS runs."
run "triage evidence CAB (libmspack in memory + reader), 1 core" "$LOGB" "$BIN/triage" evidence "$CAB"
run "cabextract -p CAB > file" "$LOGB" cabextract -q -p "$CAB"
run "triage evidence LOG (the plain log), 1 core" "$LOGB" "$BIN/triage" evidence "$LOG"
echo "etl: $ETL ($ETLB bytes); MB/s of the trace's bytes."
run "triage evidence ETL (decode + WindowsUpdate reader), 1 core" "$ETLB" "$BIN/triage" evidence "$ETL"
if [ -n "${DISSECT_PYTHON:-}" ]; then
    run "dissect.etl: iterate every record (python)" "$ETLB" "$DISSECT_PYTHON" -c \
        "import sys; from dissect.etl import ETL; print(sum(1 for _ in ETL(open(sys.argv[1], 'rb'))))" "$ETL"
    # Kernel header records have no values in dissect.etl (they raise): counted as none.
    run "dissect.etl: iterate + parse every event's values (python)" "$ETLB" "$DISSECT_PYTHON" -c "$(printf '%s\n' \
        'import sys' 'from dissect.etl import ETL' 'n = 0' "for r in ETL(open(sys.argv[1], 'rb')):" \
        '    try: n += len(r.event.event_values())' '    except Exception: pass' 'print(n)')" "$ETL"
fi
