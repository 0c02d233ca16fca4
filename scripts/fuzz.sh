#!/usr/bin/env bash
# Builds the libFuzzer harnesses (Fuzz/) with -sanitize=fuzzer,address and runs each one.
#   scripts/fuzz.sh [--seconds N | --runs N] [--seed N] [--max-len N] [harness ...]
#   (default: --seconds 30, every harness, each harness's own longest input below)
# Seed corpora come from Tests/Fixtures, Tests/Cases and the shipped knowledge; what the fuzzer learns is kept
# in .build-fuzz/corpus/<harness> between runs. A crash, leak, timeout or out-of-memory input is written to
# .build-fuzz/artifacts/<harness>/ and the script exits 1. Each run prints libFuzzer's closing
# "Done N runs in S second(s)".
set -euo pipefail
cd "$(dirname "$0")/.."

limit=(-max_total_time=30)
seed=()
max_len_override=
harnesses=()
while (($#)); do
    case "$1" in
        --seconds) limit=(-max_total_time="$2"); shift 2 ;;
        --runs) limit=(-runs="$2"); shift 2 ;;
        --seed) seed=(-seed="$2"); shift 2 ;;
        --max-len) max_len_override=$2; shift 2 ;;
        -h|--help) sed -n '2,9p' "$0"; exit 0 ;;
        *) harnesses+=("$1"); shift ;;
    esac
done
((${#harnesses[@]})) || harnesses=(fuzz-text-logs fuzz-zip fuzz-knowledge-xml fuzz-cab fuzz-etl fuzz-evtx fuzz-pml)

scratch=.build-fuzz
mkdir -p "$scratch"
for h in "${harnesses[@]}"; do
    # A failed build must stop the run: an older binary left in the scratch folder would be fuzzed instead.
    if ! TRIAGE_FUZZ=1 swift build --scratch-path "$scratch" -c release --product "$h" \
            -Xswiftc -sanitize=fuzzer,address -Xswiftc -use-ld=lld >"$scratch/build-$h.log" 2>&1; then
        grep -Ev '^(\[|Building|warning: .zipfoundation)' "$scratch/build-$h.log" >&2 || true
        echo "fuzz.sh: $h did not build (see $scratch/build-$h.log)" >&2
        exit 1
    fi
    test -x "$scratch/release/$h" || { echo "fuzz.sh: $h did not build" >&2; exit 1; }
done

# Seeds: the text-log harness reads its first byte as the index of the file name (see its main.swift).
seed() {
    local h=$1 dir="$scratch/corpus/$1"
    mkdir -p "$dir"
    case "$h" in
        fuzz-text-logs)
            local names=(CBS DISM WindowsUpdate ReportingEvents setupact setuperr poqexec System Setup SetupDiagResults CollectorInfo)
            local i=0
            while IFS= read -r -d '' f; do
                local base idx=11
                base=$(basename "$f")
                for k in "${!names[@]}"; do
                    case "${base,,}" in *"${names[$k],,}"*) idx=$k; break ;; esac
                done
                case "${base,,}" in *.csv) idx=8 ;; events.txt|*system*.txt) idx=7 ;; esac
                { printf "\\x$(printf %02x "$idx")"; head -c 65536 "$f"; } > "$dir/seed-$i"
                i=$((i + 1))
            done < <(find Tests/Fixtures/evidence Tests/Fixtures/extractors Tests/Cases -type f \
                        \( -name '*.log' -o -name '*.txt' -o -name '*.csv' \) -size -2M -print0 | sort -z)
            ;;
        fuzz-zip)
            find Tests -type f -name '*.zip' -size -1024k -exec cp {} "$dir/" \; 2>/dev/null || true
            ;;
        fuzz-cab)
            find Tests -type f -name '*.cab' -size -1024k -exec cp {} "$dir/" \; 2>/dev/null || true
            ;;
        fuzz-etl)
            find Tests -type f -name '*.etl' -size -1024k -exec cp {} "$dir/" \; 2>/dev/null || true
            ;;
        fuzz-evtx)
            find Tests -type f -name '*.evtx' -size -1024k -exec cp {} "$dir/" \; 2>/dev/null || true
            ;;
        fuzz-pml)
            find Tests -type f -iname '*.pml' -size -1024k -exec cp {} "$dir/" \; 2>/dev/null || true
            ;;
        fuzz-knowledge-xml)
            local i=0
            while IFS= read -r -d '' f; do cp "$f" "$dir/seed-$i"; i=$((i + 1)); done \
                < <(find Rules KnowledgeBase Tests/Cases -type f \( -name '*.xml' -o -name '*.xsd' \) -print0 | sort -z)
            ;;
    esac
}

status=0
for h in "${harnesses[@]}"; do
    seed "$h"
    mkdir -p "$scratch/artifacts/$h"
    echo "==> $h ${limit[*]}"
    # Per format: the longest input worth mutating, and a dictionary of its tokens (Fuzz/dicts/, written
    # for this project: line prefixes and trigger and signature literals, schema element and attribute names,
    # binary magics and markers), which the mutator inserts whole instead of finding them byte by byte.
    max_len=65536
    options=()
    case "$h" in
        # An event log is at least a 4 KiB header and one 64 KiB chunk.
        fuzz-evtx) max_len=200000 ;;
        # 32 KiB holds hundreds of lines: past the harness's fact cap (200) and line limit (256 bytes);
        # longer inputs only repeat what the framer's region loop already did.
        fuzz-text-logs) max_len=32768; options=(-dict=Fuzz/dicts/text-logs.dict) ;;
        fuzz-knowledge-xml) options=(-dict=Fuzz/dicts/knowledge-xml.dict) ;;
        fuzz-etl) options=(-dict=Fuzz/dicts/etl.dict) ;;
    esac
    max_len=${max_len_override:-$max_len}
    # -reload=0: one process per corpus, so re-listing it every second (thousands of files) finds nothing.
    if ! TRIAGE_REPO="$PWD" "$scratch/release/$h" "${limit[@]}" ${seed[@]+"${seed[@]}"} -max_len=$max_len \
            ${options[@]+"${options[@]}"} -reload=0 -rss_limit_mb=2048 -timeout=20 \
            -print_final_stats=1 -artifact_prefix="$scratch/artifacts/$h/" "$scratch/corpus/$h" 2>"$scratch/$h.log"; then
        status=1
        echo "fuzz.sh: $h found a failing input; see $scratch/$h.log and $scratch/artifacts/$h/" >&2
        grep -E 'ERROR|SUMMARY|Test unit written' "$scratch/$h.log" >&2 || true
    fi
    grep -E '^Done [0-9]+ runs|stat::number_of_executed_units|stat::peak_rss_mb' "$scratch/$h.log" || true
done
exit $status
