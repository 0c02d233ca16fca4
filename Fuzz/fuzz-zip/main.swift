import FuzzDriver
import TriageEvidence

// libFuzzer harness: one input opened as a zip bundle held in memory (directory, local headers, deflate,
// names, nesting), with small limits so that every limit is reached. Built by scripts/fuzz.sh.
var reader = EvidenceReader(
    limits: InputLimits(
        maxMemberBytes: 1 << 20, maxTotalUncompressedBytes: 4 << 20,
        maxZipEntries: 64, maxNestedZipBytes: 2 << 20,
        maxLineFactsPerSource: 200, maxLineBytes: 256))
reader.concurrency = 1  // one thread: the fuzzer runs inputs one at a time

runLibFuzzer { data, size in
    _ = reader.read(bytes: fuzzInput(data, size), name: "bundle.zip")
    return 0
}
