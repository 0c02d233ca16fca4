import TriageCore

/// One feature update (an in-place upgrade by Windows Setup) as an `install-attempt` fact, so it sits in the
/// install timeline beside the monthly updates. A Panther setupact.log (or its rollback copy) is one attempt:
/// - builds from `Host OS version: 10.0.19045.0  (0.0) Platform …` and `Target OS version: 10.0.22621.1`
///   (the first of each; setup repeats them);
/// - the phase reached and the outcome from ``SetupModel``: the first fatal failure gives phase, operation,
///   result code and extend code (`result=failed`), else the furthest phase entered; a rollback marker
///   gives `rolled-back=true` and `result=failed`; otherwise the result stays `unknown` (setupact has no
///   success line triage reads yet).
/// Started at the first build line, ended at the log's last stamp. Nothing is emitted for a log that names
/// no target build and shows no fatal failure (a setupact of another tool, or a clean-install log).
struct FeatureUpdateAttempt {
    static let hostKey: Literal = "Host OS version: "
    static let targetKey: Literal = "Target OS version: "

    var attempt: Attempt?
    var source: String?
    var target: String?
    var rolledBack = false

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

    /// A log without build lines: the attempt starts at its first fatal failure.
    mutating func noteFatal(line: LogLine, time: String?, stamp: Stamp?) {
        if attempt == nil { attempt = Attempt(id: "setup:\(line.number)", line: line, time: time, started: stamp) }
    }

    func fact(model: SetupModel, ended: Stamp?, file: String, log: LogKind) -> Fact? {
        guard target != nil || model.firstFatal != nil, var a = attempt else { return nil }
        a.channel = "setup"
        a.client = "Windows Setup"
        a.ended = ended
        var phase = model.furthest
        var extra: [String: String] = [:]
        if let fatal = model.firstFatal {
            a.result = "failed"
            phase = SetupPhase(rawValue: fatal["phase"] ?? "") ?? phase
            if let op = fatal["operation"], op != SetupOperation.unknown.rawValue { extra["operation"] = op }
            if let code = fatal["hresult"] { extra["hresult"] = code }
            if let x = fatal["extend"] { extra["extend"] = x }
        }
        if rolledBack {
            a.result = "failed"
            extra["rolled-back"] = "true"
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
