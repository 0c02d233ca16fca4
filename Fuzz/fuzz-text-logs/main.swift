import Foundation
import FuzzDriver
import TriageEvidence
import TriageKnowledge

// libFuzzer harness: one input read as a log file held in memory. The first byte picks the file name (so the
// kind, as a bundle's file name would); the rest is the file. The reader carries the shipped knowledge base's
// line signatures (loaded once from TRIAGE_REPO, default the current folder), so signature matching is fuzzed
// with every extractor. Built by scripts/fuzz.sh.
let names = [
    "CBS.log", "DISM.log", "WindowsUpdate.log", "ReportingEvents.log", "setupact.log", "setuperr.log",
    "poqexec.log", "System.txt", "Setup.csv", "SetupDiagResults.log", "CollectorInfo.txt", "any.log"
]
/// The reader keeps only the signatures and Process Monitor results; the rest of the knowledge base is released
/// here, before fuzzing starts (held for the whole run, its rule conditions, indirect enums whose payload
/// pointers carry tag bits, read to LeakSanitizer as unreachable).
func makeReader() -> EvidenceReader {
    let repo = ProcessInfo.processInfo.environment["TRIAGE_REPO"] ?? "."
    let loaded = KnowledgeLoader.load(rulesDirectory: repo + "/Rules", knowledgeDirectory: repo + "/KnowledgeBase")
    guard !loaded.knowledgeBase.signatures.isEmpty else {
        FileHandle.standardError.write(Data("fuzz-text-logs: no signatures loaded from \(repo)\n".utf8))
        exit(2)
    }
    return EvidenceReader(
        limits: InputLimits(maxLineFactsPerSource: 200, maxLineBytes: 256), knowledge: loaded.knowledgeBase)
}
var reader = makeReader()
reader.concurrency = 1  // one thread: the fuzzer runs inputs one at a time

runLibFuzzer { data, size in
    let input = fuzzInput(data, size)
    guard let first = input.first else { return 0 }
    _ = reader.read(bytes: Array(input.dropFirst()), name: names[Int(first) % names.count])
    return 0
}
