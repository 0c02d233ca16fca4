import TriageCore

/// One feature update (an in-place upgrade by Windows Setup) as an `install-attempt` fact, so it sits in the
/// install timeline beside the monthly updates. A Panther setupact.log (or its rollback copy) is one attempt:
/// - builds from `Host OS version: 10.0.19045.0  (0.0) Platform …` and `Target OS version: 10.0.22621.1`
///   (the first of each; setup repeats them);
/// - the phase reached and the outcome from ``SetupModel``: the first fatal failure gives phase, operation,
///   result code and extend code (`result=failed`), else the furthest phase entered; a rollback marker
///   gives `rolled-back=true` and `result=failed`; so does a setup failure result (`0xC19…`) on an Error line
///   (`Result = 0xC1900101` without an extend code: the code, no phase); a line saying the run got through its second boot (OOBE)
///   or its last phase (``SetupCompletion``), with no fatal failure and no rollback, gives
///   `result=succeeded`; otherwise the result stays `unknown`.
/// Started at the first build line (else the log's first stamp), ended at the log's last stamp. Nothing is
/// emitted for a log that names no target build and shows neither a fatal failure nor a completed run.
struct FeatureUpdateAttempt {
    static let hostKey: Literal = "Host OS version: "
    static let targetKey: Literal = "Target OS version: "

    var attempt: Attempt?
    var source: String?
    var target: String?
    var rolledBack = false
    /// The first setup failure result (`0xC19…`) on an Error line, when no phase failure says more
    /// (`CSetupManager::Execute(1850): Result = 0xC1900101`).
    var failureResult: HRESULT?

    /// Codes of an Error line: the first Windows Setup failure result among them is kept.
    /// True when this line gave it.
    mutating func noteResult(_ codes: [HRESULT]) -> Bool {
        guard failureResult == nil else { return false }
        failureResult = codes.first { $0.value & 0xFFF0_0000 == 0xC190_0000 }
        return failureResult != nil
    }

    mutating func consume(_ bytes: LineBytes, text textStart: Int, line: LogLine, time: String?, stamp: Stamp?) {
        let host = target == nil || source == nil ? bytes.firstIndex(of: Self.hostKey, from: textStart) : nil
        let targetAt = target == nil ? bytes.firstIndex(of: Self.targetKey, from: textStart) : nil
        if host != nil || targetAt != nil, attempt == nil {
            attempt = Attempt(id: "setup:\(line.number)", line: line, time: time, started: stamp)
        }
        if let p = host, source == nil { source = Self.build(bytes, p + Self.hostKey.count) }
        if let p = targetAt { target = Self.build(bytes, p + Self.targetKey.count) }
    }

    /// `10.0.22621.1` up to the first space; nil unless digits and dots.
    static func build(_ bytes: LineBytes, _ from: Int) -> String? {
        let (v, _) = bytes.text(from: from, until: [ASCII.space, ASCII.comma], limit: 32)
        guard !v.isEmpty, v.first!.isNumber, v.allSatisfy({ $0.isNumber || $0 == "." }) else { return nil }
        return v
    }

    /// A log without build lines: the attempt is cited at its first fatal failure, or at the line saying
    /// the run got through (``SetupCompletion``).
    mutating func noteCited(line: LogLine, time: String?, stamp: Stamp?) {
        if attempt == nil { attempt = Attempt(id: "setup:\(line.number)", line: line, time: time, started: stamp) }
    }

    /// `first`/`ended`: the log's first and last stamps. An attempt without build lines started with the log.
    func fact(model: SetupModel, first: Stamp?, ended: Stamp?, file: String, log: LogKind) -> Fact? {
        guard target != nil || model.firstFatal != nil || model.completed != nil || failureResult != nil,
            var a = attempt
        else { return nil }
        a.channel = "setup"
        a.client = "Windows Setup"
        a.ended = ended
        if source == nil, target == nil, let first { a.started = first }
        var phase = model.furthest
        var extra: [String: String] = [:]
        if let fatal = model.firstFatal {
            a.result = .failed
            phase = SetupPhase(rawValue: fatal["phase"] ?? "") ?? phase
            if let op = fatal["operation"], op != SetupOperation.unknown.rawValue { extra["operation"] = op }
            if let code = fatal["hresult"] { extra["hresult"] = code }
            if let x = fatal["extend"] { extra["extend"] = x }
        }
        if model.firstFatal == nil, let code = failureResult {
            a.result = .failed
            extra["hresult"] = code.hex
        }
        if rolledBack {
            a.result = .failed
            extra["rolled-back"] = "true"
        } else if a.result != .failed, model.completed != nil {
            a.result = .succeeded
            phase = .secondBoot
        }
        if phase != .unknown { extra["phase"] = phase.rawValue }
        switch phase {
        case .downlevel: a.stage = "staging"
        case .safeOS: a.stage = "install"
        case .firstBoot, .secondBoot: a.stage = "boot"
        default: a.stage = "unknown"
        }
        if let source { extra["source-build"] = source }
        if let target { extra["target-build"] = target }
        var fact = a.fact(file: file, log: log)
        for (k, v) in extra { fact.attributes[k] = v }
        return fact
    }
}
