import Foundation
import TriageCore
import TriageEngine

/// `triage-bench engine [rules] [facts] [--clips DIR]`: generated rules over generated facts; evaluation alone,
/// then the whole analysis (evaluation, ranking, next steps). Target: under 1 s for 1,000 rules × 1,000,000
/// facts. With `--clips DIR`, the same rules and facts are also written as a CLIPS program (``CLIPSExport``).
enum EngineBenchmark {
    static func run(_ arguments: [String]) throws {
        let ruleCount = arguments.first.flatMap(Int.init) ?? 1_000
        let factCount = arguments.dropFirst().first.flatMap(Int.init) ?? 100_000
        var rng = SplitMix(seed: 7)
        let knowledge = makeKnowledge(rules: ruleCount, rng: &rng)
        let evidence = makeEvidence(facts: factCount, rng: &rng)
        if let flag = arguments.firstIndex(of: "--clips"), flag + 1 < arguments.count {
            try CLIPSExport.write(
                knowledge: knowledge, evidence: evidence, observations: ["obs-1": "yes"],
                to: arguments[flag + 1])
        }
        let analyzer = TriagePipeline(knowledge: knowledge).analyzer

        let t0 = DispatchTime.now().uptimeNanoseconds
        let c0 = cpuNanoseconds()
        let results = analyzer.evaluate(evidence: evidence, observations: ["obs-1": "yes"])
        let t1 = DispatchTime.now().uptimeNanoseconds
        let c1 = cpuNanoseconds()
        if arguments.contains("--evaluate-only") {
            print(
                String(
                    format: "engine: evaluate %.1f ms (cpu %.1f ms); fired %d", Double(t1 - t0) / 1e6,
                    Double(c1 - c0) / 1e6, results.filter { $0.truth == .true }.count))
            return
        }
        let analysis = analyzer.analyze(evidence: evidence, observations: ["obs-1": "yes"])
        let t2 = DispatchTime.now().uptimeNanoseconds
        let c2 = cpuNanoseconds()

        let fired = results.filter { $0.truth == .true }.count
        let unknown = results.filter { $0.truth == .unknown }.count
        print(
            "engine: \(ruleCount) rules × \(factCount) facts; fired \(fired), unknown \(unknown), "
                + "false \(results.count - fired - unknown)")
        // CPU time of this thread beside the wall time: on a shared machine the wall time includes waiting.
        print(
            String(format: "  evaluate:          %8.1f ms  (cpu %.1f ms)", Double(t1 - t0) / 1e6, Double(c1 - c0) / 1e6)
        )
        print(
            String(
                format: "  analyze (all):     %8.1f ms  (cpu %.1f ms; leader %@ %.3f, %d next steps)",
                Double(t2 - t1) / 1e6,
                Double(c2 - c1) / 1e6, analysis.leader?.id ?? "-", analysis.leader?.probability ?? 0,
                analysis.nextSteps.count))
        if let flag = arguments.firstIndex(of: "--dump"), flag + 1 < arguments.count {
            try dump(results, analysis, to: arguments[flag + 1])
        }
    }

    /// `--dump FILE`: every rule's truth, citation count and cited lines, then the ranking, one line each:
    /// two runs of different builds are the same evaluation when the files are equal.
    static func dump(_ results: [RuleResult], _ analysis: Analysis, to path: String) throws {
        var lines: [String] = []
        for result in results + analysis.rules {
            let cited = result.citations.map { "\($0.provenance.file):\($0.provenance.line)" }.joined(separator: ",")
            lines.append(
                "\(result.id) \(result.truth) \(result.citationCount) [\(cited)] unknown \(result.unknown.count)")
        }
        for ranked in analysis.hypotheses {
            let support = ranked.support.map { "\($0.rule):\($0.evidenceCount)" }.joined(separator: ",")
            lines.append("\(ranked.id) \(ranked.probability) \(support)")
        }
        lines.append("next " + analysis.nextSteps.map(\.procedure.id).joined(separator: ","))
        try (lines.joined(separator: "\n") + "\n").write(toFile: path, atomically: true, encoding: .utf8)
    }

    /// CPU time used by the calling thread.
    static func cpuNanoseconds() -> UInt64 {
        var spec = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &spec)
        return UInt64(spec.tv_sec) * 1_000_000_000 + UInt64(spec.tv_nsec)
    }

    static let here = SourceLocation(file: "bench", line: 1, column: 1)
    static let codes = (0..<300).map { String(format: "0x%08x", 0x8007_0000 + $0 * 37) }
    static let kbs = (0..<50).map { "KB50\(16_000 + $0 * 7)" }
    static let signatures = (0..<200).map { "cbs.sig-\($0)" }

    static func pattern(_ kind: String, _ tests: [(String, AttributePredicate.Test)], in sources: [LogKind] = [])
        -> FactPattern
    {
        FactPattern(
            kind: kind, sources: sources,
            predicates: tests.map { AttributePredicate(name: $0.0, test: $0.1, location: here) }, location: here)
    }

    static func leaf(_ rng: inout SplitMix) -> Condition {
        let code = codes[rng.next(codes.count)]
        let kb = kbs[rng.next(kbs.count)]
        let sig = signatures[rng.next(signatures.count)]
        let node: Condition.Node
        switch rng.next(9) {
        case 0: node = .fact(pattern("error-code", [("code", .equals(code))]))
        case 1:
            node = .fact(pattern("error-code", [("code", .equals(code)), ("kb", .equals(kb))], in: [.windowsUpdate]))
        case 2: node = .count(pattern("signature", [("id", .equals(sig))]), atLeast: 1 + rng.next(200))
        case 3: node = .absent(pattern("rollback", [("phase", .equals("shutdown")), ("kb", .equals(kb))]))
        case 4: node = .observation(name: "obs-\(rng.next(20))", values: ["yes"])
        case 5:
            node = .not(
                Condition(
                    .fact(pattern("install-attempt", [("kb", .equals(kb)), ("result", .equals("failed"))])), at: here))
        case 6:
            node = .before(
                first: pattern("install-attempt", [("kb", .equals(kb))]),
                then: pattern("rollback", [("kb", .equals(kb))]), same: "kb", withinMinutes: 600)
        case 7:
            node = .fact(
                pattern(
                    "error-code",
                    [
                        ("code", .prefix("0x8007")), ("context", .oneOf(["install", "staging"])),
                        ("line-number", .compare(.greaterThan, Double(rng.next(100_000))))
                    ]))
        default: node = .fact(pattern("error-code", [("code", .equals(code))], in: [.dism]))
        }
        return Condition(node, at: here)
    }

    static func makeKnowledge(rules count: Int, rng: inout SplitMix) -> KnowledgeBase {
        let hypotheses = (0..<20).map { i in
            Hypothesis(
                id: "h-\(i)", title: LocalizedText(en: "H \(i)"), description: LocalizedText(),
                prior: 0.05 + Double(i % 5) / 50,
                remediation: LocalizedText(), remedies: ["p-\(i)"], location: here)
        }
        let procedures = (0..<30).map { i in
            Procedure(
                id: "p-\(i)", kind: i < 20 ? .collect : .test, title: LocalizedText(en: "P \(i)"),
                purpose: LocalizedText(),
                cost: .init(minutes: 5 + i * 3, reboot: i % 4 == 0, admin: i % 2 == 0, risk: .low), steps: [:],
                yields: .init(logs: i % 3 == 0 ? [.dism] : [], observations: ["obs-\(i % 20)"]),
                outcomes: i < 20
                    ? []
                    : [
                        .init(observation: "obs-\(i % 20)", value: "yes", meaning: LocalizedText()),
                        .init(observation: "obs-\(i % 20)", value: "no", meaning: LocalizedText())
                    ],
                tools: [], location: here)
        }
        let strengths = Strength.allCases
        let rules = (0..<count).map { i -> Rule in
            let leaves = (0..<(2 + rng.next(3))).map { _ in leaf(&rng) }
            let condition = rng.next(4) == 0 ? Condition(.any(leaves), at: here) : Condition(.all(leaves), at: here)
            var conclusions = [
                Conclusion(.supports(hypothesis: "h-\(rng.next(20))", strength: strengths[rng.next(4)]), at: here)
            ]
            if rng.next(3) == 0 {
                conclusions.append(
                    Conclusion(.opposes(hypothesis: "h-\(rng.next(20))", strength: strengths[rng.next(4)]), at: here))
            }
            if rng.next(5) == 0 {
                conclusions.append(Conclusion(.recommends(procedure: "p-\(rng.next(30))"), at: here))
            }
            return Rule(
                id: String(format: "gen/rule-%04d", i), area: "gen", title: LocalizedText(en: "Rule \(i)"),
                summary: LocalizedText(), condition: condition, conclusions: conclusions, examples: [], location: here)
        }
        let logs: [LogKind] = [.cbs, .windowsUpdate, .dism]
        let kinds =
            ["error-code", "signature", "install-attempt", "rollback", "update-source", "machine"].map {
                FactKindSpec(id: $0, attributes: [], producedBy: logs, location: here)
            } + [FactKindSpec(id: "observation", attributes: ["name", "value"], producedBy: [], location: here)]
        return KnowledgeBase(hypotheses: hypotheses, procedures: procedures, factKinds: kinds, rules: rules)
    }

    static func makeEvidence(facts count: Int, rng: inout SplitMix) -> EvidenceSet {
        var facts: [Fact] = []
        facts.reserveCapacity(count)
        for i in 0..<count {
            let file = i % 2 == 0 ? "CBS.log" : "WindowsUpdate.log"
            let minute = i / 10
            let timestamp = String(
                format: "2022-10-%02dT%02d:%02d:00", 1 + minute / 1440 % 28, minute / 60 % 24, minute % 60)
            let provenance = Provenance(file: file, line: i + 1, timestamp: timestamp, text: "line \(i + 1)")
            let kb = kbs[rng.next(kbs.count)]
            let fact: Fact
            switch rng.next(100) {
            case 0..<50:
                fact = Fact(
                    kind: "error-code",
                    attributes: [
                        "code": codes[rng.next(codes.count)], "kb": kb, "log": i % 2 == 0 ? "cbs" : "windowsupdate",
                        "context": ["install", "staging", "download", "idle"][rng.next(4)], "line-number": String(i)
                    ], provenance: provenance)
            case 50..<85:
                fact = Fact(
                    kind: "signature", attributes: ["id": signatures[rng.next(signatures.count)], "log": "cbs"],
                    provenance: provenance)
            case 85..<95:
                fact = Fact(
                    kind: "install-attempt",
                    attributes: [
                        "kb": kb, "result": ["failed", "succeeded", "pending"][rng.next(3)], "channel": "wsus"
                    ], provenance: provenance)
            default:
                fact = Fact(
                    kind: "rollback", attributes: ["kb": kb, "phase": ["startup", "shutdown"][rng.next(2)]],
                    provenance: provenance)
            }
            facts.append(fact)
        }
        let sources = [
            SourceRecord(path: "CBS.log", kind: .cbs, status: .parsed, encoding: "utf-8", bytes: 0, lines: count / 2),
            SourceRecord(
                path: "WindowsUpdate.log", kind: .windowsUpdate, status: .parsed, encoding: "utf-8", bytes: 0,
                lines: count / 2)
        ]
        return EvidenceSet(sources: sources, facts: facts)
    }
}

/// A small deterministic generator (SplitMix64).
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    mutating func next(_ bound: Int) -> Int { Int(next() % UInt64(bound)) }
}
