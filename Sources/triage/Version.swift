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

    /// The version of the knowledge in the default folders, digested once per run: the `--version` line is
    /// made at every start, and a report made with those folders names the same version.
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
        let (rules, knowledge) = (options.rulesDirectory, options.knowledgeDirectory)
        let kb =
            rules == KnowledgeOptions.locate("Rules") && knowledge == KnowledgeOptions.locate("KnowledgeBase")
            ? shipped : version(rulesDirectory: rules, knowledgeDirectory: knowledge)
        return .object(["tool": .string(tool), "knowledge": .string(kb.label), "knowledgeFiles": .int(kb.files)])
    }

    /// A JSON report with its `version` object (``json(_:)``) added.
    static func stamped(_ value: JSONValue, version: JSONValue) -> String {
        guard case .object(var fields) = value else { return value.rendered() }
        fields["version"] = version
        return JSONValue.object(fields).rendered()
    }
}
