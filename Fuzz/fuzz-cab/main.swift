import FuzzDriver
import TriageEvidence

// libFuzzer harness: one input read as a cabinet (libmspack from memory: headers, folders, MSZIP/LZX/Quantum
// data, member names), each member then read as its name says, with small limits. Built by scripts/fuzz.sh.
let limits = InputLimits(
    maxMemberBytes: 1 << 20, maxTotalUncompressedBytes: 4 << 20, maxZipEntries: 64,
    maxLineFactsPerSource: 200, maxLineBytes: 256)

runLibFuzzer { data, size in
    _ = CabReader.read(fuzzInput(data, size), name: "CbsPersist_20221027103011.cab", limits: limits)
    return 0
}
