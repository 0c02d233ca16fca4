import TriageCore

/// The phase-and-operation model of a Panther setupact/setuperr log (and of the rollback log, same layout).
/// It follows the execution phase SetupPlatform is in (`Start execution phase Downlevel`,
/// `Execution phase [Safe OS] …`, `Current phase string : SafeOS,Start`) and turns failures into
/// `setup-failure` facts that carry phase and operation:
/// - `Operation failed: <operation>. Error: 0x…` (one operation; setup may retry and go on: `fatal=false`);
/// - `Failed execution phase <phase>. Error: 0x…` (the phase is abandoned: `fatal=true`, with the last failed
///   operation of that phase);
/// - a result with its extend code: `0xC1900101 - 0x4000D`, `0x8007000D-0x2000C`,
///   `Reporting post reboot event -> [0x8007000D, 0x2000C]` (`fatal=true`, phase and operation from the code).
/// Phase names on the lines are free text; the facts hold ``SetupPhase`` and ``SetupOperation`` ids.
struct SetupModel {
    var phase: SetupPhase = .unknown
    /// The last `Operation failed:` of the current phase (name, operation).
    var lastFailed: (step: String, operation: SetupOperation)?
    /// The attributes of the first fatal `setup-failure` (phase, operation, hresult, extend): the outcome of
    /// the feature-update attempt (``FeatureUpdateAttempt``).
    var firstFatal: [String: String]?
    /// The furthest phase entered (down-level, Safe OS, first boot, second boot; uninstall is not progress).
    var furthest: SetupPhase = .unknown

    mutating func consume(
        _ b: LineBytes, text t: Int, line: LogLine, log: LogKind, time: String?, stamp: String?,
        into context: inout ExtractionContext
    ) {
        if let p = b.firstIndex(of: "Start execution phase ", from: t) {
            enter(SetupPhase(logName: b.trimmedText(from: p + 22)))
            return
        }
        if let p = b.firstIndex(of: "Execution phase [", from: t) {
            let (name, _) = b.text(from: p + 17, until: [ASCII.rightBracket], limit: 40)
            enter(SetupPhase(logName: name))
        } else if let p = b.firstIndex(of: "Current phase string", from: t),
            let c = b.firstIndex(of: ASCII.colon, from: p)
        {
            let (name, _) = b.text(from: c + 1, until: [ASCII.comma], limit: 40)
            enter(SetupPhase(logName: name))
            return
        }
        if let p = b.firstIndex(of: "Operation failed: ", from: t) {
            let stepEnd = b.firstIndex(of: ". Error: ", from: p) ?? min(b.count, p + 18 + 200)
            let step = b.trimmedText(from: p + 18, to: stepEnd)
            let op = SetupOperation(operationName: step)
            lastFailed = (step, op)
            var attrs = [
                "phase": phase.rawValue, "operation": op.rawValue, "step": step, "fatal": "false",
                "log": log.rawValue
            ]
            if let hit = CodeScanner.scan(b, from: stepEnd, forms: []).first { attrs["hresult"] = hit.code.hex }
            context.emit(FactKind.setupFailure, attrs, line: line, time: time, timestamp: stamp)
            return
        }
        if let p = b.firstIndex(of: "Failed execution phase ", from: t) {
            let nameEnd = b.firstIndex(of: ". Error", from: p) ?? b.count
            let failed = SetupPhase(logName: b.trimmedText(from: p + 23, to: nameEnd))
            let lastFailed = self.lastFailed
            enter(failed)
            var attrs = [
                "phase": failed.rawValue, "operation": SetupOperation.unknown.rawValue, "fatal": "true",
                "log": log.rawValue
            ]
            if let last = lastFailed {
                attrs["operation"] = last.operation.rawValue
                attrs["step"] = last.step
            }
            if let hit = CodeScanner.scan(b, from: nameEnd, forms: []).first { attrs["hresult"] = hit.code.hex }
            if firstFatal == nil { firstFatal = attrs }
            context.emit(FactKind.setupFailure, attrs, line: line, time: time, timestamp: stamp)
            return
        }
        if let (result, ext) = Self.resultExtend(b, from: t) {
            var attrs = [
                "phase": ext.phase.rawValue, "operation": ext.operation.rawValue, "fatal": "true",
                "hresult": result.hex, "extend": ext.hex, "log": log.rawValue
            ]
            if ext.phase == .unknown, phase != .unknown { attrs["phase"] = phase.rawValue }
            if firstFatal == nil { firstFatal = attrs }
            context.emit(FactKind.setupFailure, attrs, line: line, time: time, timestamp: stamp)
        }
    }

    private mutating func enter(_ p: SetupPhase) {
        guard p != .unknown, p != phase else { return }
        phase = p
        lastFailed = nil
        if let rank = Self.progress[p], rank > (Self.progress[furthest] ?? 0) { furthest = p }
    }

    /// The order of the forward phases.
    static let progress: [SetupPhase: Int] = [.downlevel: 1, .safeOS: 2, .firstBoot: 3, .secondBoot: 4]

    /// A failure result followed by an extend code: `0xC1900101 - 0x4000D`, `0x8007000D-0x2000C`,
    /// `[0x8007000D, 0x2000C]`. The result must be a failure code; the extend code at most five hex digits.
    static func resultExtend(_ b: LineBytes, from: Int) -> (HRESULT, SetupExtend)? {
        var i = from
        while let z = b.firstIndex(of: "0x", from: i) {
            i = z + 2
            var e = z + 2
            var v: UInt32 = 0
            while e < b.count, e - z - 2 < 9, let h = ASCII.hexValue(b[e]) {
                v = v << 4 | h
                e += 1
            }
            guard e - z - 2 == 8, v & 0x8000_0000 != 0 else { continue }
            var j = e
            if j < b.count, b[j] == ASCII.rightBracket { j += 1 }
            j = b.skipSpaces(from: j)
            guard j < b.count, b[j] == 0x2D || b[j] == ASCII.comma else { continue }
            j = b.skipSpaces(from: j + 1)
            if j < b.count, b[j] == ASCII.leftBracket { j += 1 }
            guard b.starts(with: "0x", at: j) || b.starts(with: "0X", at: j) else { continue }
            var k = j + 2
            var x: UInt32 = 0
            while k < b.count, k - j - 2 < 6, let h = ASCII.hexValue(b[k]) {
                x = x << 4 | h
                k += 1
            }
            let digits = k - j - 2
            guard digits >= 4, digits <= 5, k == b.count || !ASCII.isAlnum(b[k]), x >> 16 != 0,
                let ext = SetupExtend(x)
            else { continue }
            return (HRESULT(v), ext)
        }
        return nil
    }
}
