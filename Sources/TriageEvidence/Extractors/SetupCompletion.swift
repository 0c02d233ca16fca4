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
    static let processed = Lit("Successfully processed execution phase ")
    static let platformPhase = Lit("SetupPlatform: Phase \"")
    static let completedSuccessfully = Lit("\" completed successfully")
    static let executionPhase = Lit("Execution phase [")
    static let exitingOK = Lit("] exiting with HRESULT [0x00000000]")
    static let oobeFlag = Lit("OOBE completion flag = TRUE")

    /// The phase a line says was finished (its name as written and its ``SetupPhase``), and whether that
    /// finishes the run; nil when the line says nothing of the kind.
    static func match(_ b: Bytes, from t: Int) -> (name: String, phase: SetupPhase, final: Bool)? {
        var name: String?
        if let p = B.find(processed, in: b, from: t) {
            let (n, _) = B.text(b, from: p + processed.count, until: [0x0D, 0x0A, 0x2E], limit: 41)
            name = n
        } else if let p = B.find(platformPhase, in: b, from: t),
            let q = B.find(completedSuccessfully, in: b, from: p + platformPhase.count)
        {
            name = B.text(b, p + platformPhase.count, q)
        } else if let p = B.find(executionPhase, in: b, from: t),
            let q = B.find(exitingOK, in: b, from: p + executionPhase.count)
        {
            name = B.text(b, p + executionPhase.count, q)
        } else if B.has(oobeFlag, in: b, from: t) {
            return ("OOBE", .secondBoot, true)
        }
        guard let n = name else { return nil }
        guard !n.isEmpty, n.count <= 40 else { return nil }
        let phase = SetupPhase(logName: n)
        let final = phase == .secondBoot || n.lowercased() == "end"
        return (n, phase, final)
    }
}
