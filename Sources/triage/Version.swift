import Foundation
import TriageCore
import TriageEngine
import TriageKnowledge

/// `triage --version` and the `version` object of JSON reports: the tool's version and the knowledge base's
/// (a digest of the files loaded from the default folders, or from `--rules`/`--knowledge` in JSON output).
enum ToolVersion {
    static let tool = "0.14.0"

    /// The `--version` line: `triage 0.14.0, knowledge kb-… (212 files)`.
    static var line: String { "triage \(tool), knowledge \(shipped.label) (\(shipped.files) files)" }

    /// The version the command configuration declares: the `--version` line when the command line holds
    /// `--version` (or `--version=…`, which ArgumentParser takes for it too), else the tool's version alone, which is never printed (only `--version` prints it) but
    /// keeps `--version` in the help. The knowledge digest reads every knowledge file: made for the
    /// configuration, it held up every start (3–5 ms on one thread before anything else).
    static var declared: String {
        CommandLine.arguments.contains { $0 == "--version" || $0.hasPrefix("--version=") } ? line : "triage \(tool)"
    }

    /// Starts digesting the default folders on another thread, for a report that names the knowledge's version
    /// (``json(_:)``): the digest then overlaps the knowledge load instead of following it.
    static func prepare(for options: KnowledgeOptions) {
        guard readsDefaultFolders(options) else { return }
        DispatchQueue.global(qos: .userInitiated).async { _ = shipped }
    }

    private static func readsDefaultFolders(_ options: KnowledgeOptions) -> Bool {
        options.rulesDirectory == KnowledgeOptions.locate("Rules")
            && options.knowledgeDirectory == KnowledgeOptions.locate("KnowledgeBase")
    }

    /// The version of the knowledge in the default folders, digested once per run (a report made with those
    /// folders names it; ``prepare()`` starts it early).
    private static let shipped = version(
        rulesDirectory: KnowledgeOptions.locate("Rules"), knowledgeDirectory: KnowledgeOptions.locate("KnowledgeBase"))

    private static func version(rulesDirectory: String, knowledgeDirectory: String) -> KnowledgeVersion {
        KnowledgeVersion(rulesDirectory: rulesDirectory, knowledgeDirectory: knowledgeDirectory)
    }

    /// `triage 0.14.0, knowledge kb-… (212 files)` from a report's `version` object.
    static func line(_ version: JSONValue) -> String {
        guard case .object(let fields) = version, case .string(let tool)? = fields["tool"],
            case .string(let kb)? = fields["knowledge"], case .int(let files)? = fields["knowledgeFiles"]
        else { return "" }
        return "triage \(tool), knowledge \(kb) (\(files) files)"
    }

    static func json(_ options: KnowledgeOptions) -> JSONValue {
        let kb =
            readsDefaultFolders(options)
            ? shipped : version(rulesDirectory: options.rulesDirectory, knowledgeDirectory: options.knowledgeDirectory)
        return .object(["tool": .string(tool), "knowledge": .string(kb.label), "knowledgeFiles": .int(kb.files)])
    }

    /// A JSON report with its `version` object (``json(_:)``) added.
    static func stamped(_ value: JSONValue, version: JSONValue) -> String {
        guard case .object(var fields) = value else { return value.rendered() }
        fields["version"] = version
        return JSONValue.object(fields).rendered()
    }
}
