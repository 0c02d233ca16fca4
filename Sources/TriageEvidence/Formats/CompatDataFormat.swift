import TriageCore

extension LogKind {
    /// Panther `CompatData_*.xml` (setup's compatibility report).
    public static let compatData = LogKind(rawValue: "compatdata")
}

/// Windows Setup's compatibility report (`Panther\CompatData_<date>_<id>.xml`, also `ScanResult.xml`): one
/// `<CompatReport>` with hardware items, devices, driver packages and programs, each with a
/// `<CompatibilityInfo BlockingType="Hard|Soft|None"/>`. Read line by line (the report is often one long line).
extension LogFormat {
    static let compatData = LogFormat(
        kind: .compatData, names: [.contains("compatdata", priority: 15)],
        content: .lines(.compatData) { line in
            line.firstIndex(of: "<CompatReport") != nil ? 10 : nil
        },
        reader: .lines { CompatDataExtractor() },
        factKinds: ["collector", "source-collected", "signature", FactKind.compatBlock])
}
