import TriageCore

extension InstallAttempt {
    /// JSON keys and the `install-attempt` attributes of a feature update (channel `setup`) they carry.
    static let setupAttributes: [(String, String)] = [
        ("sourceBuild", "source-build"), ("targetBuild", "target-build"), ("phase", "phase"),
        ("operation", "operation"), ("extend", "extend"), ("rolledBack", "rolled-back")
    ]

    /// A feature update's builds, phase and operation, extend code and rollback, for the timeline:
    /// `10.0.19045.0 -> 10.0.22621.1 safe-os/apply-image 0x2000c rolled-back`; nil for other attempts.
    public var setupSummary: String? {
        guard fact["channel"] == "setup" else { return nil }
        var parts: [String] = []
        if let source = fact["source-build"] ?? fact["target-build"].map({ _ in "?" }) {
            parts.append(source + " -> " + (fact["target-build"] ?? "?"))
        }
        if let phase = fact["phase"] { parts.append(phase + (fact["operation"].map { "/" + $0 } ?? "")) }
        if let extend = fact["extend"] { parts.append(extend) }
        if fact["rolled-back"] == "true" { parts.append("rolled-back") }
        return parts.isEmpty ? nil : parts.joined(separator: " ")
    }
}
