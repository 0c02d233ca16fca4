import Foundation
import TriageCore

/// The result of `triage test`: every case folder with its moments, rendered as a table, diffs, coverage and
/// the closing `N passed, N failed` line.
package struct CaseTestReport: Sendable {
    /// One case folder: the manifest's load errors, or its moments.
    package struct CaseRun: Sendable {
        package var caseID: String
        package var folder: String
        /// Load errors (the case cannot run: it counts as one failure).
        package var errors: [Diagnostic]
        package var moments: [MomentOutcome]
        package init(caseID: String, folder: String, errors: [Diagnostic] = [], moments: [MomentOutcome] = []) {
            self.caseID = caseID
            self.folder = folder
            self.errors = errors
            self.moments = moments
        }
    }

    package var runs: [CaseRun]
    /// Every rule id of the knowledge base, for coverage.
    package var ruleIDs: [String]

    package init(runs: [CaseRun], ruleIDs: [String]) {
        self.runs = runs.sorted { $0.caseID < $1.caseID }
        self.ruleIDs = ruleIDs.sorted()
    }

    package var passed: Int { runs.flatMap(\.moments).filter { $0.status == .passed }.count }
    package var failed: Int {
        runs.filter { !$0.errors.isEmpty }.count
            + runs.flatMap(\.moments).filter { if case .failed = $0.status { true } else { false } }.count
    }
    package var skipped: Int {
        runs.flatMap(\.moments).filter { if case .skipped = $0.status { true } else { false } }.count
    }

    /// The closing line, always exactly `N passed, N failed`; skipped moments are counted on the line
    /// before it (`skippedLine`), so tools that read the last line see the same shape with or without the corpus.
    package var summaryLine: String { "\(passed) passed, \(failed) failed" }

    /// `N skipped (bundles absent)`, or nil when every moment ran.
    package var skippedLine: String? { skipped > 0 ? "\(skipped) skipped (bundles absent)" : nil }

    /// Rules that fired in no evaluated moment.
    package var rulesNeverFired: [String] {
        let fired = Set(
            runs.flatMap(\.moments).filter { $0.evaluation.problem == nil }
                .flatMap(\.evaluation.result.firedRules))
        return ruleIDs.filter { !fired.contains($0) }
    }

    /// Evaluated moments in which no rule fired, as `case / moment`.
    package var momentsWithoutRules: [String] {
        runs.flatMap(\.moments).filter { $0.evaluation.problem == nil && $0.evaluation.result.firedRules.isEmpty }
            .map { "\($0.caseID) / \($0.expectation.name)" }
    }

    // MARK: text

    package func rendered(verbose: Bool = false) -> String {
        var rows: [[String]] = [["CASE", "MOMENT", "EXPECTED", "GOT", "RESULT"]]
        for run in runs {
            if !run.errors.isEmpty {
                rows.append([run.caseID, "-", "case.xml loads", "\(run.errors.count) error(s)", "FAIL"])
            }
            for m in run.moments {
                rows.append([
                    run.caseID, m.expectation.name, Self.expected(m.expectation), Self.got(m), Self.label(m.status)
                ])
            }
        }
        let widths = (0..<4).map { c in rows.map { $0[c].count }.max() ?? 0 }
        var out = rows.map { row in
            (0..<4).map { Self.pad(row[$0], widths[$0]) }.joined(separator: "  ") + "  " + row[4]
        }
        for run in runs where !run.errors.isEmpty {
            out.append("")
            out.append("FAIL \(run.caseID): case.xml does not load")
            out += run.errors.map { "  \($0.description)" }
        }
        for run in runs {
            for m in run.moments {
                switch m.status {
                case .failed(let failures):
                    out.append("")
                    out += Self.diff(m, failures)
                case .skipped(let reason):
                    if verbose { out += ["", "SKIP \(m.caseID) / \(m.expectation.name): \(reason)"] }
                case .passed:
                    if verbose { out += [""] + Self.details(m, header: "PASS \(m.caseID) / \(m.expectation.name)") }
                }
            }
        }
        let skippedReasons = Set(
            runs.flatMap(\.moments).compactMap { m -> String? in
                if case .skipped(let r) = m.status { m.caseID + ": " + r } else { nil }
            })
        if !skippedReasons.isEmpty && !verbose {
            out.append("")
            out.append("Skipped (bundles absent):")
            out += skippedReasons.sorted().map { "  \($0)" }
        }
        out.append("")
        out.append("Coverage:")
        let never = rulesNeverFired
        out.append("  rules that fire in no case: \(never.count) of \(ruleIDs.count)")
        out += never.map { "    \($0)" }
        let silent = momentsWithoutRules
        out.append("  moments in which no rule fired: \(silent.count)")
        out += silent.map { "    \($0)" }
        out.append("")
        if let skippedLine { out.append(skippedLine) }
        out.append(summaryLine)
        return out.joined(separator: "\n") + "\n"
    }

    static func label(_ s: MomentOutcome.Status) -> String {
        switch s {
        case .passed: "PASS"
        case .failed: "FAIL"
        case .skipped: "SKIP"
        }
    }

    /// The leading check (`top …`, else the first step, else the first check) and how many more.
    static func expected(_ e: Expectation) -> String {
        let lead =
            e.checks.first { if case .top = $0 { true } else { false } }
            ?? e.checks.first { if case .firstStep = $0 { true } else { false } } ?? e.checks.first
        guard let lead else { return "(no checks)" }
        return lead.summary + (e.checks.count > 1 ? " +\(e.checks.count - 1)" : "")
    }

    static func got(_ m: MomentOutcome) -> String {
        if case .skipped = m.status { return "skipped" }
        let r = m.evaluation.result
        let top = r.hypotheses.first.map { "\($0.id) \(formatProbability($0.probability))" } ?? "no hypotheses"
        return top + (r.nextSteps.first.map { " → \($0)" } ?? "")
    }

    /// `--- case / moment (case.xml:line)`, the failing checks as `-`/`+` lines, then what the engine gave.
    static func diff(_ m: MomentOutcome, _ failures: [CheckFailure]) -> [String] {
        var out = [
            "--- \(m.caseID) / \(m.expectation.name) (\(m.expectation.location.file):\(m.expectation.location.line))"
        ]
        out += failures.flatMap(\.diffLines).map { "  " + $0 }
        out += details(m, header: nil)
        return out
    }

    /// What the engine gave: ranking with probabilities and supporting rules, steps, findings.
    static func details(_ m: MomentOutcome, header: String?) -> [String] {
        var out: [String] = header.map { [$0] } ?? []
        let e = m.evaluation
        if let s = e.submission {
            out.append("  bundle:   \(s.bundle) (\(s.date), machine \(e.state.currentMachine ?? "?"))")
        }
        out.append("  ranking:")
        for (i, h) in e.analysis.hypotheses.prefix(5).enumerated() {
            let rules = h.support.map(\.rule)
            out.append(
                "    \(i + 1). \(h.id) \(formatProbability(h.probability))"
                    + (rules.isEmpty ? "" : "  [" + rules.joined(separator: ", ") + "]"))
        }
        let steps = e.steps.prefix(5).map { s in
            s.timesRequested > 0
                ? "\(s.procedure) (asked \(s.timesRequested)× since \(s.firstRequested ?? "?"))" : s.procedure
        }
        out.append("  steps:    " + (steps.isEmpty ? "none" : steps.joined(separator: ", ")))
        let findings = e.findings.map {
            Expectation.Check.finding($0.id, attributes: $0.attributes).summary.dropFirst(8)
        }
        out.append("  findings: " + (findings.isEmpty ? "none" : findings.joined(separator: "; ")))
        return out
    }

    static func pad(_ s: String, _ w: Int) -> String { s + String(repeating: " ", count: max(0, w - s.count)) }
}

extension CaseTestReport {
    /// Runs every case folder under `directory` (sub-folders holding `case.xml`, sorted by name; `directory`
    /// itself when it is one case folder).
    package static func run(directory: String, evaluator: CaseEvaluator) -> CaseTestReport {
        let runs = caseFolders(in: directory).map { folder -> CaseRun in
            let loaded = CaseLoader.load(folder: folder)
            let id = (folder as NSString).lastPathComponent
            guard let manifest = loaded.manifest else {
                return CaseRun(caseID: id, folder: folder, errors: loaded.diagnostics.filter { $0.severity == .error })
            }
            return CaseRun(caseID: manifest.id, folder: folder, moments: evaluator.run(manifest))
        }
        return CaseTestReport(runs: runs, ruleIDs: evaluator.knowledge.rules.map(\.id))
    }

    package static func caseFolders(in directory: String) -> [String] {
        let fm = FileManager.default
        if fm.fileExists(atPath: (directory as NSString).appendingPathComponent("case.xml")) { return [directory] }
        let names = (try? fm.contentsOfDirectory(atPath: directory)) ?? []
        return names.sorted().map { (directory as NSString).appendingPathComponent($0) }
            .filter { fm.fileExists(atPath: ($0 as NSString).appendingPathComponent("case.xml")) }
    }
}
