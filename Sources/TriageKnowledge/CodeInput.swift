import TriageCore

/// What an engineer may type for a code besides its number: a symbol from the catalog (`CBS_E_ABORT`), or a
/// Windows Setup result with its extend code (`0x8007000D-0x2000C`, `0xC1900101 - 0x4000D`): the result is the
/// code; the extend code's first digit is the setup phase and its last two digits the operation.
public struct CodeInput: Sendable, Hashable {
    public var code: HRESULT
    /// Sentences about the input itself (the symbol it named, the phase and operation of an extend code).
    public var notes: [String]

    /// Setup phases by the first digit of an extend code (Microsoft's upgrade error code documentation).
    static let setupPhases: [UInt32: String] = [
        1: "down-level (the old system, before the first restart)",
        2: "Safe OS (WinPE, applying the new image)",
        3: "first boot of the new system",
        4: "second boot (OOBE and migration)",
        5: "uninstall (rollback to the old system)",
    ]

    public init?(_ text: String, in kb: KnowledgeBase) {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if let code = HRESULT(parsing: trimmed) {
            self.init(code: code, notes: [])
            return
        }
        if let entry = kb.errorCodes.first(where: { $0.symbol.caseInsensitiveCompare(trimmed) == .orderedSame }) {
            self.init(code: entry.code, notes: ["\(entry.symbol) is \(entry.code.upperHex)"])
            return
        }
        let parts = trimmed.split(separator: "-", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
        guard parts.count == 2, let result = HRESULT(parsing: parts[0]), parts[1].lowercased().hasPrefix("0x"),
              let extend = UInt32(parts[1].dropFirst(2), radix: 16), extend <= 0xFFFFF else { return nil }
        let phase = extend >> 16
        let operation = extend & 0xFF
        let phaseText = Self.setupPhases[phase].map { "phase \(phase), \($0)" } ?? "phase \(phase) (not a documented phase)"
        self.init(code: result, notes: [
            "Windows Setup result \(result.upperHex) with extend code 0x\(String(extend, radix: 16, uppercase: true)): "
                + "\(phaseText); operation 0x\(String(operation, radix: 16, uppercase: true))",
        ])
    }

    init(code: HRESULT, notes: [String]) {
        self.code = code
        self.notes = notes
    }
}
