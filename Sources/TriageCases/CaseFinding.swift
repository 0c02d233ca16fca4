import TriageCore

/// A case-level warning (not a cause): `machine-mismatch`, `collector-outdated`, `request-repeated`.
public struct CaseFinding: Sendable, Hashable, Codable {
    public var id: String
    /// Machine-readable details; printed sorted by key.
    public var attributes: [String: String]
    public var message: LocalizedText

    public init(id: String, attributes: [String: String] = [:], message: LocalizedText = LocalizedText()) {
        self.id = id
        self.attributes = attributes
        self.message = message
    }

    public static let machineMismatch = "machine-mismatch"
    public static let collectorOutdated = "collector-outdated"
    public static let requestRepeated = "request-repeated"

    /// Deterministic order: id, then attributes.
    public static func stableOrder(_ a: CaseFinding, _ b: CaseFinding) -> Bool {
        if a.id != b.id { return a.id < b.id }
        let ka = a.attributes.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
        let kb = b.attributes.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
        return ka.lexicographicallyPrecedes(kb)
    }
}
