import Foundation

// Benchmarks, run as `swift run -c release triage-bench <name> [args]`. Each prints MB/s or ms figures.
let arguments = Array(CommandLine.arguments.dropFirst())
let benchmarks: [String: ([String]) throws -> Void] = [
    // Each engineer adds their benchmark here (one line each).
    "load": LoadBenchmark.run,
    "scan": ScanBenchmark.run,
    "engine": EngineBenchmark.run,
    "evtx": EVTXBenchmark.run,
    "pml": PMLBenchmark.run
]
guard let name = arguments.first, let run = benchmarks[name] else {
    print("usage: triage-bench <\(benchmarks.keys.sorted().joined(separator: "|"))> [args]")
    exit(64)
}
try run(Array(arguments.dropFirst()))
