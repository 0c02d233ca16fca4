import Foundation
import TriageCore
import TriageEngine
import TriageKnowledge

/// `triage --version` and the `version` object of JSON reports: the tool's version and the knowledge base's
/// (a digest of the files loaded from the default folders, or from `--rules`/`--knowledge` in JSON output).
enum ToolVersion {
    static let tool = "0.14.0"

    /// The `--version` line: `triage 0.14.0, knowledge kb-… (212 files)`.
    static var line: String {
        let kb = KnowledgeVersion(
            rulesDirectory: KnowledgeOptions.locate("Rules"),
            knowledgeDirectory: KnowledgeOptions.locate("KnowledgeBase"))
        return "triage \(tool), knowledge \(kb.label) (\(kb.files) files)"
    }

    /// `triage 0.14.0, knowledge kb-… (212 files)` from a report's `version` object.
    static func line(_ version: JSONValue) -> String {
        guard case .object(let fields) = version, case .string(let tool)? = fields["tool"],
            case .string(let kb)? = fields["knowledge"], case .int(let files)? = fields["knowledgeFiles"]
        else { return "" }
        return "triage \(tool), knowledge \(kb) (\(files) files)"
    }

    static func json(_ options: KnowledgeOptions) -> JSONValue {
        let kb = KnowledgeVersion(
            rulesDirectory: options.rulesDirectory, knowledgeDirectory: options.knowledgeDirectory)
        return .object(["tool": .string(tool), "knowledge": .string(kb.label), "knowledgeFiles": .int(kb.files)])
    }

    /// A JSON report with its `version` object (``json(_:)``) added.
    static func stamped(_ value: JSONValue, version: JSONValue) -> String {
        guard case .object(var fields) = value else { return value.rendered() }
        fields["version"] = version
        return JSONValue.object(fields).rendered()
    }
}
