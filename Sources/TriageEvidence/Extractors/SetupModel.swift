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
    /// The attributes of the first line saying the run got through (``SetupCompletion``), emitted as
    /// `setup-completed`.
    var completed: [String: String]?

    mutating func consume(
        _ b: Bytes, text t: Int, line: LogLine, log: LogKind, time: String?, stamp: String?,
        into context: inout ExtractionContext
    ) {
        if let done = SetupCompletion.match(b, from: t) {
            enter(done.phase)
            if done.final, completed == nil, log == .setupact {
                let attrs = ["phase": done.phase.rawValue, "step": done.name, "log": log.rawValue]
                completed = attrs
                context.emit(FactKind.setupCompleted, attrs, line: line, time: time, timestamp: stamp)
            }
            return
        }
        if let p = B.find(Lit("Start execution phase "), in: b, from: t) {
            enter(SetupPhase(logName: B.text(b, p + 22)))
            return
        }
        if let p = B.find(Lit("Execution phase ["), in: b, from: t) {
            let (name, _) = B.text(b, from: p + 17, until: [B.rbracket], limit: 40)
            enter(SetupPhase(logName: name))
        } else if let p = B.find(Lit("Current phase string"), in: b, from: t),
            let c = B.firstByte(B.colon, in: b, from: p)
        {
            let (name, _) = B.text(b, from: c + 1, until: [B.comma], limit: 40)
            enter(SetupPhase(logName: name))
            return
        }
        if let p = B.find(Lit("Operation failed: "), in: b, from: t) {
            let stepEnd = B.find(Lit(". Error: "), in: b, from: p) ?? min(b.count, p + 18 + 200)
            let step = B.text(b, p + 18, stepEnd)
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
        if let p = B.find(Lit("Failed execution phase "), in: b, from: t) {
            let nameEnd = B.find(Lit(". Error"), in: b, from: p) ?? b.count
            let failed = SetupPhase(logName: B.text(b, p + 23, nameEnd))
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
    static func resultExtend(_ b: Bytes, from: Int) -> (HRESULT, SetupExtend)? {
        var i = from
        while let z = B.find(Lit("0x"), in: b, from: i) {
            i = z + 2
            var e = z + 2
            var v: UInt32 = 0
            while e < b.count, e - z - 2 < 9, let h = B.hexValue(b[e]) {
                v = v << 4 | h
                e += 1
            }
            guard e - z - 2 == 8, v & 0x8000_0000 != 0 else { continue }
            var j = e
            if j < b.count, b[j] == B.rbracket { j += 1 }
            j = B.skipSpaces(b, j)
            guard j < b.count, b[j] == 0x2D || b[j] == B.comma else { continue }
            j = B.skipSpaces(b, j + 1)
            if j < b.count, b[j] == B.lbracket { j += 1 }
            guard B.starts(b, Lit("0x"), at: j) || B.starts(b, Lit("0X"), at: j) else { continue }
            var k = j + 2
            var x: UInt32 = 0
            while k < b.count, k - j - 2 < 6, let h = B.hexValue(b[k]) {
                x = x << 4 | h
                k += 1
            }
            let digits = k - j - 2
            guard digits >= 4, digits <= 5, k == b.count || !B.isAlnum(b[k]), x >> 16 != 0,
                let ext = SetupExtend(x)
            else { continue }
            return (HRESULT(v), ext)
        }
        return nil
    }
}
