import TriageCore

/// How a Panther setupact.log ends, for SetupDiag's FindAbruptDownlevelFailure, and its compat-scan-only run
/// (CompatScanOnly):
/// - `SetupHost::Initialize: CmdLine = [… /Compat ScanOnly …]` (setup logs its command line; the switch is
///   matched ignoring case) makes the run a compatibility scan, not an upgrade: `setup-scan-only`;
/// - a log whose SetupPlatform entered the down-level phase and never left it, with no failure, no
///   rollback, no completion, no error result reported and no clean close (`SetupHost Logging End`, the
///   down-level phase processed or exiting with `HRESULT [0x00000000]`) just stops: power lost, the
///   process killed, the machine restarted, or the log collected while setup still ran. `setup-log-ended`
///   cites its last stamped line.
struct SetupEnding {
    static let loggingEnd = Literal("SetupHost Logging End")
    static let errorEvent = Literal("Reporting error event")
    static let cmdLine = Literal("CmdLine")
    static let scanOnlySwitch: [UInt8] = Array("/compat scanonly".utf8)

    /// The last stamped line: number, time, stamp, citation.
    var last: (line: Int, time: String?, stamp: String?, text: String)?
    /// Setup closed the run or reported its outcome since it last entered a phase.
    var closed = false
    var scanOnly = false
    var starts = 0
    var downlevelDone = 0

    mutating func consume(
        _ bytes: LineBytes, text textStart: Int, line: LogLine, model: SetupModel, time: String?, stamp: Stamp?,
        into context: inout ExtractionContext
    ) {
        if !scanOnly, let c = bytes.firstIndex(of: Self.cmdLine, from: textStart),
            let s = ASCII.firstIndexIgnoringCase(Self.scanOnlySwitch, in: bytes, from: c)
        {
            scanOnly = true
            let attrs = ["switch": bytes.trimmedText(from: s, to: s + Self.scanOnlySwitch.count), "log": "setupact"]
            context.emit(FactKind.setupScanOnly, attrs, line: line, time: time, timestamp: stamp?.text)
        }
        if model.downlevelDone != downlevelDone {
            downlevelDone = model.downlevelDone
            closed = true
        } else if model.phaseStarts != starts {
            starts = model.phaseStarts
            closed = false
        }
        if bytes.contains(Self.loggingEnd, from: textStart) || bytes.contains(Self.errorEvent, from: textStart) {
            closed = true
        }
        // Only a log still in the down-level phase needs its last line.
        if let stamp, model.furthest == .downlevel, model.phase == .downlevel {
            last = (line.number, time, stamp.text, line.citationText)
        }
    }

    func fact(model: SetupModel, failureResult: HRESULT?, rolledBack: Bool, file: String) -> Fact? {
        guard !scanOnly, !closed, !rolledBack, failureResult == nil, model.firstFatal == nil, model.completed == nil,
            model.furthest == .downlevel, model.phase == .downlevel, let last
        else { return nil }
        var attrs = ["phase": SetupPhase.downlevel.rawValue, "log": "setupact"]
        if let f = model.lastFailed { attrs["step"] = f.step }
        return Fact(
            kind: FactKind.setupLogEnded, attributes: attrs,
            provenance: Provenance(file: file, line: last.line, time: last.time, timestamp: last.stamp, text: last.text)
        )
    }
}
