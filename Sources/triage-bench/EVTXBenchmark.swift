import Foundation
import TriageEvidence

/// `triage-bench evtx [--dump] FILE…`: reads each EVTX file from memory several times and prints records/s
/// and MB/s (single thread); `--dump` prints each event instead (ordinal, record id, time, provider, id,
/// level, computer, values) for comparing with other readers.
enum EVTXBenchmark {
    static func run(_ arguments: [String]) throws {
        let dump = arguments.contains("--dump")
        // `--rounds N`: exactly N reads per file (for instruction counts under `perf stat`).
        let fixedRounds = arguments.firstIndex(of: "--rounds").flatMap { Int(arguments[$0 + 1]) }
        var files = arguments.filter { $0 != "--dump" }
        if let i = files.firstIndex(of: "--rounds") { files.removeSubrange(i...(i + 1)) }
        var totalBytes = 0
        var totalRecords = 0
        var totalSeconds = 0.0
        for file in files {
            let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: file)))
            if dump {
                let log = EVTXReader.read(bytes)
                for e in log.events {
                    let values = e.data.map { "\($0.name)=\($0.value)" }.joined(separator: " | ").replacingOccurrences(
                        of: "\\", with: "\\\\"
                    ).replacingOccurrences(of: "\n", with: "\\n").replacingOccurrences(of: "\r", with: "\\r")
                    print(
                        "\(e.ordinal)\t\(e.recordID)\t\(e.written)\t\(e.time)\t\(e.provider)|\(e.source)\t\(e.eventID)\t\(e.level)\t\(e.computer)\t\(values)"
                    )
                }
                for note in log.notes { print("note: \(note)") }
                if let failure = log.failure { print("failure: \(failure)") }
                continue
            }
            // Best of the rounds run in one second (at least 3): other processes share the cores.
            var records = 0
            var seconds = Double.infinity
            let start = Date()
            var rounds = 0
            repeat {
                let t = Date()
                var values = 0
                records = EVTXReader.forEach(bytes) { values &+= $0.data.count }
                seconds = min(seconds, Date().timeIntervalSince(t))
                rounds += 1
                if values < 0 { print(values) }
            } while fixedRounds.map({ rounds < $0 }) ?? (Date().timeIntervalSince(start) < 1.0 || rounds < 3)
            totalBytes += bytes.count
            totalRecords += records
            totalSeconds += seconds
            print(
                String(
                    format: "%@: %d records, %.1f MB, %.2f ms, %.0f records/s, %.1f MB/s",
                    (file as NSString).lastPathComponent,
                    records, Double(bytes.count) / 1e6, seconds * 1000, Double(records) / seconds,
                    Double(bytes.count) / 1e6 / seconds))
        }
        if !dump, files.count > 1 {
            print(
                String(
                    format: "total: %d records, %.1f MB, %.0f records/s, %.1f MB/s", totalRecords,
                    Double(totalBytes) / 1e6, Double(totalRecords) / totalSeconds,
                    Double(totalBytes) / 1e6 / totalSeconds))
        }
    }
}
