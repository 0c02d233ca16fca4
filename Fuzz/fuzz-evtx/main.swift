import FuzzDriver
import TriageEvidence

// libFuzzer harness: one input read as a Windows XML event log (file header, chunks and their checksums,
// string and template tables, Binary XML with substitutions). Built by scripts/fuzz.sh.
runLibFuzzer { data, size in
    _ = EVTXReader.read(fuzzInput(data, size))
    return 0
}
