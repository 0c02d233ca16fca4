import ArgumentParser
import Foundation
import TriageCore
import TriageEvidence
import TriageKnowledge

/// `triage code CODE…`: meaning, component, hint and related hypotheses of status codes.
struct CodeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "code",
        abstract: "Explain Windows status codes (0x800f0821, 800F0821, [800F0821], 2148468769, -2146498527).")

    @OptionGroup var knowledgeOptions: KnowledgeOptions

    @Option(name: .long, help: ArgumentHelp("Language of meanings and hints: en or zh-CN.", valueName: "lang"))
    var lang: String = "en"

    @Option(name: .long, help: ArgumentHelp("Output format: text or json.", valueName: "format"))
    var format: String = "text"

    /// Unrecognised arguments are codes too, so a negative decimal (`-2146498527`) needs no `--` before it.
    @Argument(parsing: .allUnrecognized, help: ArgumentHelp("Codes in any form.", valueName: "code"))
    var codes: [String]

    func validate() throws {
        _ = try parseReportFormat(format)
        guard Language(rawValue: lang) != nil else {
            throw ValidationError("--lang must be en or zh-CN, not '\(lang)'")
        }
        if codes.isEmpty { throw ValidationError("give at least one code") }

    }

    func run() throws {
        try knowledgeOptions.checkFoldersExist()
        let language = Language(rawValue: lang) ?? .en
        let kb = KnowledgeLoader.load(
            rulesDirectory: knowledgeOptions.rulesDirectory,
            knowledgeDirectory: knowledgeOptions.knowledgeDirectory,
            schemaFallbackDirectories: shippedSchemaDirectories, logKinds: LogFormats.kinds
        ).knowledgeBase
        var descriptions: [CodeDescription] = []
        for code in codes {
            guard let description = CodeLookup.describe(code, in: kb, language: language) else {
                // Symbols need the catalog, so an unknown input is found here, not in validate().
                throw ValidationError(
                    "'\(code)' is not a status code or a catalog symbol (try 0x800f0821, 800F0821, "
                        + "2148468769, -2146498527, CBS_E_ABORT or 0x8007000D-0x2000C)")
            }
            descriptions.append(description)
        }
        let output =
            try parseReportFormat(format) == .json
            ? JSONOutput.encode(descriptions)
            : descriptions.map { CodeLookup.text($0, language: language, words: kb.uiText) }.joined(separator: "\n")
        try StandardOutput.write(output, as: try parseReportFormat(format) == .json ? .json : .text)
    }
}
