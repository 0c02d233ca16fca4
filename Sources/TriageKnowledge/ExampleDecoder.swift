import Foundation
import TriageCore
import TriageXML

extension DecodeContext {
    /// `<fires>` / `<silent>` with `<log>` snippets and `<observe>` observations.
    mutating func example(_ node: XMLNode) -> RuleExample? {
        guard let expectation = RuleExample.Expectation(rawValue: node.name) else { return nil }
        var logs: [RuleExample.Log] = []
        var observations: [String: String] = [:]
        for child in node.children {
            switch child.name {
            case "log" where child["encoding"] == "base64":
                let text = child.text.filter { !$0.isWhitespace }
                guard let data = Data(base64Encoded: text) else {
                    error(
                        "example-log", "example log '\(child["name"] ?? "")' is not valid base64", at: location(child))
                    continue
                }
                let cited = (child["cite"] ?? "").split(separator: " ").compactMap { Int($0) }
                logs.append(
                    RuleExample.Log(
                        name: child["name"] ?? "", content: "", citedLines: cited,
                        location: SourceLocation(file: file, line: child.contentLine, column: 1),
                        binary: [UInt8](data)))
            case "log":
                let snippet = Self.exampleLog(child.text)
                logs.append(
                    RuleExample.Log(
                        name: child["name"] ?? "", content: snippet.content,
                        citedLines: snippet.citedLines,
                        location: SourceLocation(
                            file: file, line: child.contentLine + snippet.skippedLines,
                            column: 1)))
            case "observe":
                observations[child["name"] ?? ""] = child["value"] ?? ""
            default: break
            }
        }
        var example = RuleExample(
            expectation: expectation, name: node["name"] ?? "", logs: logs,
            observations: observations, location: location(node))
        example.expectsUnknown = expectation == .silent && node["condition"] == "unknown"
        return example
    }

    /// Example log text: blank lines at both ends dropped, `>>` markers (plus one optional space) removed
    /// from line starts and their 1-based line numbers kept (a line starting with exactly `>>>` is a SetupAPI
    /// section line, not marked; `>>>>>` is one marked). `skippedLines` counts the leading lines dropped.
    static func exampleLog(_ text: String) -> (content: String, citedLines: [Int], skippedLines: Int) {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { line in
            line.hasSuffix("\r") ? line.dropLast() : line
        }
        let isBlank: (Substring) -> Bool = { $0.allSatisfy { $0 == " " || $0 == "\t" } }
        var skipped = 0
        while let first = lines.first, isBlank(first) {
            lines.removeFirst()
            skipped += 1
        }
        while let last = lines.last, isBlank(last) { lines.removeLast() }
        var cited: [Int] = []
        var output: [Substring] = []
        for (index, line) in lines.enumerated() {
            // SetupAPI's text log starts its section lines with `>>>` itself: three `>` are that, five a
            // marked one.
            let arrows = line.prefix { $0 == ">" }.count
            if line.hasPrefix(RuleExample.citeMarker), arrows != 3 {
                cited.append(index + 1)
                var rest = line.dropFirst(RuleExample.citeMarker.count)
                if rest.first == " " { rest = rest.dropFirst() }
                output.append(rest)
            } else {
                output.append(line)
            }
        }
        return (output.joined(separator: "\n"), cited, skipped)
    }
}
