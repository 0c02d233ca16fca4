import Foundation
import TriageCore
import TriageXML

/// Everything loaded, and every problem found (syntax, schema and semantic), in a deterministic order.
public struct KnowledgeLoadResult: Sendable {
    public var knowledgeBase: KnowledgeBase
    public var diagnostics: [Diagnostic]
    /// Display paths of the files read, sorted.
    public var files: [String]

    public init(knowledgeBase: KnowledgeBase, diagnostics: [Diagnostic], files: [String] = []) {
        self.knowledgeBase = knowledgeBase
        self.diagnostics = diagnostics
        self.files = files
    }

    public var errorCount: Int { diagnostics.count { $0.severity == .error } }
    public var warningCount: Int { diagnostics.count { $0.severity == .warning } }
    public var hasErrors: Bool { errorCount > 0 }
}

/// Loads `Rules/` and `KnowledgeBase/`: parse (libxml2, safely), validate (XSD), decode into the TriageCore
/// model, then check the whole (`KnowledgeLinter`). Never throws for bad data: everything is a diagnostic.
public enum KnowledgeLoader {
    /// Loads every `.xml` file under both folders, with the schemas that ship in them.
    ///
    /// `logKinds` are the registered log kinds (`LogFormats.kinds` of TriageEvidence): a log kind name outside
    /// them (`in=`, `from=`, `log=`, `kind=`) is an error. nil accepts any name (tests of the loader alone).
    public static func load(
        rulesDirectory: String, knowledgeDirectory: String, logKinds: Set<LogKind>? = nil
    ) -> KnowledgeLoadResult {
        load(
            rulesDirectory: rulesDirectory, knowledgeDirectory: knowledgeDirectory, schemaFallbackDirectories: [],
            logKinds: logKinds)
    }

    /// As above; schemas missing from the two folders are looked for in `schemaFallbackDirectories`.
    public static func load(
        rulesDirectory: String, knowledgeDirectory: String,
        schemaFallbackDirectories: [String], logKinds: Set<LogKind>? = nil
    ) -> KnowledgeLoadResult {
        let (schemas, schemaDiagnostics) = KnowledgeSchemas.load(
            rulesDirectory: rulesDirectory,
            knowledgeDirectory: knowledgeDirectory,
            fallbackDirectories: schemaFallbackDirectories)
        var result = load(
            rulesDirectory: rulesDirectory, knowledgeDirectory: knowledgeDirectory, schemas: schemas,
            logKinds: logKinds)
        result.diagnostics = (schemaDiagnostics + result.diagnostics).sorted(by: Diagnostic.stableOrder)
        return result
    }

    /// Loads every `.xml` file under both folders with schemas compiled beforehand.
    public static func load(
        rulesDirectory: String, knowledgeDirectory: String,
        schemas: KnowledgeSchemas, logKinds: Set<LogKind>? = nil
    ) -> KnowledgeLoadResult {
        load(
            paths: [rulesDirectory, knowledgeDirectory], rulesDirectory: rulesDirectory, schemas: schemas,
            logKinds: logKinds)
    }

    /// Loads the `.xml` files under `paths` (files or folders; a file reached twice is read once). A rule's
    /// id is checked against its path under `rulesDirectory`, or else under the nearest folder named `Rules`.
    public static func load(
        paths: [String], rulesDirectory: String, schemas: KnowledgeSchemas, logKinds: Set<LogKind>? = nil
    ) -> KnowledgeLoadResult {
        var seen = Set<String>()
        var files: [String] = []
        for path in paths {
            for file in PathTools.xmlFiles(under: path) where seen.insert(PathTools.canonical(file)).inserted {
                files.append(file)
            }
        }
        files.sort()
        let rulesRoot = PathTools.canonical(rulesDirectory)
        let policy = XMLSourcePolicy(roots: paths)
        let contributions = Parallel.map(count: files.count) { index in
            loadFile(files[index], rulesRoot: rulesRoot, schemas: schemas, policy: policy, logKinds: logKinds)
        }
        var knowledgeBase = KnowledgeBase()
        var diagnostics: [Diagnostic] = []
        for contribution in contributions {
            contribution.merge(into: &knowledgeBase)
            diagnostics += contribution.diagnostics
        }
        diagnostics += KnowledgeLinter.check(knowledgeBase)
        return KnowledgeLoadResult(
            knowledgeBase: knowledgeBase, diagnostics: diagnostics.sorted(by: Diagnostic.stableOrder),
            files: files)
    }

    /// Parses, validates, decodes and lints one knowledge file held in memory (the fuzz harness of the
    /// loader; also what an editor integration would call).
    public static func load(
        bytes: [UInt8], file: String, schemas: KnowledgeSchemas, logKinds: Set<LogKind>? = nil
    ) -> KnowledgeLoadResult {
        let read = XMLReader.parse(
            bytes, file: file,
            schema: { root in
                KnowledgeFormat(rootElement: root).flatMap { schemas.schema(for: $0) }
            })
        let contribution = decode(read, file: file, rulesRoot: "", logKinds: logKinds)
        var knowledgeBase = KnowledgeBase()
        contribution.merge(into: &knowledgeBase)
        let diagnostics = contribution.diagnostics + KnowledgeLinter.check(knowledgeBase)
        return KnowledgeLoadResult(
            knowledgeBase: knowledgeBase, diagnostics: diagnostics.sorted(by: Diagnostic.stableOrder),
            files: [file])
    }

    /// Reads, validates and decodes one file.
    static func loadFile(
        _ file: String, rulesRoot: String, schemas: KnowledgeSchemas,
        policy: XMLSourcePolicy, logKinds: Set<LogKind>?
    ) -> FileContribution {
        let read = XMLReader.read(
            path: file, policy: policy,
            schema: { root in
                KnowledgeFormat(rootElement: root).flatMap { schemas.schema(for: $0) }
            })
        return decode(read, file: file, rulesRoot: rulesRoot, logKinds: logKinds)
    }

    static func decode(
        _ read: XMLReadResult, file: String, rulesRoot: String, logKinds: Set<LogKind>?
    ) -> FileContribution {
        var contribution = FileContribution(diagnostics: read.diagnostics)
        guard let document = read.document else { return contribution }
        guard let format = KnowledgeFormat(rootElement: document.root.name) else {
            contribution.diagnostics.append(
                Diagnostic(
                    .error, KnowledgeDiagnosticID.unknownFormat,
                    "unknown root element <\(document.root.name)>; expected one of "
                        + KnowledgeFormat.allCases.map { "<\($0.rootElement)>" }.joined(separator: ", "),
                    at: document.location(of: document.root)))
            return contribution
        }
        var context = DecodeContext(document: document, logKinds: logKinds)
        let root = document.root
        switch format {
        case .rule: contribution.rules = [context.rule(root, expectedID: expectedRuleID(file, rulesRoot: rulesRoot))]
        case .hypothesis: contribution.hypotheses = [context.hypothesis(root, fileName: PathTools.baseName(file))]
        case .procedure: contribution.procedures = [context.procedure(root, fileName: PathTools.baseName(file))]
        case .errorCodes: contribution.errorCodes = context.errorCodes(root)
        case .signatures: contribution.signatures = context.signatures(root)
        case .factKinds: contribution.factKinds = context.factKinds(root)
        case .observations: contribution.observations = context.observations(root)
        case .tools: contribution.tools = context.tools(root)
        case .uiText: contribution.uiText = context.uiText(root)
        case .procmonResults: contribution.procmonResults = context.procmonResults(root)
        }
        contribution.diagnostics += context.diagnostics
        return contribution
    }

    /// `Rules/cbs/abort.xml` → `cbs/abort`.
    static func expectedRuleID(_ file: String, rulesRoot: String) -> String {
        let canonical = PathTools.canonical(file)
        let relative: [String]
        if canonical.hasPrefix(rulesRoot + "/") {
            relative = PathTools.components(String(canonical.dropFirst(rulesRoot.count + 1)))
        } else {
            let parts = PathTools.components(canonical)
            if let rules = parts.lastIndex(of: "Rules") {
                relative = Array(parts[(rules + 1)...])
            } else {
                relative = Array(parts.suffix(2))
            }
        }
        return (relative.dropLast() + [PathTools.baseName(relative.last ?? "")]).joined(separator: "/")
    }
}

/// What one file adds to the knowledge base.
struct FileContribution: Sendable {
    var diagnostics: [Diagnostic]
    var rules: [Rule] = []
    var hypotheses: [Hypothesis] = []
    var procedures: [Procedure] = []
    var errorCodes: [ErrorCodeEntry] = []
    var signatures: [LineSignature] = []
    var factKinds: [FactKindSpec] = []
    var observations: [ObservationSpec] = []
    var tools: [Tool] = []
    var uiText: [UIText.Entry] = []
    var procmonResults: [ProcmonResult] = []

    func merge(into kb: inout KnowledgeBase) {
        kb.rules += rules
        kb.hypotheses += hypotheses
        kb.procedures += procedures
        kb.errorCodes += errorCodes
        kb.signatures += signatures
        kb.factKinds += factKinds
        kb.observations += observations
        kb.tools += tools
        for entry in uiText { kb.uiText.add(entry) }
        kb.procmonResults += procmonResults
    }
}
