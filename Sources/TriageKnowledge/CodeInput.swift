import TriageCore

/// What an engineer may type for a code besides its number: a symbol from the catalog (`CBS_E_ABORT`), or a
/// Windows Setup result with its extend code (`0x8007000D-0x2000C`, `0xC1900101 - 0x4000D`): the result is the
/// code; the extend code's first digit is the setup phase and its last two digits the operation.
public struct CodeInput: Sendable, Hashable {
    public var code: HRESULT
    /// Sentences about the input itself (the symbol it named, the phase and operation of an extend code).
    public var notes: [String]

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
            let extend = UInt32(parts[1].dropFirst(2), radix: 16), extend <= 0xFFFFF
        else { return nil }
        guard let ext = SetupExtend(extend) else { return nil }
        self.init(code: result, notes: Self.extendNotes(result: result, extend: ext))
    }

    /// What a `result - extend` pair says: the phase and operation by name, and where to look next.
    public static func extendNotes(result: HRESULT, extend ext: SetupExtend) -> [String] {
        let phase = ext.phase
        let op = ext.operation
        let phaseText =
            phase == .unknown && ext.value >> 16 != 0
            ? "phase \(ext.value >> 16) (not a documented phase)"
            : "phase \(ext.value >> 16), \(phase.documented.symbol): \(phase.documented.text)"
        let opText =
            op == .unknown && ext.value & 0xFF != 0
            ? "operation 0x\(String(ext.value & 0xFF, radix: 16, uppercase: true)) (not a documented operation)"
            : "operation 0x\(String(ext.value & 0xFF, radix: 16, uppercase: true)), \(op.symbol)"
        var notes = ["Windows Setup result \(result.upperHex) with extend code \(ext.hex): \(phaseText); \(opText)"]
        switch (phase, op) {
        case (.safeOS, .applyImage), (.downlevel, .applyImage):
            notes.append(
                "the new image could not be applied: read errors of the install image point at corrupt media or download, or at the disk or memory of the machine (check them before another repair)"
            )
        case (_, .migrateData):
            notes.append(
                "data migration failed: an application, profile or driver that setup migrates; the setupact.log MIG lines name it"
            )
        case (.safeOS, .boot), (.firstBoot, _), (.safeOS, .installDrivers), (_, .addDriver), (_, .installDrivers):
            notes.append(
                "a driver or device failed while the new system started: update or remove the driver named in setupapi.dev.log or the rollback log (a bugcheck there names its code)"
            )
        case (.secondBoot, _):
            notes.append(
                "the new system failed in OOBE or at the second restart: often a filter driver (antivirus, encryption); clean boot and try again"
            )
        case (.downlevel, _):
            notes.append(
                "the old system failed before the first restart: compatibility data, disk space or the down-level servicing stack; read setuperr.log and CompatData"
            )
        case (.uninstall, _):
            notes.append("the failure happened while rolling back; the rollback log holds the earlier failure")
        default:
            break
        }
        return notes
    }

    init(code: HRESULT, notes: [String]) {
        self.code = code
        self.notes = notes
    }
}
