import Foundation
import TriageCore
import TriageEngine
import TriageEvidence
import TriageKnowledge

/// `triage-bench pml FILE…`: reads each Process Monitor log from memory, single thread, best of the rounds
/// run in one second (at least 3), and prints events/s and MB/s three times: the reader alone (every event's
/// operation, path and result decoded), the reader with the Detail column too, and the evidence reader
/// (recognition, facts: what `triage evidence` does after loading the file).
enum PMLBenchmark {
    /// reader: operation, path, result; reader+detail: also the Detail column where decoded; evidence: facts.
    static let modes = ["reader", "reader+detail", "evidence"]

    static func run(_ files: [String]) throws {
        // The failure results of the shipped knowledge base (run from the repository), as `triage evidence` reads.
        let knowledge = KnowledgeLoader.load(
            rulesDirectory: "Rules", knowledgeDirectory: "KnowledgeBase", logKinds: LogFormats.kinds
        ).knowledgeBase
        var totals = Array(repeating: (bytes: 0, events: 0, seconds: 0.0), count: 3)
        for file in files {
            let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: file)))
            let name = (file as NSString).lastPathComponent
            for (k, label) in Self.modes.enumerated() {
                var events = 0
                var seconds = Double.infinity
                let start = Date()
                var rounds = 0
                repeat {
                    let t = Date()
                    if k < 2 {
                        var chars = 0
                        let withDetail = k == 1
                        events =
                            PMLReader.forEach(bytes) { e in
                                chars &+= e.path.utf8.count &+ e.operation.utf8.count &+ e.resultName.utf8.count
                                if withDetail { chars &+= e.detail?.utf8.count ?? 0 }
                            }.events
                        if chars < 0 { print(chars) }
                    } else {
                        let set = TriagePipeline(knowledge: knowledge, concurrency: 1).read(files: [(name, bytes)])
                        events = set.sources.first?.lines ?? 0
                    }
                    seconds = min(seconds, Date().timeIntervalSince(t))
                    rounds += 1
                } while Date().timeIntervalSince(start) < 1.0 || rounds < 3
                totals[k].bytes += bytes.count
                totals[k].events += events
                totals[k].seconds += seconds
                print(
                    String(
                        format: "%@ %@: %d events, %.1f MB, %.2f ms, %.0f events/s, %.1f MB/s", label, name, events,
                        Double(bytes.count) / 1e6, seconds * 1000, Double(events) / seconds,
                        Double(bytes.count) / 1e6 / seconds))
            }
        }
        for (k, label) in Self.modes.enumerated() where files.count > 1 {
            let t = totals[k]
            print(
                String(
                    format: "%@ total: %d events, %.1f MB, %.0f events/s, %.1f MB/s", label, t.events,
                    Double(t.bytes) / 1e6, Double(t.events) / t.seconds, Double(t.bytes) / 1e6 / t.seconds))
        }
    }
}
