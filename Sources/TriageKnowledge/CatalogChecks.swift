import TriageCore

/// The catalog's roles against the rules: every failure code points somewhere and is reasoned about by a rule
/// whose firing example cites a line with it; a success or informational code is never read as a failure.
enum CatalogChecks {
    typealias ID = KnowledgeDiagnosticID

    static func check(_ kb: KnowledgeBase, _ index: KnowledgeIndex, into sink: inout DiagnosticSink) {
        var rulesByCode: [HRESULT: [Int]] = [:]
        for (index, rule) in kb.rules.enumerated() {
            for code in Set(CodeMentions.positive(rule.condition).map(\.code)) {
                rulesByCode[code, default: []].append(index)
            }
        }
        // Each rule's cited lines read once, however many codes it tests.
        var citedLines: [Int: [[UInt8]]] = [:]
        func cited(_ index: Int) -> [[UInt8]] {
            if let lines = citedLines[index] { return lines }
            let lines = Self.citedLines(kb.rules[index])
            citedLines[index] = lines
            return lines
        }
        var seen = Set<HRESULT>()
        for entry in kb.errorCodes where seen.insert(entry.code).inserted {
            guard let role = entry.role else { continue }  // reported while decoding
            let owner = "\(role.rawValue) code \(entry.code.upperHex) (\(entry.symbol))"
            pointers(entry, owner: owner, role: role, index, into: &sink)
            guard role == .failure else { continue }
            let rules = rulesByCode[entry.code] ?? []
            if rules.isEmpty {
                sink.error(
                    ID.uncoveredCode,
                    "\(owner) is tested by no rule: add it to a rule (a oneOf list) "
                        + "with a <fires> example citing a line where it appears", at: entry.location)
            } else if !rules.contains(where: { cites(cited($0), entry.code) }) {
                sink.error(
                    ID.uncoveredCode,
                    "\(owner): no <fires> example of "
                        + rules.map { kb.rules[$0].id }.sorted().joined(separator: ", ") + " cites a line with it",
                    at: entry.location)
            }
        }
        let catalog = Dictionary(kb.errorCodes.map { ($0.code, $0) }, uniquingKeysWith: { first, _ in first })
        for rule in kb.rules where !rule.supported.isEmpty {
            for mention in CodeMentions.positive(rule.condition) {
                guard let entry = catalog[mention.code], let role = entry.role, role.isHarmless else { continue }
                sink.error(
                    ID.harmlessCodeAsFailure,
                    "rule '\(rule.id)' reads \(role.rawValue) code \(entry.code.upperHex) (\(entry.symbol)) "
                        + "as a failure: it supports " + rule.supported.map(\.hypothesis).joined(separator: ", "),
                    at: mention.location)
            }
        }
    }

    private static func pointers(
        _ entry: ErrorCodeEntry, owner: String, role: CodeRole, _ index: KnowledgeIndex,
        into sink: inout DiagnosticSink
    ) {
        if role == .failure, entry.pointers.isEmpty {
            sink.error(
                ID.codeRole,
                "\(owner) points to no hypothesis: add <points hypothesis=\"…\" context=\"…\"/> "
                    + "(or <against …/> for a failure that only shows one was captured)", at: entry.location)
        }
        for pointer in entry.pointers {
            if role.isHarmless {
                sink.error(
                    ID.codeRole, "\(owner) never counts as a failure and cannot point to '\(pointer.hypothesis)'",
                    at: pointer.location)
            }
            if index.hypotheses[pointer.hypothesis] == nil {
                sink.error(
                    ID.unknownHypothesis, "\(owner) points to unknown hypothesis '\(pointer.hypothesis)'",
                    at: pointer.location)
            }
            if pointer.contexts.isEmpty {
                sink.error(
                    ID.badValue,
                    "\(owner): <\(pointer.supports ? "points" : "against")> needs a context ("
                        + CodeContext.allCases.map(\.rawValue).joined(separator: " ") + ")", at: pointer.location)
            }
        }
    }

    /// True when a `<fires>` example of the rule cites a line that shows the code (hex, either case, with or
    /// without `0x`; or decimal).
    static func citesCode(_ rule: Rule, _ code: HRESULT) -> Bool { cites(citedLines(rule), code) }

    /// The lines the rule's `<fires>` examples cite, uppercased, as UTF-8 bytes.
    static func citedLines(_ rule: Rule) -> [[UInt8]] {
        rule.examples.filter { $0.expectation == .fires }.flatMap { example in
            example.logs.flatMap { log -> [[UInt8]] in
                let lines = log.content.split(separator: "\n", omittingEmptySubsequences: false)
                return log.citedLines.compactMap { number in
                    number >= 1 && number <= lines.count ? Array(lines[number - 1].uppercased().utf8) : nil
                }
            }
        }
    }

    /// Whether one of `lines` (uppercased) shows the code. The digits are looked for as bytes: `contains` on
    /// strings (Foundation's, comparing characters by canonical equivalence) cost more than the rest of the
    /// linter's catalog checks together.
    static func cites(_ lines: [[UInt8]], _ code: HRESULT) -> Bool {
        let needles = [String(code.upperHex.dropFirst(2)), String(code.value), String(code.signed)].map {
            Array($0.utf8)
        }
        return lines.contains { line in needles.contains { contains(line, $0) } }
    }

    private static func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
        guard let first = needle.first, needle.count <= haystack.count else { return needle.isEmpty }
        for start in 0...(haystack.count - needle.count) where haystack[start] == first {
            if haystack[start..<(start + needle.count)].elementsEqual(needle) { return true }
        }
        return false
    }
}

/// Status codes a condition tests with `equals` / `oneOf` on a code attribute.
public enum CodeMentions {
    public struct Mention: Sendable, Hashable {
        public var code: HRESULT
        public var location: SourceLocation
    }

    /// Codes tested where a match makes the condition true: not under `<not>` or `<absent>`.
    public static func positive(_ condition: Condition) -> [Mention] {
        switch condition.node {
        case .all(let children), .any(let children): return children.flatMap(positive)
        case .not, .absent, .observation, .collected: return []
        case .fact(let p), .count(let p, _, _): return pattern(p)
        case .before(let a, let b, _, _): return pattern(a) + pattern(b)
        }
    }

    static func pattern(_ pattern: FactPattern) -> [Mention] {
        pattern.predicates.flatMap { predicate -> [Mention] in
            guard CodeLookup.codeAttributes.contains(predicate.name) else { return [] }
            let values: [String]
            switch predicate.test {
            case .equals(let v): values = [v]
            case .oneOf(let vs): values = vs
            default: values = []
            }
            return values.compactMap { HRESULT(parsing: $0) }.map { Mention(code: $0, location: predicate.location) }
        }
    }
}
