/// A test on one attribute of a fact.
public struct AttributePredicate: Sendable, Hashable, Codable {
    public enum Test: Sendable, Hashable, Codable {
        case equals(String)
        case oneOf([String])
        case prefix(String)
        case contains(String)
        /// Numeric comparison; the attribute is parsed as a number (hex `0x…` accepted).
        case compare(Comparison, Double)
        /// The attribute is present (true) or missing (false).
        case exists(Bool)
    }

    public enum Comparison: String, Sendable, Hashable, Codable {
        case lessThan, atMost, greaterThan, atLeast
    }

    public var name: String
    public var test: Test
    public var location: SourceLocation

    public init(name: String, test: Test, location: SourceLocation) {
        self.name = name
        self.test = test
        self.location = location
    }
}

/// "A fact of this kind, from these logs, whose attributes pass these tests."
public struct FactPattern: Sendable, Hashable, Codable {
    public var kind: String
    /// Log kinds to look in. Empty means every log kind that can produce `kind`. The condition is
    /// unknown (not false) when none of them was collected.
    public var sources: [LogKind]
    public var predicates: [AttributePredicate]
    public var location: SourceLocation

    public init(kind: String, sources: [LogKind], predicates: [AttributePredicate], location: SourceLocation) {
        self.kind = kind
        self.sources = sources
        self.predicates = predicates
        self.location = location
    }
}

/// The condition tree of a rule. Evaluated three-valued: true / false / unknown.
public struct Condition: Sendable, Hashable, Codable {
    public indirect enum Node: Sendable, Hashable, Codable {
        case all([Condition])
        case any([Condition])
        case not(Condition)
        /// At least one fact matches.
        case fact(FactPattern)
        /// At least `n` facts match; with `apartMinutes`, at least `n` occurrences: facts closer than that to
        /// the previous one counted (by timestamp) are the same occurrence.
        case count(FactPattern, atLeast: Int, apartMinutes: Int? = nil)
        /// No fact matches, in logs that were collected; unknown when none was. (Reads better than `not`.)
        case absent(FactPattern)
        /// An engineer observation has one of these values; unknown when nobody observed it.
        case observation(name: String, values: [String])
        /// Some fact matching `first` is earlier than some fact matching `then` (by timestamp, or by line
        /// within one file), optionally sharing the attribute `same` and within `withinMinutes`.
        case before(first: FactPattern, then: FactPattern, same: String?, withinMinutes: Int?)
        /// A log of this kind was collected (never unknown).
        case collected(LogKind)
    }

    public var node: Node
    public var location: SourceLocation

    /// The condition tests an engineer observation somewhere.
    public var readsObservations: Bool {
        switch node {
        case .all(let cs), .any(let cs): cs.contains(where: \.readsObservations)
        case .not(let c): c.readsObservations
        case .observation: true
        case .fact, .count, .absent, .before, .collected: false
        }
    }

    public init(_ node: Node, at location: SourceLocation) {
        self.node = node
        self.location = location
    }

    /// Whether the condition's truth can change when the observation `name` is made: it tests that observation,
    /// or it matches facts of kind `observation` (any of which may be that one).
    public func mayRead(observation name: String) -> Bool {
        func isObservation(_ pattern: FactPattern) -> Bool { pattern.kind == FactKind.observation }
        switch node {
        case .all(let cs), .any(let cs): return cs.contains { $0.mayRead(observation: name) }
        case .not(let c): return c.mayRead(observation: name)
        case .observation(let observed, _): return observed == name
        case .fact(let p), .count(let p, _, _), .absent(let p): return isObservation(p)
        case .before(let first, let then, _, _): return isObservation(first) || isObservation(then)
        case .collected: return false
        }
    }
}

/// How strongly a rule speaks for or against a hypothesis. Named so that rule files read as prose.
public enum Strength: String, Sendable, Hashable, Codable, CaseIterable {
    case weak, moderate, strong, decisive

    /// Likelihood ratio P(pattern | h) / P(pattern | not h) that this strength stands for.
    public var likelihoodRatio: Double {
        switch self {
        case .weak: 2
        case .moderate: 4
        case .strong: 10
        case .decisive: 50
        }
    }
}

/// What a rule concludes when its condition is true.
public struct Conclusion: Sendable, Hashable, Codable {
    public enum Effect: Sendable, Hashable, Codable {
        case supports(hypothesis: String, strength: Strength)
        case opposes(hypothesis: String, strength: Strength)
        case recommends(procedure: String)
        /// The logs themselves show a procedure's result: the observation takes this value unless the
        /// engineer or the case states it (`<establishes observation=… value=…/>`).
        case establishes(observation: String, value: String)
    }

    public var effect: Effect
    public var location: SourceLocation

    public init(_ effect: Effect, at location: SourceLocation) {
        self.effect = effect
        self.location = location
    }
}

/// A rule's built-in test: logs (lines marked `>>` must be cited) and observations.
public struct RuleExample: Sendable, Hashable, Codable {
    public struct Log: Sendable, Hashable, Codable {
        /// File name as a collector would write it (`CBS.log`, `WindowsUpdate.log`).
        public var name: String
        /// Content with the `>>` markers removed, lines joined with `\n`.
        public var content: String
        /// 1-based line numbers (within `content`) that carried a `>>` marker.
        public var citedLines: [Int]
        /// Line of the rule file where the content starts (for failure messages).
        public var location: SourceLocation
        /// A binary log (`<log name="boot_log.pml" encoding="base64" cite="6 7">`): the decoded bytes; its
        /// cited "lines" are the record ordinals the reader gives (a PML event's `#N`). Nil for text logs.
        public var binary: [UInt8]?
        public init(name: String, content: String, citedLines: [Int], location: SourceLocation, binary: [UInt8]? = nil)
        {
            self.name = name
            self.content = content
            self.citedLines = citedLines
            self.location = location
            self.binary = binary
        }
    }

    public enum Expectation: String, Sendable, Hashable, Codable { case fires, silent }

    public var expectation: Expectation
    /// A silent example whose condition must stay unknown (`<silent condition="unknown">`: the logs it
    /// needs were not collected); any other silent example must make the condition false.
    public var expectsUnknown = false
    public var name: String
    public var logs: [Log]
    public var observations: [String: String]
    public var location: SourceLocation

    public init(
        expectation: Expectation, name: String, logs: [Log], observations: [String: String],
        location: SourceLocation
    ) {
        self.expectation = expectation
        self.name = name
        self.logs = logs
        self.observations = observations
        self.location = location
    }

    /// The marker that flags a cited line in example logs: `>>` at the very start of the line,
    /// optionally followed by one space.
    public static let citeMarker = ">>"
}

/// A diagnostic rule. One per file: `Rules/<area>/<name>.xml`, id `<area>/<name>`.
public struct Rule: Sendable, Hashable, Codable {
    public var id: String
    public var area: String
    public var title: LocalizedText
    public var summary: LocalizedText
    /// Where the pattern is documented (`<source>`), for the rules index.
    public var source: String?
    public var condition: Condition
    public var conclusions: [Conclusion]
    public var examples: [RuleExample]
    public var location: SourceLocation

    public init(
        id: String, area: String, title: LocalizedText, summary: LocalizedText, condition: Condition,
        conclusions: [Conclusion], examples: [RuleExample], location: SourceLocation
    ) {
        self.id = id
        self.area = area
        self.title = title
        self.summary = summary
        self.condition = condition
        self.conclusions = conclusions
        self.examples = examples
        self.location = location
    }

    public var supported: [(hypothesis: String, strength: Strength)] {
        conclusions.compactMap {
            if case .supports(let h, let s) = $0.effect { return (h, s) } else { return nil }
        }
    }

    public var opposed: [(hypothesis: String, strength: Strength)] {
        conclusions.compactMap {
            if case .opposes(let h, let s) = $0.effect { return (h, s) } else { return nil }
        }
    }

    /// Observations this rule establishes when it fires (name, value).
    public var established: [(observation: String, value: String)] {
        conclusions.compactMap {
            if case .establishes(let o, let v) = $0.effect { return (o, v) } else { return nil }
        }
    }

    public var recommended: [String] {
        conclusions.compactMap { if case .recommends(let p) = $0.effect { return p } else { return nil } }
    }
}

/// Everything loaded from `Rules/` and `KnowledgeBase/`.
public struct KnowledgeBase: Sendable, Hashable, Codable {
    public var hypotheses: [Hypothesis]
    public var procedures: [Procedure]
    public var errorCodes: [ErrorCodeEntry]
    public var signatures: [LineSignature]
    public var tools: [Tool]
    public var factKinds: [FactKindSpec]
    public var observations: [ObservationSpec]
    public var rules: [Rule]
    /// The interface's fixed texts (`ui-text.xml`).
    public var uiText = UIText()
    /// Process Monitor results a PML reader keeps as `procmon-failure` facts (`procmon-results.xml`).
    public var procmonResults: [ProcmonResult] = []

    /// The codes of ``procmonResults``, as the reader takes them (``InputLimits/procmonFailureResults``).
    public var procmonFailureCodes: Set<UInt32> { Set(procmonResults.map(\.code)) }

    public init(
        hypotheses: [Hypothesis] = [], procedures: [Procedure] = [], errorCodes: [ErrorCodeEntry] = [],
        signatures: [LineSignature] = [], tools: [Tool] = [], factKinds: [FactKindSpec] = [],
        observations: [ObservationSpec] = [], rules: [Rule] = []
    ) {
        self.hypotheses = hypotheses
        self.procedures = procedures
        self.errorCodes = errorCodes
        self.signatures = signatures
        self.tools = tools
        self.factKinds = factKinds
        self.observations = observations
        self.rules = rules
    }

    public func hypothesis(_ id: String) -> Hypothesis? { hypotheses.first { $0.id == id } }
    public func procedure(_ id: String) -> Procedure? { procedures.first { $0.id == id } }
    public func rule(_ id: String) -> Rule? { rules.first { $0.id == id } }
    public func errorCode(_ code: HRESULT) -> ErrorCodeEntry? { errorCodes.first { $0.code == code } }
    public func factKind(_ id: String) -> FactKindSpec? { factKinds.first { $0.id == id } }
}

/// A Process Monitor result (NTSTATUS) an expert reads as a failure in a capture: ACCESS DENIED, SHARING
/// VIOLATION, … Loaded from `KnowledgeBase/procmon-results.xml`.
public struct ProcmonResult: Sendable, Hashable, Codable {
    public var code: UInt32
    /// As the CSV export spells it.
    public var name: String
    public var location: SourceLocation
    public init(code: UInt32, name: String, location: SourceLocation) {
        self.code = code
        self.name = name
        self.location = location
    }
}
