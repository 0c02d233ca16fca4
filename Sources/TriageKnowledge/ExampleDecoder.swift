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
        // On the UTF-8 bytes: every byte the markers and line ends are made of is ASCII.
        let bytes = Array(text.utf8)
        var lines: [ArraySlice<UInt8>] = []
        var start = 0
        for (index, byte) in bytes.enumerated() where byte == 0x0A {
            lines.append(bytes[start..<index])
            start = index + 1
        }
        lines.append(bytes[start...])
        for k in lines.indices where lines[k].last == 0x0D { lines[k] = lines[k].dropLast() }
        let isBlank: (ArraySlice<UInt8>) -> Bool = { $0.allSatisfy { $0 == 0x20 || $0 == 0x09 } }
        var skipped = 0
        while let first = lines.first, isBlank(first) {
            lines.removeFirst()
            skipped += 1
        }
        while let last = lines.last, isBlank(last) { lines.removeLast() }
        let marker = Array(RuleExample.citeMarker.utf8)
        var cited: [Int] = []
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count)
        for (index, line) in lines.enumerated() {
            if index > 0 { output.append(0x0A) }
            // SetupAPI's text log starts its section lines with `>>>` itself: three `>` are that, five a
            // marked one.
            let arrows = line.prefix { $0 == UInt8(ascii: ">") }.count
            if line.starts(with: marker), arrows != 3 {
                cited.append(index + 1)
                var rest = line.dropFirst(marker.count)
                if rest.first == 0x20 { rest = rest.dropFirst() }
                output += rest
            } else {
                output += line
            }
        }
        return (String(decoding: output, as: UTF8.self), cited, skipped)
    }
}
