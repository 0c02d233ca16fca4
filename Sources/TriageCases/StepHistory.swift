/// How the case history bears on a recommended procedure.
package struct StepHistory: Sendable, Hashable, Codable {
    package var procedure: String
    /// How many times it was requested without a result (0 when never asked for).
    package var timesRequested: Int
    package var firstRequested: String?
    package var lastRequested: String?

    package init(procedure: String, timesRequested: Int, firstRequested: String?, lastRequested: String?) {
        self.procedure = procedure
        self.timesRequested = timesRequested
        self.firstRequested = firstRequested
        self.lastRequested = lastRequested
    }
}

extension CaseState {
    /// The engine's ranked procedures minus those performed with a result; the rest annotated with their
    /// outstanding requests. Order is kept.
    package func filterSteps(_ ranked: [String]) -> [StepHistory] {
        let done = self.done
        let open = outstanding
        return ranked.filter { !done.contains($0) }.map { p in
            let asks = open[p] ?? []
            return StepHistory(
                procedure: p, timesRequested: asks.count, firstRequested: asks.first?.date.description,
                lastRequested: asks.last?.date.description)
        }
    }
}
