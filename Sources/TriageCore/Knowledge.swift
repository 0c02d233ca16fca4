/// A possible cause of the failure. Loaded from `KnowledgeBase/hypotheses/<id>.xml`.
public struct Hypothesis: Sendable, Hashable, Codable {
    public var id: String
    public var title: LocalizedText
    public var description: LocalizedText
    /// Prior probability before any evidence, 0…1. Priors need not sum to 1; the engine normalises
    /// them together with the "other / not explained" mass.
    public var prior: Double
    /// What to do when this is the cause, in words.
    public var remediation: LocalizedText
    /// Procedures (kind `remediate`, usually) to lead with when this hypothesis is clearly ahead.
    public var remedies: [String]
    /// The class this cause refines (`parent` in the file), nil for a top-level cause. Siblings exclude each
    /// other; for a child, `prior` is its share of the parent's mass, and the parent keeps `1 − Σ shares` as
    /// its residual ("this class, cause not known yet"). See docs/reasoning.md, "A tree of causes".
    public var parent: String?
    public var location: SourceLocation

    public init(
        id: String, title: LocalizedText, description: LocalizedText, prior: Double,
        remediation: LocalizedText, remedies: [String], parent: String? = nil, location: SourceLocation
    ) {
        self.id = id
        self.parent = parent
        self.title = title
        self.description = description
        self.prior = prior
        self.remediation = remediation
        self.remedies = remedies
        self.location = location
    }
}

/// Something the customer can be asked to do. Loaded from `KnowledgeBase/procedures/<id>.xml`.
public struct Procedure: Sendable, Hashable, Codable {
    public enum Kind: String, Sendable, Hashable, Codable { case collect, test, remediate }
    public enum Risk: String, Sendable, Hashable, Codable, Comparable {
        case none, low, medium, high
        public var rank: Int { [.none: 0, .low: 1, .medium: 2, .high: 3][self]! }
        public static func < (a: Risk, b: Risk) -> Bool { a.rank < b.rank }
    }

    public struct Cost: Sendable, Hashable, Codable {
        /// Minutes of customer effort.
        public var minutes: Int
        public var reboot: Bool
        public var admin: Bool
        public var risk: Risk
        public init(minutes: Int, reboot: Bool, admin: Bool, risk: Risk) {
            self.minutes = minutes
            self.reboot = reboot
            self.admin = admin
            self.risk = risk
        }
    }

    /// One numbered step: prose, and optionally the exact commands to type.
    public struct Step: Sendable, Hashable, Codable {
        public var text: String
        public var commands: [String]
        public init(text: String, commands: [String]) {
            self.text = text
            self.commands = commands
        }
    }

    /// What performing the procedure produces, so the engine knows which unknowns it resolves.
    public struct Yields: Sendable, Hashable, Codable {
        public var logs: [LogKind]
        public var factKinds: [String]
        public var observations: [String]
        public init(logs: [LogKind] = [], factKinds: [String] = [], observations: [String] = []) {
            self.logs = logs
            self.factKinds = factKinds
            self.observations = observations
        }
    }

    /// A possible result, expressed as an observation value, with what it would mean.
    public struct Outcome: Sendable, Hashable, Codable {
        public var observation: String
        public var value: String
        public var meaning: LocalizedText
        public init(observation: String, value: String, meaning: LocalizedText) {
            self.observation = observation
            self.value = value
            self.meaning = meaning
        }
    }

    public struct ToolRequirement: Sendable, Hashable, Codable {
        public var tool: String
        public var minVersion: String?
        public init(tool: String, minVersion: String?) {
            self.tool = tool
            self.minVersion = minVersion
        }
    }

    public var id: String
    public var kind: Kind
    public var title: LocalizedText
    public var purpose: LocalizedText
    public var cost: Cost
    public var steps: [Language: [Step]]
    public var yields: Yields
    public var outcomes: [Outcome]
    public var tools: [ToolRequirement]
    /// Procedures whose work this one already does (the offline install clears the download cache first):
    /// once this one is done, they count as done too.
    public var includes: [String] = []
    public var location: SourceLocation

    public init(
        id: String, kind: Kind, title: LocalizedText, purpose: LocalizedText, cost: Cost,
        steps: [Language: [Step]], yields: Yields, outcomes: [Outcome], tools: [ToolRequirement],
        location: SourceLocation
    ) {
        self.id = id
        self.kind = kind
        self.title = title
        self.purpose = purpose
        self.cost = cost
        self.steps = steps
        self.yields = yields
        self.outcomes = outcomes
        self.tools = tools
        self.location = location
    }

    /// Steps in a language, falling back to English.
    public func steps(in language: Language) -> [Step] { steps[language] ?? steps[.en] ?? [] }
}

/// What a status code means for the diagnosis, declared by the catalog (`role=`).
public enum CodeRole: String, Sendable, Hashable, Codable, CaseIterable {
    /// A failure that points to causes (`<points>`) or at least shows that a failure was captured (`<against>`).
    case failure
    /// A failure that usually clears on a retry or a restart (busy service, lock timeout, a changed download).
    case transient
    /// Logged while things work as designed (nothing to do, data not cached yet); never counts as a failure.
    case informational
    /// A success code (reboot required, already installed); never counts as a failure.
    case success

    /// Success and informational codes must never be read as a failure.
    public var isHarmless: Bool { self == .success || self == .informational }
}

/// Where a code was logged, as the catalog names it. Fact contexts map onto these (`search` → scan,
/// `startup`/`shutdown` → boot, `commit` → install).
public enum CodeContext: String, Sendable, Hashable, Codable, CaseIterable, Comparable {
    case scan, download, install, staging, boot, repair

    public static func < (a: CodeContext, b: CodeContext) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }
}

/// A hypothesis a failure code points to (`<points>`) or away from (`<against>`), in some contexts.
public struct CodePointer: Sendable, Hashable, Codable {
    public var hypothesis: String
    public var contexts: [CodeContext]
    /// False for `<against>`: the code argues against the hypothesis (a captured failure against
    /// `no-failure-captured`).
    public var supports: Bool
    public var location: SourceLocation

    public init(hypothesis: String, contexts: [CodeContext], supports: Bool = true, location: SourceLocation) {
        self.hypothesis = hypothesis
        self.contexts = contexts
        self.supports = supports
        self.location = location
    }
}

/// One row of the error-code catalog (`KnowledgeBase/error-codes/*.xml`).
public struct ErrorCodeEntry: Sendable, Hashable, Codable {
    public var code: HRESULT
    public var symbol: String
    public var component: String
    public var meaning: LocalizedText
    /// `category: action`, e.g. `offline-install: install the MSU from the Update Catalog`.
    public var hint: LocalizedText
    /// Nil only when the file gives none or an unknown one (the schema and the decoder report it).
    public var role: CodeRole?
    public var pointers: [CodePointer]
    public var location: SourceLocation

    public init(
        code: HRESULT, symbol: String, component: String, meaning: LocalizedText, hint: LocalizedText,
        role: CodeRole? = nil, pointers: [CodePointer] = [], location: SourceLocation
    ) {
        self.code = code
        self.symbol = symbol
        self.component = component
        self.meaning = meaning
        self.hint = hint
        self.role = role
        self.pointers = pointers
        self.location = location
    }
}

/// A log collector (or other tool) and its known versions; `current` marks the one to ask for.
public struct Tool: Sendable, Hashable, Codable {
    public struct Version: Sendable, Hashable, Codable {
        public var value: String
        public var current: Bool
        /// File names this version is shipped or recognised as (`CMGELogCollectorV2.exe`).
        public var files: [String]
        public init(value: String, current: Bool, files: [String]) {
            self.value = value
            self.current = current
            self.files = files
        }
    }

    public var id: String
    public var name: String
    public var versions: [Version]
    public var location: SourceLocation

    public init(id: String, name: String, versions: [Version], location: SourceLocation) {
        self.id = id
        self.name = name
        self.versions = versions
        self.location = location
    }

    public var currentVersion: Version? { versions.first(where: \.current) }
}

/// Declares a fact kind, its attributes, and which log kinds can produce it (for three-valued logic:
/// a condition on a fact is unknown when none of those logs was collected).
public struct FactKindSpec: Sendable, Hashable, Codable {
    public var id: String
    public var attributes: [String]
    /// Attributes with a closed vocabulary (`values="…"`): the only values extractors write.
    public var closedValues: [String: [String]]
    /// Attributes that name one occurrence, not what happened (`instance="true"`: an attempt's id, its start
    /// and end times, a process id): past the per-file cap, facts equal in every other attribute are counted
    /// on one fact (attribute `repeats`) instead of stored. Rules may test only whether they exist.
    public var instanceAttributes: Set<String>
    public var producedBy: [LogKind]
    public var location: SourceLocation

    public init(
        id: String, attributes: [String], closedValues: [String: [String]] = [:],
        instanceAttributes: Set<String> = [], producedBy: [LogKind], location: SourceLocation
    ) {
        self.id = id
        self.attributes = attributes
        self.closedValues = closedValues
        self.instanceAttributes = instanceAttributes
        self.producedBy = producedBy
        self.location = location
    }
}

/// Declares an engineer observation (`--fact rollback-at-reboot=true`) and its allowed values.
public struct ObservationSpec: Sendable, Hashable, Codable {
    public var name: String
    public var values: [String]
    /// The value most machines show when nothing this observation tests is wrong (`rollback-at-reboot`
    /// false, `wsus-reachable` true); nil when no value is usual. The planner's base rate for outcomes.
    public var usual: String?
    public var title: LocalizedText
    public var location: SourceLocation

    public init(name: String, values: [String], usual: String? = nil, title: LocalizedText, location: SourceLocation) {
        self.name = name
        self.values = values
        self.usual = usual
        self.title = title
        self.location = location
    }
}

/// A declarative line signature: literals to find on one line of a log kind, tokens to capture,
/// producing a `signature` fact `{id, …captures}`. All signatures of a log kind compile into one matcher.
public struct LineSignature: Sendable, Hashable, Codable {
    /// How a capture ends.
    public enum TokenShape: String, Sendable, Hashable, Codable {
        /// Up to the next space (or line end).
        case word
        /// A hex number `0x…` or eight hex digits, normalised to `0x` + 8 lower-case digits.
        case hresult
        /// `KB` followed by digits, normalised to `KB1234567`.
        case kb
        /// Up to the literal given in `until` (or line end when absent).
        case until
        /// The rest of the line, trimmed.
        case rest
    }

    public struct Capture: Sendable, Hashable, Codable {
        public var name: String
        /// Literal after which the token starts.
        public var after: String
        public var shape: TokenShape
        public var until: String?
        public init(name: String, after: String, shape: TokenShape, until: String?) {
            self.name = name
            self.after = after
            self.shape = shape
            self.until = until
        }
    }

    public var id: String
    public var log: LogKind
    /// Literals that must all occur on the line, in this order. The first is the matcher's anchor.
    public var literals: [String]
    /// Optional level (`Error`, `Warning`, `Info`) the line must carry.
    public var level: String?
    /// Optional component / source column (`CBS`, `CSI`, `Agent`, …).
    public var component: String?
    public var captures: [Capture]
    public var title: LocalizedText
    /// Shown by `triage evidence` for the engineer; no rule is expected to read it (`evidenceOnly="true"`).
    /// Any other signature that no rule reads is a lint warning.
    public var evidenceOnly = false
    public var location: SourceLocation

    public init(
        id: String, log: LogKind, literals: [String], level: String?, component: String?,
        captures: [Capture], title: LocalizedText, location: SourceLocation
    ) {
        self.id = id
        self.log = log
        self.literals = literals
        self.level = level
        self.component = component
        self.captures = captures
        self.title = title
        self.location = location
    }
}
