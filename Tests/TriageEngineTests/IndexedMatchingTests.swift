import Testing
import TriageCore

@testable import TriageEngine

/// The fact store answers patterns through symbol columns, postings and bit sets, and `before` without
/// enumerating pairs: both must give exactly what testing every fact (every pair) gives.
@Suite struct IndexedMatchingTests {
    /// Deterministic facts: two files, lines that repeat, timestamps that repeat or are missing, values in
    /// mixed case, attributes sometimes absent; enough error codes that some predicates pass most of them.
    static let facts = makeFacts(400)
    /// Enough facts that large answers are kept as bit sets (``FactSet``).
    static let many = makeFacts(12_000)

    static func makeFacts(_ count: Int) -> [Fact] {
        var state: UInt64 = 11
        func next(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(bound))
        }
        let codes = ["0x80070570", "0x800F0821", "0x800f0821", "0x80240016", "0x8007000d"]
        let kbs = ["KB5016623", "kb5016623", "KB5012170"]
        return (0..<count).map { i in
            let kind = ["error-code", "error-code", "error-code", "install-attempt", "rollback"][next(5)]
            var attributes: [String: String] = [:]
            if next(8) != 0 { attributes["kb"] = kbs[next(kbs.count)] }
            switch kind {
            case "error-code":
                attributes["code"] = codes[next(codes.count)]
                attributes["line-number"] = String(next(50))
                if next(3) == 0 { attributes["context"] = ["install", "Staging", "download"][next(3)] }
            case "install-attempt": attributes["result"] = ["failed", "succeeded"][next(2)]
            default: attributes["phase"] = ["startup", "shutdown"][next(2)]
            }
            let minute = next(30)
            let timestamp = next(4) == 0 ? nil : String(format: "2022-10-27T10:%02d:00", minute)
            return Fx.fact(
                kind, attributes, file: next(2) == 0 ? "CBS.log" : "WindowsUpdate.log", line: 1 + next(120),
                timestamp: timestamp)
        }
    }

    func pattern(_ kind: String, _ tests: [(String, AttributePredicate.Test)]) -> FactPattern {
        FactPattern(
            kind: kind, sources: [],
            predicates: tests.map { AttributePredicate(name: $0.0, test: $0.1, location: Fx.here) }, location: Fx.here)
    }

    @Test(arguments: [false, true])
    func patternsMatchWhatTestingEveryFactMatches(many: Bool) {
        let facts = many ? Self.many : Self.facts
        let store = FactStore(evidence: Fx.evidence(facts), knowledge: Fx.kb(hypotheses: [], rules: []))
        let patterns = [
            pattern("error-code", [("code", .equals("0x800F0821"))]),
            pattern("error-code", [("code", .prefix("0x8007")), ("line-number", .compare(.greaterThan, 10))]),
            pattern("error-code", [("code", .oneOf(["0x80070570", "0x8007000D"])), ("kb", .exists(false))]),
            pattern(
                "error-code",
                [("code", .prefix("0x8")), ("line-number", .compare(.atMost, 40)), ("kb", .exists(true))]),
            pattern("error-code", [("context", .contains("stag")), ("line-number", .compare(.lessThan, 25))]),
            pattern("error-code", [("line-number", .compare(.atLeast, 49))]),
            pattern("error-code", [("code", .equals("0x00000000"))]),
            pattern("install-attempt", [("kb", .equals("KB5016623")), ("result", .equals("failed"))]),
            pattern("rollback", [("phase", .oneOf(["startup", "shutdown"])), ("kb", .prefix("KB50166"))]),
            pattern("rollback", [])
        ]
        var bitSets = 0
        for pattern in patterns {
            let expected = facts.indices.filter {
                facts[$0].kind == pattern.kind && PatternMatcher.matches(facts[$0], pattern.predicates)
            }
            let found = store.matches(pattern)
            #expect(Array(found) == expected, "\(pattern.predicates.map(\.name))")
            #expect(found.count == expected.count && found.last == expected.last)
            if FactSet.prefersBits(count: expected.count, members: store.facts(ofKind: pattern.kind).count) {
                bitSets += 1
            }
        }
        // Many facts: most answers are large enough to be kept as bit sets.
        #expect(many ? bitSets >= 5 : bitSets == 0)
        // The data exercise the case-insensitive path: 0x800F0821 and 0x800f0821 are both among the codes.
        #expect(store.matches(patterns[0]).count > 10)
    }

    @Test func beforeCitesWhatEveryPairCites() {
        let store = FactStore(evidence: Fx.evidence(Self.facts), knowledge: Fx.kb(hypotheses: [], rules: []))
        let evaluator = Evaluator(store: store, observations: [:])
        let attempts = pattern("install-attempt", [])
        let rollbacks = pattern("rollback", [])
        let codes = pattern("error-code", [("code", .prefix("0x800f"))])
        var fired = 0
        for (first, then) in [(attempts, rollbacks), (codes, attempts), (rollbacks, codes), (codes, codes)] {
            for same in [nil, "kb"] as [String?] {
                for within in [nil, 0, 5, -1] as [Int?] {
                    let expected = Self.everyPair(
                        Array(store.matches(first)), Array(store.matches(then)), same: same, within: within,
                        store: store)
                    let found = evaluator.orderedPairs(first, then, same: same, withinMinutes: within)
                    #expect(
                        found == expected,
                        "\(first.kind) before \(then.kind), same \(same ?? "-"), within \(within ?? -99)")
                    if !found.isEmpty { fired += 1 }
                }
            }
        }
        #expect(fired > 20)
    }

    /// The definition, pair by pair: a precedes b by timestamp when both carry different ones, else by line
    /// within one file; sharing `same` (ignoring case); within `within` minutes (which needs both timestamps).
    static func everyPair(_ left: [Int], _ right: [Int], same: String?, within: Int?, store: FactStore) -> [Int] {
        var cited = Set<Int>()
        for a in left {
            for b in right where b != a {
                if let same {
                    guard let x = store.facts[a][same], let y = store.facts[b][same],
                        PatternMatcher.fold(x) == PatternMatcher.fold(y)
                    else { continue }
                }
                let ta = store.seconds[a]
                let tb = store.seconds[b]
                let timed = ta != FactStore.noTime && tb != FactStore.noTime
                let precedes =
                    timed && ta != tb
                    ? ta < tb : store.fileOrdinals[a] == store.fileOrdinals[b] && store.lines[a] < store.lines[b]
                guard precedes else { continue }
                if let within { guard timed, tb - ta <= within * 60 else { continue } }
                cited.insert(a)
                cited.insert(b)
            }
        }
        return cited.sorted()
    }
}
