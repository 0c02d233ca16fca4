import TriageCore

/// Setup's own words for a phase it finished, as a Panther setupact.log writes them (all seen in real logs):
/// - `ExecuteOperations: Successfully processed execution phase Post OOBE` (SetupPlatform's operation queue);
/// - `SetupPlatform: Phase "Post-OOBEBoot" completed successfully.`;
/// - `Execution phase [Post OOBE] exiting with HRESULT [0x00000000]`;
/// - windeploy's `… OOBE completion flag = TRUE` (OOBE finished: the new system is in use).
/// A phase of the second boot (OOBE) or the `End` phase finishing means the run got through: the new system
/// booted and reached OOBE. Earlier phases finishing (`Successfully processed execution phase Downlevel`) are
/// progress only. The line is the evidence of a ``FeatureUpdateAttempt`` that succeeded (`setup-completed`).
enum SetupCompletion {
    static let processed = Literal("Successfully processed execution phase ")
    static let platformPhase = Literal("SetupPlatform: Phase \"")
    static let completedSuccessfully = Literal("\" completed successfully")
    static let executionPhase = Literal("Execution phase [")
    static let exitingOK = Literal("] exiting with HRESULT [0x00000000]")
    static let oobeFlag = Literal("OOBE completion flag = TRUE")

    /// The phase a line says was finished (its name as written and its ``SetupPhase``), and whether that
    /// finishes the run; nil when the line says nothing of the kind.
    static func match(_ bytes: LineBytes, from textStart: Int) -> (name: String, phase: SetupPhase, final: Bool)? {
        var name: String?
        if let p = bytes.firstIndex(of: processed, from: textStart) {
            let (n, _) = bytes.text(from: p + processed.count, until: [0x0D, 0x0A, 0x2E], limit: 41)
            name = n
        } else if let p = bytes.firstIndex(of: platformPhase, from: textStart),
            let q = bytes.firstIndex(of: completedSuccessfully, from: p + platformPhase.count)
        {
            name = bytes.trimmedText(from: p + platformPhase.count, to: q)
        } else if let p = bytes.firstIndex(of: executionPhase, from: textStart),
            let q = bytes.firstIndex(of: exitingOK, from: p + executionPhase.count)
        {
            name = bytes.trimmedText(from: p + executionPhase.count, to: q)
        } else if bytes.contains(oobeFlag, from: textStart) {
            return ("OOBE", .secondBoot, true)
        }
        guard let n = name else { return nil }
        guard !n.isEmpty, n.count <= 40 else { return nil }
        let phase = SetupPhase(logName: n)
        let final = phase == .secondBoot || n.lowercased() == "end"
        return (n, phase, final)
    }
}
