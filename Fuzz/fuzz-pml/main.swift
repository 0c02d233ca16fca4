import FuzzDriver
import TriageEvidence

// libFuzzer harness: one input read as a Process Monitor log (header, string/process/host/port tables, the
// event offsets array and every event's detail block). Built by scripts/fuzz.sh.
runLibFuzzer { data, size in
    _ = PMLReader.read(fuzzInput(data, size))
    return 0
}
