/// How an install attempt ended: the closed values of `install-attempt`'s `result` (and `attempt-result`)
/// declared in `KnowledgeBase/fact-kinds.xml` — one spelling for the extractors that set it and the reports
/// that read it (a test checks the two lists are the same).
public enum AttemptResult: String, Sendable, CaseIterable {
    case succeeded
    case failed
    /// Staged, waiting for a restart.
    case pending
    /// Stopped before it finished (`0x800F0820 CBS_E_CANCEL`, report events 163 and 186).
    case cancelled
    case unknown
}
