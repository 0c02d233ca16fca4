import FuzzDriver
import TriageEvidence

// libFuzzer harness: one input read as a Windows Update ETW trace (buffers, event headers, TraceLogging
// schemas and payloads). Built by scripts/fuzz.sh.
runLibFuzzer { data, size in
    _ = ETLReader.read(fuzzInput(data, size))
    return 0
}
