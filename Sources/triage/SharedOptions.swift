import ArgumentParser
import Foundation
import TriageCore
import TriageEngine
import TriageEvidence
import TriageKnowledge

/// `--fact NAME=VALUE` observations and `--lang`, shared by analyze, explain and next.
struct ObservationOptions: ParsableArguments {
    @Option(
        name: .customLong("fact"),
        help: ArgumentHelp(
            "An engineer observation, e.g. rollback-at-reboot=true (repeatable).",
            valueName: "name=value"))
    var facts: [String] = []

    /// Parses and checks the observations against `KnowledgeBase/observations.xml`.
    func observations(in knowledge: KnowledgeBase) throws -> [String: String] {
        var result: [String: String] = [:]
        for fact in facts {
            guard let equals = fact.firstIndex(of: "=") else {
                throw ValidationError("--fact '\(fact)' must have the form name=value")
            }
            let name = String(fact[..<equals]).trimmingCharacters(in: .whitespaces)
            let value = String(fact[fact.index(after: equals)...]).trimmingCharacters(in: .whitespaces)
            if let problem = TriagePipeline(knowledge: knowledge).observationProblem(name: name, value: value) {
                throw ValidationError(problem)
            }
            result[name] = value
        }
        return result
    }
}

extension Language: ExpressibleByArgument {}

/// The command line's side of ``TriagePipeline``: knowledge errors end the run with 65, a missing or unreadable
/// input with 66.
enum Pipeline {
    static func load(_ options: KnowledgeOptions) throws -> TriagePipeline {
        try options.checkFoldersExist()
        let result = TriagePipeline.loadKnowledge(
            rulesDirectory: options.rulesDirectory,
            knowledgeDirectory: options.knowledgeDirectory)
        guard let pipeline = TriagePipeline(loading: result) else {
            let errors = result.diagnostics.filter { $0.severity == .error }
            var renderer = DiagnosticRenderer()
            Console.error(errors.map { renderer.render($0) }.joined(separator: "\n"))
            Console.error("triage: the knowledge base has \(errors.count) error(s); run `triage rules lint`")
            throw ExitStatus.dataError
        }
        return pipeline
    }

    static func loadKnowledge(_ options: KnowledgeOptions) throws -> KnowledgeBase { try load(options).knowledge }

    static func readEvidence(_ paths: [String], with pipeline: TriagePipeline) throws -> EvidenceSet {
        if paths.contains(PastedInput.path) {
            return pipeline.read(bytes: try PastedInput.read(alone: paths), name: PastedInput.name)
        }
        for path in paths where !FileManager.default.fileExists(atPath: path) {
            Console.error("triage: no such file or folder: \(path)")
            throw ExitStatus.noInput
        }
        do {
            return try pipeline.read(paths: paths)
        } catch {
            Console.error("triage: \(error)")
            throw ExitStatus.noInput
        }
    }
}

/// Writing to standard output and standard error without touching C globals.
enum Console {
    static func error(_ text: String) {
        FileHandle.standardError.write(Data((text.hasSuffix("\n") ? text : text + "\n").utf8))
    }

    /// Columns of the text report: `$COLUMNS` when set, else the terminal's width, else 80.
    static var width: Int {
        if let columns = ProcessInfo.processInfo.environment["COLUMNS"], let n = Int(columns), n > 0 { return n }
        var size = winsize()
        if isatty(STDOUT_FILENO) == 1, ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 {
            return Int(size.ws_col)
        }
        return 80
    }

    /// Colour only on a terminal, and never when NO_COLOR is set (https://no-color.org).
    static var wantsColor: Bool {
        let env = ProcessInfo.processInfo.environment
        if let noColor = env["NO_COLOR"], !noColor.isEmpty { return false }
        return isatty(STDOUT_FILENO) == 1 && env["TERM"] != "dumb"
    }
}
