/// The file formats of `Rules/` and `KnowledgeBase/`, recognised by their root element.
public enum KnowledgeFormat: String, Sendable, Hashable, CaseIterable, Comparable {
    case rule
    case hypothesis
    case procedure
    case errorCodes
    case signatures
    case factKinds
    case observations
    case tools
    case uiText
    case procmonResults

    /// The root element name (`rule`, `errorCodes`, …): the raw value.
    public var rootElement: String { rawValue }

    /// File name of the schema: `rule.xsd` in the rules folder, the others in the knowledge folder.
    public var schemaFile: String {
        switch self {
        case .rule: "rule.xsd"
        case .hypothesis: "hypothesis.xsd"
        case .procedure: "procedure.xsd"
        case .errorCodes: "error-codes.xsd"
        case .signatures: "signatures.xsd"
        case .factKinds: "fact-kinds.xsd"
        case .observations: "observations.xsd"
        case .tools: "tools.xsd"
        case .uiText: "ui-text.xsd"
        case .procmonResults: "procmon-results.xsd"
        }
    }

    public var schemaInRulesDirectory: Bool { self == .rule }

    public init?(rootElement: String) { self.init(rawValue: rootElement) }

    public static func < (a: KnowledgeFormat, b: KnowledgeFormat) -> Bool { a.rawValue < b.rawValue }
}

/// Stable diagnostic ids (shown in brackets at the end of each message). Documented in docs/knowledge-authoring.md.
public enum KnowledgeDiagnosticID {
    public static let unknownFormat = "unknown-format"
    public static let schemaMissing = "schema-missing"
    public static let duplicateID = "duplicate-id"
    public static let idMismatch = "id-mismatch"
    public static let unknownHypothesis = "unknown-hypothesis"
    public static let unknownProcedure = "unknown-procedure"
    public static let unknownSignature = "unknown-signature"
    public static let unknownFactKind = "unknown-fact-kind"
    public static let unknownAttribute = "unknown-attribute"
    public static let unknownValue = "unknown-value"
    public static let instanceAttributeTest = "instance-attribute-test"
    public static let textPlaceholders = "text-placeholders"
    public static let commandsDiffer = "commands-differ"
    public static let unknownObservation = "unknown-observation"
    public static let unknownObservationValue = "unknown-observation-value"
    public static let establishesFromObservation = "establishes-from-observation"
    public static let unknownLogKind = "unknown-log-kind"
    public static let unknownTool = "unknown-tool"
    public static let attributeTest = "attr-test"
    public static let badValue = "bad-value"
    public static let codeFormat = "code-format"
    public static let missingExample = "missing-example"
    public static let unsatisfiable = "unsatisfiable"
    public static let degenerateCondition = "degenerate-condition"
    public static let neverProduced = "never-produced"
    public static let unusedHypothesis = "unused-hypothesis"
    public static let unusedProcedure = "unused-procedure"
    public static let unusedSignature = "unused-signature"
    public static let missingTranslation = "missing-translation"
    public static let missingEnglish = "missing-english"
    public static let codeRole = "code-role"
    public static let uncoveredCode = "uncovered-code"
    public static let harmlessCodeAsFailure = "harmless-code-as-failure"
    public static let causeTree = "cause-tree"
}
