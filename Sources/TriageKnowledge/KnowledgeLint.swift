import TriageCore

/// `triage rules lint`: load the knowledge base plus the given paths, keep the diagnostics of those paths.
public struct LintReport: Sendable {
    public var diagnostics: [Diagnostic]
    /// Files checked (display paths), sorted.
    public var files: [String]

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
    public static func run(paths: [String], rulesDirectory: String, knowledgeDirectory: String,
                           schemaFallbackDirectories: [String] = []) -> LintReport {
        let (schemas, schemaDiagnostics) = KnowledgeSchemas.load(rulesDirectory: rulesDirectory,
                                                                knowledgeDirectory: knowledgeDirectory,
                                                                fallbackDirectories: schemaFallbackDirectories)
        return run(paths: paths, rulesDirectory: rulesDirectory, knowledgeDirectory: knowledgeDirectory,
                   schemas: schemas, schemaDiagnostics: schemaDiagnostics)
    }

    /// As above, with schemas compiled beforehand (tests lint fixtures with the repository's schemas).
    public static func run(paths: [String], rulesDirectory: String, knowledgeDirectory: String,
                           schemas: KnowledgeSchemas, schemaDiagnostics: [Diagnostic] = []) -> LintReport {
        let targets = paths.isEmpty ? [rulesDirectory, knowledgeDirectory] : paths
        let result = KnowledgeLoader.load(paths: [rulesDirectory, knowledgeDirectory] + targets,
                                          rulesDirectory: rulesDirectory, schemas: schemas)
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
        return LintReport(diagnostics: (schemaDiagnostics + kept).sorted(by: Diagnostic.stableOrder),
                          files: files.sorted())
    }
}
