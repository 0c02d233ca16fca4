import FuzzDriver
import TriageEvidence

// libFuzzer harness: one input read as a log file held in memory. The first byte picks the file name (so the
// kind, as a bundle's file name would); the rest is the file. Built by scripts/fuzz.sh.
let names = [
    "CBS.log", "DISM.log", "WindowsUpdate.log", "ReportingEvents.log", "setupact.log", "setuperr.log",
    "poqexec.log", "System.txt", "Setup.csv", "SetupDiagResults.log", "CollectorInfo.txt", "any.log"
]
var reader = EvidenceReader(limits: InputLimits(maxLineFactsPerSource: 200, maxLineBytes: 256))
reader.concurrency = 1  // one thread: the fuzzer runs inputs one at a time

runLibFuzzer { data, size in
    let input = fuzzInput(data, size)
    guard let first = input.first else { return 0 }
    _ = reader.read(bytes: Array(input.dropFirst()), name: names[Int(first) % names.count])
    return 0
}
