import TriageCore

/// CompatData_*.xml: each item (`<HardwareItem HardwareType="…">`, `<Device …>`, `<DriverPackage Inf="…" …>`,
/// `<Program Name="…">`) with the `BlockingType` of its `<CompatibilityInfo>` (which may follow on a later
/// line). Hard and soft blocks, and driver packages setup will not migrate (`BlockMigration="True"`), become
/// `compat-block` facts: `type` hardware|device|driver|program, `name`, `blocking` hard|soft|migration.
struct CompatDataExtractor: LogExtractor {
    private var item: (type: String, name: String)?

    private static let starts: [(Literal, String, Literal)] = [
        ("<HardwareItem ", "hardware", "HardwareType=\""),
        ("<Device ", "device", "Model=\""),
        ("<DriverPackage ", "driver", "Inf=\""),
        ("<Program ", "program", "Name=\"")
    ]

    mutating func consume(_ line: LogLine, into context: inout ExtractionContext) {
        let b = line.bytes
        var i = 0
        var guardSteps = 0
        while i < b.count, guardSteps < 10_000 {
            guardSteps += 1
            // The next item start or BlockingType, whichever comes first.
            var next: (at: Int, start: Int?)? = nil
            for (k, s) in Self.starts.enumerated() {
                if let p = b.firstIndex(of: s.0, from: i), next == nil || p < next!.at { next = (p, k) }
            }
            if let p = b.firstIndex(of: "BlockingType=\"", from: i), next == nil || p < next!.at { next = (p, nil) }
            guard let n = next else { return }
            if let k = n.start {
                let s = Self.starts[k]
                let tagEnd = b.firstIndex(of: 0x3E, from: n.at) ?? b.count
                var name = ""
                if let a = b.firstIndex(of: s.2, from: n.at, to: tagEnd) {
                    name = b.text(from: a + s.2.count, until: [ASCII.quote], limit: 200).0
                } else if s.1 == "device", let a = b.firstIndex(of: "Class=\"", from: n.at, to: tagEnd) {
                    name = b.text(from: a + 7, until: [ASCII.quote], limit: 200).0
                }
                item = (s.1, name)
                if s.1 == "driver", b.firstIndex(of: "BlockMigration=\"True\"", from: n.at, to: tagEnd) != nil {
                    context.emit(
                        FactKind.compatBlock,
                        [
                            "type": "driver", "name": name, "blocking": "migration",
                            "log": LogKind.compatData.rawValue
                        ], line: line)
                }
                i = n.at + s.0.count
            } else {
                let v = b.text(from: n.at + 14, until: [ASCII.quote], limit: 20).0
                i = n.at + 14
                guard let it = item else { continue }
                let blocking = v.lowercased()
                guard blocking == "hard" || blocking == "soft" else { continue }
                context.emit(
                    FactKind.compatBlock,
                    [
                        "type": it.type, "name": it.name, "blocking": blocking,
                        "log": LogKind.compatData.rawValue
                    ], line: line)
                item = nil
            }
        }
    }

    mutating func finish(into context: inout ExtractionContext) {}
}
