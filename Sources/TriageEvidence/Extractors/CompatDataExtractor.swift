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
        let bytes = line.bytes
        var i = 0
        var guardSteps = 0
        while i < bytes.count, guardSteps < 10_000 {
            guardSteps += 1
            // The next item start or BlockingType, whichever comes first.
            var next: (at: Int, start: Int?)? = nil
            for (k, s) in Self.starts.enumerated() {
                if let p = bytes.firstIndex(of: s.0, from: i), next == nil || p < next!.at { next = (p, k) }
            }
            if let p = bytes.firstIndex(of: "BlockingType=\"", from: i), next == nil || p < next!.at { next = (p, nil) }
            guard let n = next else { return }
            if let k = n.start {
                let s = Self.starts[k]
                let tagEnd = bytes.firstIndex(of: 0x3E, from: n.at) ?? bytes.count
                var name = ""
                if let a = bytes.firstIndex(of: s.2, from: n.at, to: tagEnd) {
                    name = bytes.text(from: a + s.2.count, until: [ASCII.quote], limit: 200).0
                } else if s.1 == "device", let a = bytes.firstIndex(of: "Class=\"", from: n.at, to: tagEnd) {
                    name = bytes.text(from: a + Literal("Class=\"").count, until: [ASCII.quote], limit: 200).0
                }
                item = (s.1, name)
                if s.1 == "driver", bytes.firstIndex(of: "BlockMigration=\"True\"", from: n.at, to: tagEnd) != nil {
                    context.emit(
                        FactKind.compatBlock,
                        [
                            "type": "driver", "name": name, "blocking": "migration",
                            "log": LogKind.compatData.rawValue
                        ], line: line)
                }
                i = n.at + s.0.count
            } else {
                let valueStart = n.at + Literal("BlockingType=\"").count
                let v = bytes.text(from: valueStart, until: [ASCII.quote], limit: 20).0
                i = valueStart
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
