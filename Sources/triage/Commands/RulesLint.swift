import ArgumentParser
import Foundation
import TriageEvidence
import TriageKnowledge

/// `triage rules lint [PATH…]`: schema and semantic checks, compiler-style (or JSON).
struct RulesLint: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lint",
        abstract: "Validate rule and knowledge files (schema, references, examples, conditions).",
        discussion: "Exit status: 0 clean (warnings allowed), 65 errors found, 64 usage error, 66 path not found.")

    @OptionGroup var knowledgeOptions: KnowledgeOptions

    @Option(name: .long, help: ArgumentHelp("Output format: text or json.", valueName: "format"))
    var format: String = "text"

    @Argument(
        help: ArgumentHelp("Files or folders to lint (default: the rules and knowledge folders).", valueName: "path"))
    var paths: [String] = []

    func validate() throws { _ = try parseReportFormat(format) }

    func run() throws {
        try knowledgeOptions.checkFoldersExist()
        for path in paths where !FileManager.default.fileExists(atPath: path) {
            FileHandle.standardError.write(Data("error: no such file or folder: \(path)\n".utf8))
            throw ExitStatus.noInput
        }
        let report = KnowledgeLint.run(
            paths: paths, rulesDirectory: knowledgeOptions.rulesDirectory,
            knowledgeDirectory: knowledgeOptions.knowledgeDirectory,
            schemaFallbackDirectories: shippedSchemaDirectories, logKinds: LogFormats.kinds)
        let rendered = report.rendered(
            try parseReportFormat(format) == .json ? .json : .text,
            relativeTo: FileManager.default.currentDirectoryPath)
        try StandardOutput.write(rendered, as: try parseReportFormat(format) == .json ? .json : .text)
        if try parseReportFormat(format) == .text, paths.isEmpty, report.catalog.codes > 0 {
            try StandardOutput.write(report.catalog.text)
        }
        if report.exitCode != 0 { throw ExitStatus.dataError }
    }
}
