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
    /// How many times SetupPlatform started an execution phase, and finished the down-level phase
    /// (``SetupEnding`` reads these to tell an open run from a closed one).
    var phaseStarts = 0
    var downlevelDone = 0

    mutating func consume(
        _ bytes: LineBytes, text textStart: Int, line: LogLine, log: LogKind, time: String?, stamp: String?,
        into context: inout ExtractionContext
    ) {
        if let done = SetupCompletion.match(bytes, from: textStart) {
            enter(done.phase)
            if done.phase == .downlevel { downlevelDone += 1 }
            if done.final, completed == nil, log == .setupact {
                let attrs = ["phase": done.phase.rawValue, "step": done.name, "log": log.rawValue]
                completed = attrs
                context.emit(FactKind.setupCompleted, attrs, line: line, time: time, timestamp: stamp)
            }
            return
        }
        if let p = bytes.firstIndex(of: "Start execution phase ", from: textStart) {
            phaseStarts += 1
            enter(SetupPhase(logName: bytes.trimmedText(from: p + 22)))
            return
        }
        if let p = bytes.firstIndex(of: "Execution phase [", from: textStart) {
            let (name, _) = bytes.text(from: p + 17, until: [ASCII.rightBracket], limit: 40)
            enter(SetupPhase(logName: name))
        } else if let p = bytes.firstIndex(of: "Current phase string", from: textStart),
            let c = bytes.firstIndex(of: ASCII.colon, from: p)
        {
            let (name, _) = bytes.text(from: c + 1, until: [ASCII.comma], limit: 40)
            enter(SetupPhase(logName: name))
            return
        }
        if let p = bytes.firstIndex(of: "Operation failed: ", from: textStart) {
            let stepEnd = bytes.firstIndex(of: ". Error: ", from: p) ?? min(bytes.count, p + 18 + 200)
            let step = bytes.trimmedText(from: p + 18, to: stepEnd)
            let op = SetupOperation(operationName: step)
            lastFailed = (step, op)
            var attrs = [
                "phase": phase.rawValue, "operation": op.rawValue, "step": step, "fatal": "false",
                "log": log.rawValue
            ]
            if let hit = CodeScanner.scan(bytes, from: stepEnd, forms: []).first { attrs["hresult"] = hit.code.hex }
            context.emit(FactKind.setupFailure, attrs, line: line, time: time, timestamp: stamp)
            return
        }
        if let p = bytes.firstIndex(of: "Failed execution phase ", from: textStart) {
            let nameEnd = bytes.firstIndex(of: ". Error", from: p) ?? bytes.count
            let failed = SetupPhase(logName: bytes.trimmedText(from: p + 23, to: nameEnd))
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
            if let hit = CodeScanner.scan(bytes, from: nameEnd, forms: []).first { attrs["hresult"] = hit.code.hex }
            if firstFatal == nil { firstFatal = attrs }
            context.emit(FactKind.setupFailure, attrs, line: line, time: time, timestamp: stamp)
            return
        }
        if let (result, ext) = Self.resultExtend(bytes, from: textStart) {
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
    static func resultExtend(_ bytes: LineBytes, from: Int) -> (HRESULT, SetupExtend)? {
        var i = from
        while let z = bytes.firstIndex(of: "0x", from: i) {
            i = z + 2
            var e = z + 2
            var v: UInt32 = 0
            while e < bytes.count, e - z - 2 < 9, let digit = ASCII.hexValue(bytes[e]) {
                v = v << 4 | digit
                e += 1
            }
            guard e - z - 2 == 8, v & 0x8000_0000 != 0 else { continue }
            var j = e
            if j < bytes.count, bytes[j] == ASCII.rightBracket { j += 1 }
            j = bytes.skipSpaces(from: j)
            guard j < bytes.count, bytes[j] == 0x2D || bytes[j] == ASCII.comma else { continue }
            j = bytes.skipSpaces(from: j + 1)
            if j < bytes.count, bytes[j] == ASCII.leftBracket { j += 1 }
            guard bytes.starts(with: "0x", at: j) || bytes.starts(with: "0X", at: j) else { continue }
            var k = j + 2
            var x: UInt32 = 0
            while k < bytes.count, k - j - 2 < 6, let digit = ASCII.hexValue(bytes[k]) {
                x = x << 4 | digit
                k += 1
            }
            let digits = k - j - 2
            guard digits >= 4, digits <= 5, k == bytes.count || !ASCII.isAlnum(bytes[k]), x >> 16 != 0,
                let ext = SetupExtend(x)
            else { continue }
            return (HRESULT(v), ext)
        }
        return nil
    }
}
