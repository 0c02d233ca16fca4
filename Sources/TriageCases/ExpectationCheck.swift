/// One expectation check that did not hold, with what was expected and what the engine gave.
package struct CheckFailure: Sendable, Hashable, Codable {
    package var check: String
    package var expected: String
    package var got: String
    package init(check: String, expected: String, got: String) {
        self.check = check
        self.expected = expected
        self.got = got
    }

    /// Two diff lines: `- expected …` / `+ got …`.
    package var diffLines: [String] { ["- \(check): \(expected)", "+ \(check): \(got)"] }
}

extension Expectation {
    /// Every check that fails against `result`, in the order written.
    package func failures(against result: CaseResult) -> [CheckFailure] {
        checks.compactMap { $0.failure(against: result) }
    }
}

extension Expectation.Check {
    package func failure(against r: CaseResult) -> CheckFailure? {
        switch self {
        case .top(let h):
            guard r.hypotheses.first?.id != h else { return nil }
            return CheckFailure(check: "top hypothesis", expected: h, got: got(r, h))
        case .inTop(let h, let k):
            if let rank = r.rank(of: h), rank <= k { return nil }
            return CheckFailure(check: "\(h) in top \(k)", expected: "rank ≤ \(k)", got: got(r, h))
        case .below(let h, let p):
            guard let q = r.probability(of: h), q >= p else { return nil }
            return CheckFailure(
                check: "\(h) below \(formatProbability(p))", expected: "< \(formatProbability(p))",
                got: got(r, h))
        case .firstStep(let ps):
            if let first = r.nextSteps.first, ps.contains(first) { return nil }
            return CheckFailure(
                check: "first next step", expected: ps.joined(separator: " or "),
                got: steps(r))
        case .stepInTop(let p, let k):
            if let i = r.nextSteps.firstIndex(of: p), i < k { return nil }
            return CheckFailure(check: "step \(p) in top \(k)", expected: "rank ≤ \(k)", got: steps(r))
        case .noStep(let p):
            guard let i = r.nextSteps.firstIndex(of: p) else { return nil }
            return CheckFailure(
                check: "no step \(p)", expected: "not recommended",
                got: "recommended at #\(i + 1): \(steps(r))")
        case .finding(let id, let attrs):
            let same = r.findings.filter { $0.id == id }
            if same.contains(where: { f in attrs.allSatisfy { f.attributes[$0.key] == $0.value } }) { return nil }
            let expected = summary.dropFirst("finding ".count)
            let gotText =
                same.isEmpty
                ? "absent (findings: \(findings(r)))"
                : same.map {
                    String(
                        Expectation.Check.finding($0.id, attributes: $0.attributes).summary
                            .dropFirst("finding ".count))
                }.joined(separator: "; ")
            return CheckFailure(check: "finding \(id)", expected: String(expected), got: gotText)
        case .noFinding(let id):
            guard r.findings.contains(where: { $0.id == id }) else { return nil }
            return CheckFailure(check: "no finding \(id)", expected: "absent", got: "reported")
        case .cites(let h, let at):
            let cited = r.citations[h] ?? []
            guard !at.allSatisfy(cited.contains) else { return nil }
            return CheckFailure(
                check: "\(h) cites", expected: at.joined(separator: " "),
                got: cited.isEmpty ? "no evidence cited" : cited.joined(separator: " "))
        }
    }

    private func got(_ r: CaseResult, _ h: String) -> String {
        let mine =
            r.rank(of: h).map { "\(h) is #\($0) at \(formatProbability(r.probability(of: h)!))" }
            ?? "\(h) not ranked"
        return r.hypotheses.isEmpty ? "no hypotheses" : "\(mine); top: \(r.topList())"
    }

    private func steps(_ r: CaseResult) -> String {
        r.nextSteps.isEmpty ? "no next steps" : r.nextSteps.prefix(3).joined(separator: ", ")
    }

    private func findings(_ r: CaseResult) -> String {
        r.findings.isEmpty ? "none" : r.findings.map(\.id).sorted().joined(separator: ", ")
    }
}
