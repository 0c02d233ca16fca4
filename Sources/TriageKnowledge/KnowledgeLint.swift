import TriageCore

/// `triage rules lint`: load the knowledge base plus the given paths, keep the diagnostics of those paths.
public struct LintReport: Sendable {
    public var diagnostics: [Diagnostic]
    /// Files checked (display paths), sorted.
    public var files: [String]
    /// The error-code catalog by role, as loaded with the checked files.
    public var catalog: CatalogSummary = CatalogSummary(KnowledgeBase())

    public var errorCount: Int { diagnostics.count { $0.severity == .error } }
    public var warningCount: Int { diagnostics.count { $0.severity == .warning } }
    /// 0 when there is no error (warnings allowed), 65 otherwise.
    public var exitCode: Int32 { errorCount > 0 ? 65 : 0 }

    /// The report as text (compiler style with carets) or JSON.
    public func rendered(_ format: ReportFormat, relativeTo: String? = nil) -> String {
        var renderer = DiagnosticRenderer(relativeTo: relativeTo)
        switch format {
        case .text: return renderer.text(diagnostics, files: files.count)
        case .json: return renderer.json(diagnostics, files: files.count)
        }
    }
}

public enum KnowledgeLint {
    /// Lints `paths` (files or folders; empty = both folders) in the context of the whole knowledge base,
    /// so references into it resolve. Only diagnostics of files under `paths` are kept, plus schema problems.
    /// `logKinds` are the registered log kinds (`LogFormats.kinds`): any other name is an `unknown-log-kind` error.
    public static func run(
        paths: [String], rulesDirectory: String, knowledgeDirectory: String,
        schemaFallbackDirectories: [String] = [], logKinds: Set<LogKind>
    ) -> LintReport {
        let (schemas, schemaDiagnostics) = KnowledgeSchemas.load(
            rulesDirectory: rulesDirectory,
            knowledgeDirectory: knowledgeDirectory,
            fallbackDirectories: schemaFallbackDirectories)
        return run(
            paths: paths, rulesDirectory: rulesDirectory, knowledgeDirectory: knowledgeDirectory,
            schemas: schemas, schemaDiagnostics: schemaDiagnostics, logKinds: logKinds)
    }

    /// As above, with schemas compiled beforehand (tests lint fixtures with the repository's schemas).
    public static func run(
        paths: [String], rulesDirectory: String, knowledgeDirectory: String,
        schemas: KnowledgeSchemas, schemaDiagnostics: [Diagnostic] = [], logKinds: Set<LogKind>
    ) -> LintReport {
        let targets = paths.isEmpty ? [rulesDirectory, knowledgeDirectory] : paths
        let result = KnowledgeLoader.load(
            paths: [rulesDirectory, knowledgeDirectory] + targets,
            rulesDirectory: rulesDirectory, schemas: schemas, logKinds: logKinds)
        var checked = Set<String>()
        var files: [String] = []
        for path in targets {
            for file in PathTools.xmlFiles(under: path) where checked.insert(PathTools.canonical(file)).inserted {
                files.append(file)
            }
        }
        var canonical: [String: String] = [:]
        let kept = result.diagnostics.filter { diagnostic in
            let file = diagnostic.location.file
            if canonical[file] == nil { canonical[file] = PathTools.canonical(file) }
            return checked.contains(canonical[file]!)
        }
        return LintReport(
            diagnostics: (schemaDiagnostics + kept).sorted(by: Diagnostic.stableOrder),
            files: files.sorted(), catalog: CatalogSummary(result.knowledgeBase))
    }
}

/// How many catalog codes have each role, and how many failure codes a rule with a citing example covers.
public struct CatalogSummary: Sendable, Hashable {
    public var codes: Int
    public var byRole: [CodeRole: Int]
    public var withoutRole: Int
    /// Failure codes tested by a rule whose `<fires>` example cites a line with the code.
    public var coveredFailures: Int

    public init(_ kb: KnowledgeBase) {
        codes = kb.errorCodes.count
        var byRole: [CodeRole: Int] = [:]
        for entry in kb.errorCodes { if let role = entry.role { byRole[role, default: 0] += 1 } }
        self.byRole = byRole
        withoutRole = kb.errorCodes.count { $0.role == nil }
        coveredFailures = kb.errorCodes.count { entry in
            entry.role == .failure
                && kb.rules.contains {
                    CodeLookup.mentions($0.condition, entry.code) && CatalogChecks.citesCode($0, entry.code)
                }
        }
    }

    /// `catalog: 186 codes, every one with a role: 141 failure (141 reasoned about by rules), 21 transient, …`
    public var text: String {
        let roles = CodeRole.allCases.map { role in
            "\(byRole[role] ?? 0) \(role.rawValue)"
                + (role == .failure ? " (\(coveredFailures) reasoned about by rules with a firing example)" : "")
        }.joined(separator: ", ")
        let head = withoutRole == 0 ? "every one with a role" : "\(withoutRole) without a role"
        return "catalog: \(codes) codes, \(head): \(roles)\n"
    }
}
