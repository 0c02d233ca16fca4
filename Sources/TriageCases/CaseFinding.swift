import TriageCore

/// A case-level warning (not a cause): `machine-mismatch`, `collector-outdated`, `request-repeated`.
package struct CaseFinding: Sendable, Hashable, Codable {
    package var id: String
    /// Machine-readable details; printed sorted by key.
    package var attributes: [String: String]
    package var message: LocalizedText

    package init(id: String, attributes: [String: String] = [:], message: LocalizedText = LocalizedText()) {
        self.id = id
        self.attributes = attributes
        self.message = message
    }

    package static let machineMismatch = "machine-mismatch"
    package static let collectorOutdated = "collector-outdated"
    package static let requestRepeated = "request-repeated"

    /// Deterministic order: id, then attributes.
    package static func stableOrder(_ a: CaseFinding, _ b: CaseFinding) -> Bool {
        if a.id != b.id { return a.id < b.id }
        let ka = a.attributes.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
        let kb = b.attributes.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
        return ka.lexicographicallyPrecedes(kb)
    }
}
